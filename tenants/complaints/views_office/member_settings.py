"""The owner's settings of complaint handling: the regulation (terms), categories, causes and
departments, and the wording of the messages to complainants."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability

from ..forms import CategoryForm, CauseForm, DepartmentForm, MessageTemplateForm, RegulationForm
from ..messages import PLACEHOLDERS, MessageKey, template_for
from ..models import Category, Cause, Department, MessageTemplate
from ..services.messages import message_preview, message_template_reset, message_template_save
from ..services.regulation import PRESETS, regulation_apply_preset, regulation_get, regulation_update
from ..services.taxonomy import TaxonomyItem, taxonomy_save


class RegulationView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/regulation.html"

    def context(self, form):
        return {"form": form, "presets": PRESETS, "regulation": regulation_get()}

    def get(self, request):
        return render(request, self.template_name, self.context(RegulationForm(instance=regulation_get())))

    def post(self, request):
        if request.POST.get("preset"):
            try:
                regulation_apply_preset(preset=request.POST["preset"], actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The terms of the preset are filled in."))
            return redirect("complaints:regulation")
        form = RegulationForm(request.POST, instance=regulation_get())
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["closed_days"] = data.pop("closed_days_text")
            regulation_update(actor=request.user, **data)
            messages.success(request, _("The complaints regulation is saved."))
            return redirect("complaints:regulation")
        return render(request, self.template_name, self.context(form), status=400)


class TaxonomyView(CapabilityRequiredMixin, View):
    """Categories, causes and departments."""

    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/taxonomy.html"
    KINDS: dict[str, tuple[type[TaxonomyItem], type[forms.ModelForm[Any]]]] = {
        "category": (Category, CategoryForm),
        "cause": (Cause, CauseForm),
        "department": (Department, DepartmentForm),
    }

    def context(self, **forms):
        return {
            "categories": Category.objects.all(),
            "causes": Cause.objects.all(),
            "departments": Department.objects.select_related("manager"),
            "category_form": forms.get("category") or CategoryForm(prefix="category"),
            "cause_form": forms.get("cause") or CauseForm(prefix="cause"),
            "department_form": forms.get("department") or DepartmentForm(prefix="department"),
        }

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        kind = request.POST.get("kind")
        if kind not in self.KINDS:
            raise Http404
        model, form_class = self.KINDS[kind]
        instance: TaxonomyItem | None = model()
        if request.POST.get("id"):
            identifier = request.POST["id"]
            instance = (
                model.objects.filter(pk=identifier).first() if identifier.isascii() and identifier.isdigit() else None
            )
        if instance is None:
            raise Http404
        form = form_class(request.POST, instance=instance, prefix=kind)
        if form.is_valid():
            taxonomy_save(instance=instance, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("complaints:taxonomy")
        return render(request, self.template_name, self.context(**{kind: form}), status=400)


class MessageTemplatesView(CapabilityRequiredMixin, View):
    """The owner's wording of the messages to complainants, per language, with a preview."""

    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/templates.html"

    def context(self, key: str, language: str, form=None, preview=None):
        subject, body = template_for(key, language)
        return {
            "keys": MessageKey.choices,
            "key": key,
            "language": language,
            "form": form
            or MessageTemplateForm(initial={"key": key, "language": language, "subject": subject, "body": body}),
            "customised": MessageTemplate.objects.filter(key=key, language=language).exists(),
            "placeholders": PLACEHOLDERS,
            "preview": preview,
            "if_help": _("Text between %(open)s and %(close)s only appears when that value is filled in.")
            % {"open": "{% if findings %}", "close": "{% endif %}"},
        }

    def selection(self, source) -> tuple[str, str]:
        key = source.get("key") if source.get("key") in MessageKey.values else MessageKey.ACKNOWLEDGMENT
        language = source.get("language") if source.get("language") in {"nl", "en"} else "nl"
        return key, language

    def get(self, request):
        key, language = self.selection(request.GET)
        return render(request, self.template_name, self.context(key, language))

    def post(self, request):
        key, language = self.selection(request.POST)
        if request.POST.get("action") == "reset":
            message_template_reset(key=key, language=language, actor=request.user)
            messages.success(request, _("The standard text is back."))
            return redirect(f"{request.path}?key={key}&language={language}")
        form = MessageTemplateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(key, language, form), status=400)
        if request.POST.get("action") == "preview":
            preview = message_preview(
                key=key, language=language, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
            )
            return render(request, self.template_name, self.context(key, language, form, preview))
        message_template_save(
            key=key,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            actor=request.user,
        )
        messages.success(request, _("The text is saved."))
        return redirect(f"{request.path}?key={key}&language={language}")
