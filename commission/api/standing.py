"""Commission API: a member's standing against the commission's criteria."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from commission.certification.evaluation import Evaluation, evaluate_member
from core.api.views import ApiView
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability
from tenants.members.selectors import member_list

from .base import NOT_FOUND


class CriterionResultSerializer(serializers.Serializer[object]):
    code = serializers.CharField(help_text="The criterion, e.g. `contribution_paid`.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    figure = serializers.CharField(help_text="The member's figure for this criterion, as text.")
    passed = serializers.BooleanField()
    judged = serializers.BooleanField(
        help_text="False when there was too little to judge on (then the criterion counts as passed)."
    )


class StandingOutputSerializer(serializers.Serializer[Evaluation]):
    member = serializers.UUIDField(source="member_uuid")
    on = serializers.DateField(help_text="The day the criteria were evaluated on.")
    passed = serializers.BooleanField(help_text="True when every criterion passed.")
    criteria = CriterionResultSerializer(many=True, source="results")


# A comment, not a docstring: drf-spectacular would copy a docstring into the operation.
class MemberStandingApi(ApiView):
    permission_classes = [capability_permission(Capability.VIEW_MEMBER_REGISTER)]

    @extend_schema(
        summary="A member's standing: each criterion with its figure and whether it passed",
        responses={200: StandingOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, uuid: str) -> Response:
        member = member_list().filter(uuid=uuid).first()
        if member is None:
            raise NotFound
        return self.output(StandingOutputSerializer, evaluate_member(member, on=timezone.localdate()))
