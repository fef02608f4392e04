"""URL patterns present on every host (the commission's and each member's)."""

from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


class HostSchemaView(SpectacularAPIView):
    """The OpenAPI document of the host asked: the commission's API on the base domain, the member
    API on a member host (drf-spectacular would otherwise describe ROOT_URLCONF everywhere)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        self.urlconf = getattr(request, "urlconf", None)
        return super().get(request, *args, **kwargs)


common_urlpatterns = [
    path("accounts/", include("tenants.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/schema/", HostSchemaView.as_view(), name="api-schema"),
    # The page's start script (it holds the CSRF token) stays inline, with the request's nonce; a
    # separate script address would hand the token to any page that includes it (config/csp.py).
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
