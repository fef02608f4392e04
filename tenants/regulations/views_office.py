"""The owner's pages for the complaints regulation: versions, drafts edited section by section, the
preview and publishing. Handlers and managers may read; only the owner writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability
from tenants.members.links import absolute_url, current_organisation

from .models import RegulationVersion
from .sections import LANGUAGES, MODELS, PLACEHOLDERS, SECTIONS, model_for_sector
from .selectors import current_version, draft_get, placeholder_values, shown_sections, version_get, version_list
from .services import version_discard, version_publish, version_start_draft, version_update_section


class SectionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}), required=False)


def _version_or_404(uuid: Any) -> RegulationVersion:
    version = version_get(uuid)
    if version is None:
        raise Http404
    return version


def clause_text(language: str) -> str:
    """The clause naming the commission for the member's terms and conditions and website (trader
    information, Richtlijn 2013/11/EU art. 13), with the current address of the regulation."""
    values = placeholder_values(language)
    return render_to_string(
        f"regulations/clause_{language if language in LANGUAGES else 'nl'}.txt",
        {**values, "regulation_url": absolute_url(reverse("regulations_public:page"))},
    ).strip()


class RegulationListView(CapabilityRequiredMixin, View):
    required_capability = Capability.MEMBER_OFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        organisation = current_organisation()
        sector = organisation.sector.code if organisation is not None and organisation.sector else None
        return render(
            request,
            "regulations/office/list.html",
            {
                "versions": version_list(),
                "current": current_version(),
                "draft": draft_get(),
                "models": MODELS,
                "suggested_model": model_for_sector(sector),
                "may_edit": has_capability(request.user, Capability.MANAGE_SETTINGS),
                "clause_nl": clause_text("nl"),
                "clause_en": clause_text("en"),
            },
        )


class RegulationStartView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            version = version_start_draft(
                actor=request.user,  # type: ignore[arg-type]  # a signed-in user: the mixin checked it
                source=request.POST.get("source", ""),
                model=request.POST.get("model", "general"),
                language=request.POST.get("language", "nl"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("regulations:list")
        messages.success(request, _("Draft version %(number)s is ready to edit.") % {"number": version.number})
        return redirect("regulations:version", uuid=version.uuid)


class RegulationVersionView(CapabilityRequiredMixin, View):
    """One version as its readers will see it (the preview of a draft), with the owner's edit links."""

    required_capability = Capability.MEMBER_OFFICE

    def get(self, request: HttpRequest, uuid: Any) -> HttpResponse:
        version = _version_or_404(uuid)
        shown = {section.key: section for section in shown_sections(version)}
        return render(
            request,
            "regulations/office/version.html",
            {
                "version": version,
                "rows": [
                    (section.key, section.title(version.language), shown.get(section.key)) for section in SECTIONS
                ],
                "may_edit": has_capability(request.user, Capability.MANAGE_SETTINGS) and not version.is_published,
            },
        )


class RegulationSectionView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS
    template_name = "regulations/office/section.html"

    def _section(self, key: str) -> Any:
        for section in SECTIONS:
            if section.key == key:
                return section
        raise Http404

    def _render(
        self, request: HttpRequest, version: RegulationVersion, section: Any, form: SectionForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "version": version,
                "key": section.key,
                "title": section.title(version.language),
                "form": form,
                "placeholders": PLACEHOLDERS,
            },
            status=status,
        )

    def get(self, request: HttpRequest, uuid: Any, key: str) -> HttpResponse:
        version = _version_or_404(uuid)
        section = self._section(key)
        if version.is_published:
            return redirect("regulations:version", uuid=version.uuid)
        form = SectionForm(initial={"text": version.sections.get(key, "")})
        return self._render(request, version, section, form)

    def post(self, request: HttpRequest, uuid: Any, key: str) -> HttpResponse:
        version = _version_or_404(uuid)
        section = self._section(key)
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                version_update_section(
                    version=version,
                    key=key,
                    text=form.cleaned_data["text"],
                    actor=request.user,  # type: ignore[arg-type]  # a signed-in user: the mixin checked it
                )
            except ValidationError as exc:
                form.add_error("text", exc)
            else:
                messages.success(request, _("The section is saved."))
                return redirect(reverse("regulations:version", kwargs={"uuid": version.uuid}) + f"#{key}")
        return self._render(request, version, section, form, status=400)


class RegulationPublishView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS

    def post(self, request: HttpRequest, uuid: Any) -> HttpResponse:
        version = _version_or_404(uuid)
        try:
            version_publish(version=version, actor=request.user)  # type: ignore[arg-type]  # signed in: checked
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("regulations:version", uuid=version.uuid)
        messages.success(request, _("Version %(number)s is published.") % {"number": version.number})
        return redirect("regulations:list")


class RegulationDiscardView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS

    def post(self, request: HttpRequest, uuid: Any) -> HttpResponse:
        version = _version_or_404(uuid)
        try:
            version_discard(version=version, actor=request.user)  # type: ignore[arg-type]  # signed in: checked
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The draft is discarded."))
        return redirect("regulations:list")
