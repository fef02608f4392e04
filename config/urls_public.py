"""The commission's host (the base domain): public site, commission back-office, commission API."""

from django.urls import include, path

from .urls_common import common_urlpatterns, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("", include("commission.site.urls")),
    path("office/", include("commission.office.urls")),
    path("office/cases/", include("commission.cases.urls_office")),
    path("office/rulings/", include("commission.rulings.urls")),
    path("office/hearings/", include("commission.hearings.urls")),
    path("", include("commission.cases.urls_public")),
    # A case's hearings, on the parties' pages (the hearings app serves them; cases may not use it).
    path("cases/<str:token>/hearings/", include("commission.hearings.urls_public")),
    path("rulings/", include("commission.rulings.urls_public")),
    path("", include("commission.certification.urls_public")),
    path("api/v1/", include("commission.api.urls")),
    *common_urlpatterns,
]
