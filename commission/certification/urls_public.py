"""The public proof of certificates on the commission's host (fixed points: other tooling relies on
them, see ``certificates.VERIFY_PATH`` and ``certificates.BADGE_PATH``)."""

from django.urls import path

from . import views_public

app_name = "certification_public"

urlpatterns = [
    path("verify/", views_public.VerifyView.as_view(), name="verify"),
    path("verify/<str:serial>/", views_public.CertificateView.as_view(), name="certificate"),
    path("badge/<slug:slug>.svg", views_public.BadgeView.as_view(), name="badge"),
]
