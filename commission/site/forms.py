"""The public register's search form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.members.models import Member
from tenants.members.selectors import CURRENT_MEMBERSHIP, sector_list

#: A name or a city is short; a longer search is refused with a message rather than run.
SEARCH_LENGTH = 100

#: The status filter's values besides the membership statuses: "" (the default) and "all".
ALL_STATUSES = "all"


class RegisterSearchForm(forms.Form):
    """Search by name or city (``q``), by city only, by sector and by membership status. A field
    with a value it cannot use shows its error and is left out of the search; the others still apply."""

    q = forms.CharField(
        label=_("Name or city"),
        required=False,
        max_length=SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Searches both the name and the city."),
    )
    city = forms.CharField(
        label=_("City"), required=False, max_length=SEARCH_LENGTH, widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[
            ("", _("Current members (active and suspended)")),
            *Member.MembershipStatus.choices,
            (ALL_STATUSES, _("All, including former members")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Plain ids ("q", "sector"): the page's live search refers to them.
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        assert isinstance(sector, forms.ChoiceField)
        sector.choices = [("", _("All sectors")), *((s.code, s.name) for s in sector_list())]

    def search(self) -> dict[str, Any]:
        """The keyword arguments for the register's selector, from the fields that are valid."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid, errors for the others
            data = self.cleaned_data
        status = data.get("status", "")
        if status == ALL_STATUSES:
            statuses: tuple[str, ...] = tuple(Member.MembershipStatus.values)
        elif status:
            statuses = (status,)
        else:
            statuses = CURRENT_MEMBERSHIP
        return {
            "search": data.get("q", "").strip(),
            "city": data.get("city", "").strip(),
            "sector": data.get("sector", ""),
            "statuses": statuses,
        }
