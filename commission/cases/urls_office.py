from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("<uuid:uuid>/", views.CaseDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/documents/<uuid:document>/", views.CaseFileView.as_view(), name="file"),
    path("<uuid:uuid>/fee/invoice.pdf", views.CaseFeeInvoiceFileView.as_view(), name="fee_invoice"),
    path("<uuid:uuid>/do/<slug:action>/", views.CaseActionView.as_view(), name="action"),
]
