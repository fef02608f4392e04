"""A member's host: its own compliance certificates in its back-office (mounted at the root of the
member's URLs; ``/office/certificates/`` is a fixed point, the certificate e-mails link to it)."""

from django.urls import path

from . import views_member

app_name = "member_certificates"

urlpatterns = [
    path("office/certificates/", views_member.MemberCertificateListView.as_view(), name="list"),
    path("office/certificates/request/", views_member.MemberCertificateRequestView.as_view(), name="request"),
    path("office/certificates/<str:serial>/pdf/", views_member.MemberCertificatePdfView.as_view(), name="pdf"),
]
