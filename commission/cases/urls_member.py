"""Routes on a member's host: the complainant's way in from the status page, and the member's own
view of its commission cases."""

from django.urls import path

from . import views

app_name = "member_cases"

urlpatterns = [
    path("status/<str:token>/commission/", views.StatusEscalateView.as_view(), name="escalate"),
    path("office/commission-cases/", views.MemberCaseListView.as_view(), name="list"),
    path("office/commission-cases/<uuid:uuid>/", views.MemberCaseDetailView.as_view(), name="detail"),
    path(
        "office/commission-cases/<uuid:uuid>/documents/<uuid:document>/",
        views.MemberCaseFileView.as_view(),
        name="file",
    ),
    # The hearings app's routes for the member's side, under the case (cases never imports hearings).
]
