"""The commission office's pages for the criteria and the contribution ledger (under /office/standing/)."""

from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("contributions/", views.ContributionsView.as_view(), name="contributions"),
    path("invoices/<str:number>/payment/", views.PaymentView.as_view(), name="payment"),
]
