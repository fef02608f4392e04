"""The complainant's hearing routes on the commission's host, under their case link
(``/cases/<token>/hearings/...``): the calendar file and the request to postpone."""

from django.urls import path

from . import views

app_name = "hearings_public"

urlpatterns = [
    path("<uuid:uid>/invitation.ics", views.PublicCalendarView.as_view(), name="calendar"),
    path("<uuid:uid>/postpone/", views.PublicPostponeView.as_view(), name="postpone"),
]
