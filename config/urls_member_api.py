"""The member API (``/api/v1/`` on a member host), composed here from the apps that serve it: the
complaint register, the account, the member's commission cases and its certificates."""

from django.urls import path, re_path

from commission.api import member as cases
from commission.api import member_certificates as certificates
from core.api.base import not_found
from tenants.accounts.api import MeApi
from tenants.complaints.api import views as complaints
from tenants.regulations.api import RegulationApi

app_name = "member_api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("complaints/", complaints.ComplaintListApi.as_view(), name="complaint-list"),
    path("complaints/<uuid:uuid>/", complaints.ComplaintDetailApi.as_view(), name="complaint-detail"),
    path(
        "complaints/<uuid:uuid>/transitions/", complaints.ComplaintTransitionApi.as_view(), name="complaint-transition"
    ),
    path("complaints/<uuid:uuid>/extension/", complaints.ComplaintExtensionApi.as_view(), name="complaint-extension"),
    path("complaints/<uuid:uuid>/messages/", complaints.ComplaintMessagesApi.as_view(), name="complaint-messages"),
    path("complaints/<uuid:uuid>/notes/", complaints.ComplaintNotesApi.as_view(), name="complaint-notes"),
    path(
        "complaints/<uuid:uuid>/clarifications/",
        complaints.ComplaintClarificationsApi.as_view(),
        name="complaint-clarifications",
    ),
    path(
        "complaints/<uuid:uuid>/attachments/",
        complaints.ComplaintAttachmentsApi.as_view(),
        name="complaint-attachments",
    ),
    path(
        "complaints/<uuid:uuid>/attachments/<uuid:attachment_uuid>/download/",
        complaints.ComplaintAttachmentDownloadApi.as_view(),
        name="complaint-attachment-download",
    ),
    path("categories/", complaints.CategoryListApi.as_view(), name="category-list"),
    path("causes/", complaints.CauseListApi.as_view(), name="cause-list"),
    path("departments/", complaints.DepartmentListApi.as_view(), name="department-list"),
    path("regulation/", RegulationApi.as_view(), name="regulation"),
    path("commission-cases/", cases.MemberCaseListApi.as_view(), name="commission-case-list"),
    path("commission-cases/<uuid:uuid>/", cases.MemberCaseDetailApi.as_view(), name="commission-case-detail"),
    path(
        "commission-cases/<uuid:uuid>/documents/",
        cases.MemberCaseDocumentsApi.as_view(),
        name="commission-case-documents",
    ),
    path(
        "commission-cases/<uuid:uuid>/documents/<uuid:document_uuid>/download/",
        cases.MemberCaseDocumentDownloadApi.as_view(),
        name="commission-case-document-download",
    ),
    path(
        "commission-cases/<uuid:uuid>/submissions/",
        cases.MemberCaseSubmissionsApi.as_view(),
        name="commission-case-submissions",
    ),
    path(
        "commission-cases/<uuid:uuid>/rulings/<uuid:ruling_uuid>/pdf/",
        cases.MemberCaseRulingPdfApi.as_view(),
        name="commission-case-ruling-pdf",
    ),
    path("certificates/", certificates.MemberCertificateListApi.as_view(), name="certificate-list"),
    path("certificates/<str:serial>/pdf/", certificates.MemberCertificatePdfApi.as_view(), name="certificate-pdf"),
    # Last: any other path (a malformed UUID too) is 404 in the API's error envelope.
    re_path(r"^[\s\S]*/$", not_found),
]
