"""Commission site (mounted at ``/rulings/``): the public rulings page and the complainant's ruling."""

from django.urls import path

from . import views

app_name = "rulings_public"

urlpatterns = [
    path("", views.PublicRulingListView.as_view(), name="list"),
    path("<uuid:uuid>/", views.PublicRulingDetailView.as_view(), name="detail"),
    path("case/<str:token>/<uuid:uuid>/pdf/", views.CaseRulingPdfView.as_view(), name="case_pdf"),
    path("case/<str:token>/<uuid:uuid>/compliance/", views.CaseComplianceView.as_view(), name="case_compliance"),
]
