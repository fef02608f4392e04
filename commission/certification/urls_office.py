"""The commission office's certificate pages (under /office/certificates/)."""

from django.urls import path

from . import views_office

app_name = "certificates"

urlpatterns = [
    path("", views_office.CertificateListView.as_view(), name="list"),
    # Before the serial: "members" is never a serial (serials start with the year).
    path("members/<slug:slug>/", views_office.MemberCertificateView.as_view(), name="member"),
    path("<str:serial>/", views_office.CertificateDetailView.as_view(), name="detail"),
    path("<str:serial>/pdf/", views_office.CertificatePdfView.as_view(), name="pdf"),
    path("<str:serial>/<slug:action>/", views_office.CertificateChangeView.as_view(), name="change"),
]
