"""The commission's public site: home, how escalation works, the register of members."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from tenants.members.models import Member
from tenants.members.selectors import public_member_list, sector_list

from .forms import RegisterSearchForm
from .selectors import committee_overview, register_entry, register_member_list

#: Members per page of the register.
REGISTER_PAGE_SIZE = 25


class HomeView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "site/home.html",
            {"member_count": public_member_list().count(), "sectors": sector_list()},
        )


class HowItWorksView(View):
    """The procedure, with each committee's fees and terms as the database holds them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "site/how_it_works.html", {"committees": committee_overview()})


class MemberRegisterView(View):
    """The register: current members by default; searchable by name, city and sector, filterable by
    membership status."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RegisterSearchForm(request.GET)
        members = register_member_list(**form.search())
        page = Paginator(members, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "site/members.html", {"form": form, "page": page})


class MemberEntryView(View):
    """A member's entry in the public register: proof of membership on the commission's own domain,
    also while the membership is suspended or after it ended."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        try:
            entry = register_entry(slug=slug)
        except Member.DoesNotExist:
            raise Http404 from None
        return render(request, "site/member_entry.html", {"entry": entry, "member": entry.member})
