"""Writes to the member registry: the commission's own row, sectors, provisioning and membership."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_exists

from core.background import enqueue_on_commit

from . import events, signals
from .links import member_host
from .models import Domain, Member, Sector, schema_name_for_slug, slug_validator
from .pool import create_migrated_schema, migrate_schema, spare_hand_out, spare_take

logger = logging.getLogger(__name__)

#: Who acts on the registry: a platform administrator (the request's user) or None for the system.
#: The registry sits below the accounts app, so it names Django's user types, not ours.
RegistryActor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"

#: Registry fields a platform administrator may edit after provisioning.
EDITABLE_FIELDS = (
    "legal_name",
    "sector",
    "registration_number",
    "street",
    "postal_code",
    "city",
    "country",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)


def commission_ensure(*, name: str | None = None) -> Member:
    """The commission's own row (schema ``public``) and the base domain. Idempotent."""
    commission, _created = Member.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={
            "kind": Member.Kind.COMMISSION,
            "legal_name": name or settings.COMMISSION_NAME,
            "slug": "commission",
            "schema_status": Member.SchemaStatus.READY,
        },
    )
    Domain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN.lower(), defaults={"tenant": commission, "is_primary": True}
    )
    return commission


def sector_ensure(*, code: str, name_nl: str, name_en: str) -> Sector:
    sector, _created = Sector.objects.update_or_create(code=code, defaults={"name_nl": name_nl, "name_en": name_en})
    return sector


def _slug_errors(slug: str) -> list[str]:
    try:
        slug_validator(slug)
    except ValidationError as exc:
        return exc.messages
    if Member.objects.filter(slug=slug).exists():
        return [_("This short name is already in use.")]
    if schema_exists(schema_name_for_slug(slug)) or Domain.objects.filter(domain=member_host(slug)).exists():
        return [_("This short name cannot be used.")]
    return []


#: First half of the PostgreSQL advisory lock key that serialises provisionings of one short name.
SLUG_LOCK_CLASS = 0x534C_5547  # "SLUG"


