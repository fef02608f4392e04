"""Secretary and platform administrator pages: the criteria and the contribution ledger."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from tenants.accounts.roles import Capability, has_capability

from . import services
from .forms import ContributionForm, CriteriaForm, PaymentForm
from .models import Contribution, Criteria, Invoice
from .selectors import invoice_list

#: The secretary keeps the ledger (manages cases), the platform administrator the registry (manages
#: members); either may set the criteria and record payments.
LEDGER_CAPABILITIES = (Capability.MANAGE_CASES, Capability.MANAGE_MEMBERS)


def may_manage_standing(user: Any) -> bool:
    return any(has_capability(user, capability) for capability in LEDGER_CAPABILITIES)


class StandingOfficeMixin(AccessMixin):
    """Anonymous users go to the login page; users without either capability get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_manage_standing(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a mixin: View follows in the MRO


class CriteriaView(StandingOfficeMixin, View):
    template_name = "certification/criteria.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": CriteriaForm(instance=Criteria.current())})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CriteriaForm(request.POST, instance=Criteria.current())
        if form.is_valid():
            services.criteria_update(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("The criteria are saved."))
            return redirect("office:certification:criteria")
        return render(request, self.template_name, {"form": form}, status=400)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2999:
        raise Http404
    return year


class ContributionsView(StandingOfficeMixin, View):
    template_name = "certification/contributions.html"

    def context(self, year: int, form: ContributionForm | None = None) -> dict[str, Any]:
        invoices = list(invoice_list(year=year, on=timezone.localdate()))
        return {
            "year": year,
            "invoices": invoices,
            # Annotated by the selector.
            "overdue_count": sum(getattr(invoice, "is_overdue") for invoice in invoices),  # noqa: B009
            "paid_count": sum(getattr(invoice, "is_paid") for invoice in invoices),  # noqa: B009
            "contributions": Contribution.objects.filter(year=year).select_related("sector"),
            "form": form or ContributionForm(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(_year(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        if request.POST.get("action") == "invoice":
            created = services.invoices_create_for_year(year=year, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("%(count)s invoices created.") % {"count": len(created)})
            return redirect(f"{request.path}?year={year}")
        form = ContributionForm(request.POST)
        if form.is_valid():
            services.contribution_set(year=year, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("The contribution is saved."))
            return redirect(f"{request.path}?year={year}")
        return render(request, self.template_name, self.context(year, form), status=400)


class PaymentView(StandingOfficeMixin, View):
    template_name = "certification/payment.html"

    def invoice(self, number: str) -> Invoice:
        try:
            return Invoice.objects.with_paid().select_related("member").get(number=number)
        except Invoice.DoesNotExist:
            raise Http404 from None

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        invoice = self.invoice(number)
        return render(request, self.template_name, {"invoice": invoice, "form": PaymentForm()})

    def post(self, request: HttpRequest, number: str) -> HttpResponse:
        invoice = self.invoice(number)
        form = PaymentForm(request.POST)
        if form.is_valid():
            try:
                services.payment_record(invoice=invoice, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The payment is recorded."))
                return redirect(f"{redirect('office:certification:contributions').url}?year={invoice.year}")
        return render(request, self.template_name, {"invoice": invoice, "form": form}, status=400)
