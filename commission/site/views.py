"""The commission's public site: home, how escalation works, the register of members."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views import View

from tenants.members.links import absolute_url
from tenants.members.models import Member
from tenants.members.selectors import member_get, public_member_list, sector_list


class HomeView(View):
    def get(self, request):
        return render(
            request,
            "site/home.html",
            {"member_count": public_member_list().count(), "sectors": sector_list()},
        )


class HowItWorksView(View):
    def get(self, request):
        return render(request, "site/how_it_works.html")


class MemberRegisterView(View):
    """Active members, searchable by name or city and filterable by sector."""

    def get(self, request):
        search = request.GET.get("q", "").strip()[:100]
        sector = request.GET.get("sector", "").strip()[:50]
        members = public_member_list(search=search, sector=sector)
        page = Paginator(members, 25).get_page(request.GET.get("page"))
        return render(
            request,
            "site/members.html",
            {"page": page, "q": search, "sector": sector, "sectors": sector_list()},
        )


class MemberEntryView(View):
    """A member's entry in the public register: proof of membership on the commission's own domain."""

    def get(self, request, slug):
        try:
            member = member_get(slug=slug, public=True)
        except Member.DoesNotExist:
            raise Http404 from None
        return render(
            request, "site/member_entry.html", {"member": member, "member_url": absolute_url("/", tenant=member)}
        )
