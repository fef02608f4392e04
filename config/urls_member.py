"""A member's host (<slug>.<base domain>): the member's public page, back-office and API."""

from django.urls import include, path

from tenants.office import views as office_views

from .urls_common import common_urlpatterns, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("", office_views.PublicHomeView.as_view(), name="member_home"),
    path("office/", include("tenants.office.urls")),
    path("office/complaints/", include("tenants.complaints.urls_office")),
    path("office/regulation/", include("tenants.regulations.urls_office")),
    path("", include("tenants.complaints.urls_public")),
    path("", include("tenants.regulations.urls_public")),
    path("", include("commission.cases.urls_member")),
    # A case's hearings, on the parties' pages (the hearings app serves them; cases may not use it).
    path("office/commission-cases/<uuid:uuid>/hearings/", include("commission.hearings.urls_member")),
    path("", include("commission.rulings.urls_member")),
    path("", include("commission.certification.urls_member")),
    path("files/logo/", office_views.logo, name="member_logo"),
    path("api/v1/", include("config.urls_member_api")),
    *common_urlpatterns,
]
