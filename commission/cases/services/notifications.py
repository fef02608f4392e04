"""E-mail to the parties of a case, each in their own language, from the commission's outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_tenants.utils import schema_context

from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.outbox.services import email_queue_rendered

from ..models import Case
from .links import case_link, member_case_url


def member_staff_addresses(case: Case) -> list[tuple[str, str]]:
    """E-mail addresses and languages of the member's owners and complaint handlers (read in the
    member's own schema: users live per schema)."""
    with schema_context(case.member.schema_name):
        return list(
            User.objects.filter(is_active=True, role__in=[Role.OWNER, Role.HANDLER]).values_list("email", "language")
        )


def _email(*, case: Case, to: str, template: str, context: dict[str, Any], language: str | None = None) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"cases/emails/{template}_subject.txt", context)
        body = render_to_string(f"cases/emails/{template}_body.txt", context)
    email_queue_rendered(
        to=to, subject=subject, body_text=body, topic=f"case_{template}", about=f"cases.case:{case.uuid}"
    )


def notify(*, case: Case, template: str, complainant: bool = True, member: bool = True, **context: Any) -> None:
    """Queue ``templates/cases/emails/<template>_*.txt`` to the complainant (with their link) and/or
    the member's staff (with the back-office link), each in their own language."""
    base = {
        "reference": case.reference,
        "member": case.member.legal_name,
        "complainant": case.complainant_name,
        "commission": settings.COMMISSION_NAME,
        **context,
    }
    if complainant:
        _email(case=case, to=case.complainant_email, template=template, context={**base, "link": case_link(case)})
    if member:
        link = member_case_url(case)
        for address, language in member_staff_addresses(case):
            _email(
                case=case, to=address, template=template, context={**base, "link": link, "for_member": True},
                language=language,
            )  # fmt: skip
