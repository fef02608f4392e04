"""Links into a case: the complainant's signed link at the commission, the member's back-office page."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tenants.members.links import absolute_url, base_url_for_host

from ..models import Case

CASE_LINK_SALT = "cases.complainant-link"


def case_link_token(case: Case) -> str:
    return signing.dumps({"case": str(case.uuid), "v": case.link_version}, salt=CASE_LINK_SALT)


def case_link(case: Case) -> str:
    path = reverse("cases_public:case", kwargs={"token": case_link_token(case)}, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return base_url_for_host(settings.PLATFORM_DOMAIN) + path


def case_from_token(token: str, *, max_age_days: int = 365) -> Case | None:
    try:
        payload = signing.loads(token, salt=CASE_LINK_SALT, max_age=max_age_days * 24 * 3600)
    except signing.BadSignature:
        return None
    case = Case.objects.filter(uuid=payload.get("case")).first()
    if case is None or case.link_version != payload.get("v"):
        return None
    return case


def member_case_url(case: Case) -> str:
    path = reverse("member_cases:detail", kwargs={"uuid": case.uuid}, urlconf=settings.ROOT_URLCONF)
    return absolute_url(path, tenant=case.member)
