"""The tenant registry (public schema): member organisations, their host names and the pool of
spare schemas used for instant provisioning."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # django-tenants carries no type information; what this project uses of its two base models,
    # so that the checker sees Member and Domain as the models they are.
    class TenantMixin(models.Model):
        schema_name = models.CharField(max_length=63, unique=True)
        auto_create_schema: bool
        auto_drop_schema: bool
        domain_url: str | None

        class Meta:
            abstract = True

        def save(self, verbosity: int = 1, *args: Any, **kwargs: Any) -> None: ...

        def create_schema(
            self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1
        ) -> None: ...

    class DomainMixin(models.Model):
        domain = models.CharField(max_length=253, unique=True)
        tenant: models.ForeignKey[Any, Any]
        is_primary = models.BooleanField(default=True)

        class Meta:
            abstract = True
else:
    from django_tenants.models import DomainMixin, TenantMixin

SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _("Use 3 to 40 lowercase letters, digits or hyphens, starting with a letter."),
)


def schema_name_for_slug(slug: str) -> str:
    """Member schemas are derived from the slug we validated, never from raw input."""
    return "m_" + slug.replace("-", "_")


class Sector(models.Model):
    """A branch of trade; the commission runs a committee per sector (issue: commission rules)."""

    code = models.SlugField(_("code"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Member(TenantMixin):
    """A member organisation (lid) with its own schema; also the one row for the commission itself,
    whose schema is ``public``.

    The schema is created by provisioning (a renamed spare from the pool, or a Celery task), never
    by ``save()``: a web request must not wait for migrations.
    """

    class Kind(models.TextChoices):
        COMMISSION = "commission", _("Commission")
        MEMBER = "member", _("Member")

    class MembershipStatus(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    class SchemaStatus(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    auto_create_schema = False
    auto_drop_schema = False

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    legal_name = models.CharField(_("legal name"), max_length=200)
    slug = models.CharField(_("short name"), max_length=40, unique=True, validators=[slug_validator])
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    registration_number = models.CharField(_("Chamber of Commerce number"), max_length=20, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)

    membership_status = models.CharField(
        _("membership status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    schema_status = models.CharField(
        _("schema status"), max_length=20, choices=SchemaStatus.choices, default=SchemaStatus.PENDING
    )
    provisioned_from_pool = models.BooleanField(_("provisioned from the pool"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="commission") | models.Q(sector__isnull=False),
                name="member_has_sector",
            ),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="commission"), name="one_commission"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def is_commission(self) -> bool:
        return self.kind == self.Kind.COMMISSION

    @property
    def is_schema_ready(self) -> bool:
        return self.schema_status == self.SchemaStatus.READY

    @property
    def is_active_member(self) -> bool:
        return self.membership_status == self.MembershipStatus.ACTIVE

    @property
    def primary_host(self) -> str:
        # Iterates .all() so that a prefetch of ``domains`` is used.
        return next((d.domain for d in self.domains.all() if d.is_primary), "")


class Domain(DomainMixin):
    """A host name that routes to a member; stored lowercased, as hosts are matched."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def clean(self) -> None:
        self.domain = (self.domain or "").strip().lower().rstrip(".")
        if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", self.domain):
            raise ValidationError({"domain": _("Enter a valid host name.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = (self.domain or "").strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class SpareSchema(models.Model):
    """A schema created and fully migrated ahead of time, handed to a new member by renaming it."""

    name = models.CharField(max_length=63, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Set when a hand-out found the spare behind the migrations; the refill task migrates it forward.
    is_stale = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(Lower("name"), name="spare_schema_name_ci")]

    def __str__(self) -> str:
        return self.name
