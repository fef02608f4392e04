from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("team/", views.MemberTeamView.as_view(), name="team"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("activity/", views.ActivityView.as_view(), name="activity"),
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
]
