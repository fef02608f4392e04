"""A member's host: the ruling in one of its own cases (mounted at the root of the member's URLs)."""

from django.urls import path

from . import views

app_name = "member_rulings"

urlpatterns = [
    path(
        "office/commission-cases/<uuid:case>/rulings/<uuid:uuid>/pdf/", views.MemberRulingPdfView.as_view(), name="pdf"
    ),
    path(
        "office/commission-cases/<uuid:case>/rulings/<uuid:uuid>/compliance/",
        views.MemberComplianceView.as_view(),
        name="compliance",
    ),
]