def _lock_slug(slug: str) -> None:
    """Wait for any other provisioning of ``slug`` to finish (held until this transaction ends), so
    that the loser of a race sees the winner's row and gets the validation message."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [SLUG_LOCK_CLASS, slug])


def _validate_new_member(*, slug: str, owner_email: str) -> None:
    errors: dict[str, list[str]] = {}
    if slug_errors := _slug_errors(slug):
        errors["slug"] = slug_errors
    try:
        validate_email(owner_email)
    except ValidationError:
        errors["owner_email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)


def member_provision(
    *,
    legal_name: str,
    slug: str,
    sector: Sector,
    owner_email: str,
    owner_name: str = "",
    actor: RegistryActor = None,
    member_since: date | None = None,
    **registry_fields: Any,
) -> Member:
    """Register a new member and give it a schema without making anyone wait for migrations.

    A spare, fully migrated schema from the pool is renamed to the member's schema in the same
    transaction (milliseconds). When the pool is empty, the member is stored as *being prepared* and a
    worker creates its schema. Either way the owner receives an invitation once the schema is ready,
    and the pool is refilled in the background.
    """
    slug = (slug or "").strip().lower()
    owner_email = (owner_email or "").strip().lower()
    unknown = set(registry_fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown registry fields: {sorted(unknown)}")
    _validate_new_member(slug=slug, owner_email=owner_email)
    try:
        member = _member_provision(
            legal_name=legal_name,
            slug=slug,
            sector=sector,
            owner_email=owner_email,
            owner_name=owner_name,
            actor=actor,
            member_since=member_since,
            registry_fields=registry_fields,
        )
    except IntegrityError:
        # The lock serialises provisionings of one short name; a clash it cannot see (another
        # short name mapping to the same schema or host) still ends in this message, not a traceback.
        raise ValidationError({"slug": [_("This short name cannot be used.")]}) from None
    logger.info("member_provisioned slug=%s from_pool=%s", member.slug, member.provisioned_from_pool)
    return member


def _member_provision(
    *,
    legal_name: str,
    slug: str,
    sector: Sector,
    owner_email: str,
    owner_name: str,
    actor: RegistryActor,
    member_since: date | None,
    registry_fields: dict[str, Any],
) -> Member:
    # The tasks call these services: imported here to avoid a cycle.
    from .tasks import member_schema_create_task, pool_refill_task

    with transaction.atomic():
        _lock_slug(slug)
        # Checked again under the lock: a provisioning of the same name may have committed meanwhile.
        _validate_new_member(slug=slug, owner_email=owner_email)
        member = Member(
            kind=Member.Kind.MEMBER,
            legal_name=legal_name,
            slug=slug,
            sector=sector,
            schema_name=schema_name_for_slug(slug),
            member_since=member_since or timezone.localdate(),
            schema_status=Member.SchemaStatus.PENDING,
            **registry_fields,
        )
        member.full_clean(exclude=["domain_url"])
        member.save()
        domain = Domain(domain=member_host(slug), tenant=member, is_primary=True)
        domain.full_clean()
        domain.save()

        spare = spare_take()
        if spare is not None:
            spare_hand_out(spare=spare, schema_name=member.schema_name)
            member.schema_status = Member.SchemaStatus.READY
            member.provisioned_from_pool = True
            member.save(update_fields=["schema_status", "provisioned_from_pool"])
            transaction.on_commit(
                partial(
                    signals.member_provisioned.send,
                    sender=Member,
                    member=member,
                    owner_email=owner_email,
                    owner_name=owner_name,
                ),
                robust=True,
            )
            events.member_schema_ready_event(member=member, from_pool=True)
        else:
            enqueue_on_commit(
                member_schema_create_task,
                member.pk,
                owner_email=owner_email,
                owner_name=owner_name,
                schema_name=get_public_schema_name(),
            )
        enqueue_on_commit(pool_refill_task, schema_name=get_public_schema_name())
        events.member_provisioned_event(member=member, actor=actor, from_pool=spare is not None)
    return member


def member_schema_create(*, member_id: int) -> Member:
    """Give a member that is *being prepared* its schema: a spare if one became available, otherwise
    a new schema with every migration. Idempotent; runs in a worker, never in a web request."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member_id, kind=Member.Kind.MEMBER)
        if member.schema_status == Member.SchemaStatus.READY:
            return member
        from_pool = False
        if schema_exists(member.schema_name):
            migrate_schema(member.schema_name)
        else:
            spare = spare_take()
            if spare is not None:
                spare_hand_out(spare=spare, schema_name=member.schema_name)
                from_pool = True
            else:
                create_migrated_schema(member.schema_name)
        member.schema_status = Member.SchemaStatus.READY
        member.provisioned_from_pool = from_pool
        member.save(update_fields=["schema_status", "provisioned_from_pool"])
        events.member_schema_ready_event(member=member, from_pool=from_pool)
    return member


def member_update(*, member: Member, actor: RegistryActor, **fields: Any) -> Member:
    """Change registry data (name, sector, address, contact); every change is in the trail."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown registry fields: {sorted(unknown)}")
    with transaction.atomic():
        changes = {}
        for field, value in fields.items():
            old = getattr(member, field)
            if old != value:
                changes[field] = {"old": str(old), "new": str(value)}
                setattr(member, field, value)
        if changes:
            member.full_clean(exclude=["domain_url"])
            member.save(update_fields=list(changes))
            events.member_updated_event(member=member, actor=actor, changes=changes)
    return member


def member_set_status(
    *, member: Member, status: str, actor: RegistryActor, reason: str = "", on: date | None = None
) -> Member:
    """Suspend, end or (re)activate a membership, with the date it takes effect and a reason.

    Suspension and ending need a reason: they change what the public register says about the member.
    """
    if status not in Member.MembershipStatus.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    if status != Member.MembershipStatus.ACTIVE and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    on = on or timezone.localdate()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        old = member.membership_status
        if old == status:
            return member
        member.membership_status = status
        if status == Member.MembershipStatus.SUSPENDED:
            member.suspended_on = on
        elif status == Member.MembershipStatus.ENDED:
            member.ended_on = on
        else:
            member.suspended_on = None
            member.ended_on = None
        member.save(update_fields=["membership_status", "suspended_on", "ended_on"])
        events.member_status_changed_event(member=member, actor=actor, old=old, new=status, reason=reason)
    return member
