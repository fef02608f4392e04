"""The outcome of a case on the parties' pages (member back-office, complainant's status page),
read from the commission's tables through the case: nothing is copied into the member's schema."""

from django import template

from commission.cases.models import Case
from tenants.members.links import current_organisation

from ..selectors import case_outcome

register = template.Library()


@register.simple_tag
def ruling_for_case(case):
    return case_outcome(case)


@register.simple_tag
def ruling_for_complaint(complaint):
    """The ruling of the case a member complaint became, found by the case's uuid and the member."""
    if complaint is None or not complaint.escalated_case_uuid:
        return None
    member = current_organisation()
    case = Case.objects.filter(uuid=complaint.escalated_case_uuid, member=member).first() if member else None
    return case_outcome(case)
