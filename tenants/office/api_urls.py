from django.urls import path

from tenants.accounts.api import MeApi
from tenants.complaints.api import views as complaints

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
]
