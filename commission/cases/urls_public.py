from django.urls import path

from . import views

app_name = "cases_public"

urlpatterns = [
    path("escalate/", views.EscalationRequestView.as_view(), name="escalate_request"),
    path("escalate/confirm/<str:token>/", views.EscalationConfirmView.as_view(), name="escalate_confirm"),
    path("cases/<str:token>/", views.CaseView.as_view(), name="case"),
    path("cases/<str:token>/documents/<uuid:document>/", views.CaseDocumentView.as_view(), name="case_document"),
    path("cases/<str:token>/fee/invoice.pdf", views.CaseFeeInvoiceView.as_view(), name="fee_invoice"),
    path("cases/<str:token>/fee/qr.png", views.CaseFeeQrView.as_view(), name="fee_qr"),
    path("cases/<str:token>/withdraw/", views.CaseWithdrawView.as_view(), name="case_withdraw"),
    # The hearing routes of the case page belong to the hearings app (cases never imports it); they are
    # mounted here by name so they sit under the complainant's link.
]
