"""The commission API's URLs (``/api/v1/`` on the commission host); names and paths are the API's contract."""

from django.urls import path, re_path

from core.api.base import not_found
from tenants.accounts.api import MeApi

from . import cases, certificates, hearings, members, rulings, standing

app_name = "commission_api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("members/", members.MemberListApi.as_view(), name="member-list"),
    path("members/<uuid:uuid>/", members.MemberDetailApi.as_view(), name="member-detail"),
    path("members/<uuid:uuid>/standing/", standing.MemberStandingApi.as_view(), name="member-standing"),
    path("cases/", cases.CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:uuid>/", cases.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:uuid>/transitions/", cases.CaseTransitionApi.as_view(), name="case-transition"),
    path("cases/<uuid:uuid>/admissibility/", cases.CaseAdmissibilityApi.as_view(), name="case-admissibility"),
    path("cases/<uuid:uuid>/submissions/", cases.CaseSubmissionsApi.as_view(), name="case-submissions"),
    path("cases/<uuid:uuid>/documents/", cases.CaseDocumentsApi.as_view(), name="case-documents"),
    path(
        "cases/<uuid:uuid>/documents/<uuid:document_uuid>/download/",
        cases.CaseDocumentDownloadApi.as_view(),
        name="case-document-download",
    ),
    path("hearing-days/", hearings.HearingDayListApi.as_view(), name="hearing-day-list"),
    path("hearing-days/<uuid:uuid>/", hearings.HearingDayDetailApi.as_view(), name="hearing-day-detail"),
    path("hearing-days/<uuid:uuid>/slots/", hearings.HearingDaySlotsApi.as_view(), name="hearing-day-slots"),
    path("rulings/", rulings.RulingListApi.as_view(), name="ruling-list"),
    path("rulings/<uuid:uuid>/", rulings.RulingDetailApi.as_view(), name="ruling-detail"),
    path("rulings/<uuid:uuid>/pdf/", rulings.RulingPdfApi.as_view(), name="ruling-pdf"),
    path("certificates/", certificates.CertificateListApi.as_view(), name="certificate-list"),
    path("certificates/<str:serial>/", certificates.CertificateDetailApi.as_view(), name="certificate-detail"),
    path("certificates/<str:serial>/pdf/", certificates.CertificatePdfApi.as_view(), name="certificate-pdf"),
    path("verify/", certificates.VerifyPdfApi.as_view(), name="verify-pdf"),
    path("verify/<str:serial>/", certificates.VerifySerialApi.as_view(), name="verify-serial"),
    # Last: any other path (a malformed UUID too) is 404 in the API's error envelope.
    re_path(r"^[\s\S]*/$", not_found),
]
