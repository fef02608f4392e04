from django.urls import include, path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("members/", views.MemberListView.as_view(), name="members"),
    path("members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path("members/<slug:slug>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("staff/", views.CommissionStaffView.as_view(), name="staff"),
    path("activity/", views.ActivityView.as_view(), name="activity"),
    path("outbox/", views.CommissionOutboxView.as_view(), name="outbox"),
    path("standing/", include("commission.certification.urls")),
    path("certificates/", include("commission.certification.urls_office")),
]
