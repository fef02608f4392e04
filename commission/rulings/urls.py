"""Commission back-office (mounted at ``/office/rulings/``)."""

from django.urls import path

from . import views

app_name = "rulings"

urlpatterns = [
    path("", views.RulingListView.as_view(), name="list"),
    path("cases/<uuid:case>/draft/", views.RulingDraftView.as_view(), name="draft"),
    path("<uuid:uuid>/", views.RulingDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/approve/", views.RulingApproveView.as_view(), name="approve"),
    path("<uuid:uuid>/correct/", views.RulingCorrectView.as_view(), name="correct"),
    path("<uuid:uuid>/pdf/", views.RulingPdfView.as_view(), name="pdf"),
    path("cases/<uuid:case>/panel-copy.pdf", views.PanelRulingPdfView.as_view(), name="panel_pdf"),
    path("<uuid:uuid>/publication/", views.PublicationView.as_view(), name="publication"),
]
