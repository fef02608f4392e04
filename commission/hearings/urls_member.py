"""The member's hearing routes in its back-office, under the commission case
(``/office/commission-cases/<uuid>/hearings/...``): the calendar file and the request to postpone."""

from django.urls import path

from . import views

app_name = "member_hearings"

urlpatterns = [
    path("<uuid:uid>/invitation.ics", views.MemberCalendarView.as_view(), name="calendar"),
    path("<uuid:uid>/postpone/", views.MemberPostponeView.as_view(), name="postpone"),
]
