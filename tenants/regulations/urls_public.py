from django.urls import path

from . import views_public as views

app_name = "regulations_public"

urlpatterns = [
    path("regulation/", views.RegulationPageView.as_view(), name="page"),
    path("regulation.pdf", views.RegulationPdfView.as_view(), name="pdf"),
]
