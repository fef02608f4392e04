"""The commission API for hearing days: a panel member sees only the days whose panel they sit on."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound

from commission.cases.selectors import case_list
from commission.hearings import selectors as hearing_selectors
from commission.hearings import services as hearing_services
from core.api.base import service_errors
from core.api.views import INVALID
from tenants.accounts.roles import Capability

from . import serializers as s
from .base import NOT_FOUND, CommissionApi, read_or_write


class HearingApi(CommissionApi):
    # Panel members see the hearing days they sit on (the selector decides which); scheduling is the
    # secretary's.
    permission_classes = [read_or_write(Capability.COMMISSION_OFFICE, Capability.MANAGE_CASES)]

    def get_day(self):
        day = hearing_selectors.hearing_day_get(actor=self.request.user, uuid=self.kwargs[self.lookup_field])
        if day is None:
            raise NotFound
        return day


class HearingDayListApi(HearingApi):
    @extend_schema(
        summary="List hearing days (a panel member sees the days they sit on)",
        responses={200: s.HearingDayListOutputSerializer(many=True)},
    )
    def get(self, request):
        return self.paginated(s.HearingDayListOutputSerializer, hearing_selectors.hearing_day_list(actor=request.user))


class HearingDayDetailApi(HearingApi):
    @extend_schema(
        summary="Retrieve one hearing day with its panel and the cases scheduled",
        responses={200: s.HearingDayDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.HearingDayDetailOutputSerializer, self.get_day())


class HearingDaySlotsApi(HearingApi):
    @extend_schema(
        summary="Schedule a case on this hearing day and invite both parties and the panel",
        request=s.ScheduleInputSerializer,
        responses={201: s.HearingDayDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        day = self.get_day()
        serializer = s.ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_list(actor=request.user).filter(pk=serializer.validated_data["case"].pk).first()
        if case is None:
            raise NotFound
        with service_errors():
            hearing_services.case_schedule(
                case=case, day=day, starts_at=serializer.validated_data["starts_at"], actor=request.user
            )
        return self.output(s.HearingDayDetailOutputSerializer, self.get_day(), status_code=status.HTTP_201_CREATED)
