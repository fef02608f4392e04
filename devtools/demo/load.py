"""``load_demo``: the whole demo, created once; running it again changes nothing."""

from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from devtools.demo.cases import demo_cases
from devtools.demo.certificates import demo_certificates
from devtools.demo.complaints import demo_complaints
from devtools.demo.members import DEMO_MEMBERS, member_ensure, member_profile_ensure, member_staff_ensure
from devtools.demo.regulations import demo_regulation_ensure
from devtools.demo.staff import commission_staff_ensure, panel_ensure
from tenants.complaints.models import Complaint
from tenants.members.models import Member
from tenants.members.sectors import DEFAULT_SECTORS
from tenants.members.services import commission_ensure, sector_ensure


def load_demo() -> list[Member]:
    """Create (or find) the demo commission and members; returns the members."""
    with schema_context("public"):
        commission_ensure()
        for code, name_nl, name_en in DEFAULT_SECTORS:
            sector_ensure(code=code, name_nl=name_nl, name_en=name_en)
        commission_staff_ensure()
        members = [member_ensure(demo) for demo in DEMO_MEMBERS]
    for demo, member in zip(DEMO_MEMBERS, members, strict=True):
        with tenant_context(member), transaction.atomic():
            member_staff_ensure(demo)
            if not Complaint.objects.exists():
                demo_complaints(demo)
            member_profile_ensure(demo)
            demo_regulation_ensure(demo)
    with schema_context("public"):
        panel_ensure()
    for demo, member in zip(DEMO_MEMBERS, members, strict=True):
        demo_cases(demo, member)
    with schema_context("public"):
        # Last: the criteria read the members' regulations and rulings.
        demo_certificates(members)
    return members
