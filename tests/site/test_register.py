"""The public register on the commission's host: the list by status and search, each
member's entry (status, certificate, regulation, where to complain first), and "how it works" with
the committees' fees and terms as the database holds them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from commission.cases.models import Committee
from commission.certification.certificates import certificate_change, certificate_request
from commission.certification.models import Certificate
from commission.site.selectors import GENERAL_COMMITTEE_NAME, term_words
from core.deadlines import Term, TermUnit
from tenants.members.links import absolute_url
from tenants.members.models import Member
from tenants.members.services import member_provision, member_set_status, member_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _published_regulation(monkeypatch):
    """Every member passes the certificate's "regulation published" criterion, so that certificates
    can be issued; the entry page itself asks the regulations app (and the tests below publish one
    where they need it)."""
    from commission.certification import evaluation

    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: lambda member: (1, timezone.now()))


@pytest.fixture
def pending_member(alpha):
    """A member whose schema is still being prepared (no spare in the pool, no worker has run)."""
    member = member_provision(
        legal_name="Gamma Reizen", slug="gamma", sector=alpha.sector, owner_email="owner@gamma.example.org"
    )
    assert member.schema_status == Member.SchemaStatus.PENDING
    return member


def register(client_for, query: str = "") -> str:
    response = client_for().get("/members/" + query)
    assert response.status_code == 200, (query, response.status_code)
    return response.content.decode()


def listed(page: str) -> dict[str, dict[str, str]]:
    """The members the register lists: slug -> its membership status and certificate marker."""
    rows = {}
    for slug, row in re.findall(r'<li data-member="([^"]+)">(.*?)</li>', page, flags=re.S):
        status = re.search(r'data-status="([^"]+)"', row)
        certificate = re.search(r'data-certificate="([^"]+)"', row)
        rows[slug] = {
            "status": status.group(1) if status else "",
            "certificate": certificate.group(1) if certificate else "",
        }
    return rows


def entry(client_for, member) -> str:
    response = client_for().get(f"/members/{member.slug}/")
    assert response.status_code == 200, (member.slug, response.status_code)
    return response.content.decode()


# The list ----------------------------------------------------------------------------------------


def test_the_register_lists_current_members_with_their_status_and_certificate(
    client_for, alpha, beta, issued, secretary
):
    certificate = issued(alpha)
    rows = listed(register(client_for))
    assert set(rows) == {"alpha", "beta"}
    assert rows["alpha"] == {"status": "active", "certificate": "valid"}
    assert rows["beta"] == {"status": "active", "certificate": "none"}
    # A suspended certificate is not a valid one, in the list at once.
    certificate_change(certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen", actor=secretary)
    assert listed(register(client_for))["alpha"]["certificate"] == "none"


def test_the_status_filter_shows_active_suspended_or_ended_members(client_for, alpha, beta):
    member_set_status(member=alpha, status="suspended", actor=None, reason="Bijdrage niet betaald")
    member_set_status(member=beta, status="ended", actor=None, reason="Opgezegd")

    default = listed(register(client_for))
    assert default == {"alpha": {"status": "suspended", "certificate": "none"}}, "default: active and suspended"
    assert set(listed(register(client_for, "?status=suspended"))) == {"alpha"}
    assert set(listed(register(client_for, "?status=ended"))) == {"beta"}
    assert listed(register(client_for, "?status=ended"))["beta"]["status"] == "ended"
    assert set(listed(register(client_for, "?status=active"))) == set()
    assert set(listed(register(client_for, "?status=all"))) == {"alpha", "beta"}
    member_set_status(member=alpha, status="active", actor=None)
    assert set(listed(register(client_for, "?status=active"))) == {"alpha"}


def test_search_by_name_city_and_sector(client_for, alpha, beta):
    member_update(member=beta, actor=None, city="Zwolle")
    assert set(listed(register(client_for, "?q=alfa"))) == {"alpha"}, "q matches the name"
    assert set(listed(register(client_for, "?q=zwol"))) == {"beta"}, "q matches the city"
    assert set(listed(register(client_for, "?city=utrecht"))) == {"alpha"}, "city matches the city"
    assert set(listed(register(client_for, "?city=Beta"))) == set(), "city does not match the name"
    assert set(listed(register(client_for, f"?sector={beta.sector.code}"))) == {"beta"}
    assert set(listed(register(client_for, f"?sector={alpha.sector.code}&city=zwolle"))) == set()
    assert set(listed(register(client_for, "?q=nergens"))) == set()


def test_members_being_prepared_and_the_commission_never_appear(client_for, alpha, pending_member):
    commission = Member.objects.get(kind=Member.Kind.COMMISSION)
    everyone = listed(register(client_for, "?status=all"))
    assert "gamma" not in everyone and commission.slug not in everyone and "alpha" in everyone
    assert "gamma" not in listed(register(client_for, "?q=gamma"))
    assert client_for().get("/members/gamma/").status_code == 404
    assert client_for().get(f"/members/{commission.slug}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?sector=geen-sector",
        "?status=bogus",
        "?q=" + "x" * 5000,
        "?city=" + "y" * 5000,
        "?sector=%27%3B+DROP+TABLE+x",
        "?q=%F0%9F%98%80&status=all&page=2",
    ],
)
def test_junk_parameters_give_a_normal_page(client_for, alpha, query):
    page = register(client_for, query)
    assert "member-results" in page


def test_an_unusable_filter_is_explained_and_the_others_still_apply(client_for, alpha, beta):
    member_update(member=beta, actor=None, city="Zwolle")
    page = register(client_for, f"?sector=geen-sector&q={'x' * 500}&city=utrecht")
    assert page.count("has-error") == 2, "the sector and the long search are marked"
    assert set(listed(page)) == {"alpha"}, "the valid city filter still applies, the others are left out"


# The entry ---------------------------------------------------------------------------------------


def test_entry_of_an_active_member_with_a_certificate(client_for, alpha, issued):
    certificate = issued(alpha)
    page = entry(client_for, alpha)
    assert 'data-status="active"' in page
    assert certificate.serial in page and 'data-standing="valid"' in page
    assert f'href="/verify/{certificate.serial}/"' in page
    assert certificate.valid_until.strftime("%Y") in page
    assert f'href="{absolute_url("/complaint/", tenant=alpha)}"' in page


def test_entry_of_a_suspended_member_shows_since_when(client_for, alpha, issued, secretary):
    certificate = issued(alpha)
    certificate_change(certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen", actor=secretary)
    member_set_status(member=alpha, status="suspended", actor=None, reason="Uitspraak niet nagekomen")
    alpha.refresh_from_db()
    page = entry(client_for, alpha)
    assert 'data-status="suspended"' in page
    with translation.override("nl"):
        from django.utils.formats import date_format

        assert date_format(alpha.suspended_on, "j F Y") in page
    assert certificate.serial in page and 'data-standing="suspended"' in page
    assert 'data-testid="complaint-form"' in page, "the member still handles complaints itself"


def test_entry_of_an_ended_member_says_complaints_no_longer_go_to_the_commission(client_for, beta, issued, secretary):
    certificate = issued(beta)
    certificate_change(certificate=certificate, change="revoke", reason="Lidmaatschap beëindigd", actor=secretary)
    member_set_status(member=beta, status="ended", actor=None, reason="Opgezegd")
    beta.refresh_from_db()
    page = entry(client_for, beta)
    assert 'data-status="ended"' in page
    with translation.override("nl"):
        from django.utils.formats import date_format

        assert date_format(beta.ended_on, "j F Y") in page
    assert certificate.serial in page and 'data-standing="revoked"' in page
    assert 'data-testid="complaint-form"' not in page


def test_entry_without_a_certificate_and_a_certificate_still_being_issued(client_for, alpha, secretary):
    assert 'data-testid="no-certificate"' in entry(client_for, alpha)
    pending = certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    page = entry(client_for, alpha)
    assert pending.serial not in page and 'data-testid="no-certificate"' in page


def test_regulation_link_only_when_one_is_published(client_for, alpha, beta, in_schema):
    from tenants.regulations.services import version_publish, version_start_draft

    with in_schema(alpha):
        draft = version_start_draft(actor=None, source="model", model="general", language="nl")
    page = entry(client_for, alpha)
    assert 'data-testid="no-regulation"' in page, "a draft is not a published regulation"
    assert "/regulation/" not in page and "/regulation.pdf" not in page

    with in_schema(alpha):
        version_publish(version=draft, actor=None)
    page = entry(client_for, alpha)
    assert f'href="{absolute_url("/regulation/", tenant=alpha)}"' in page
    assert f'href="{absolute_url("/regulation.pdf", tenant=alpha)}"' in page
    assert 'data-testid="no-regulation"' not in page
    # Beta's entry does not borrow alpha's regulation.
    assert 'data-testid="no-regulation"' in entry(client_for, beta)


def test_unknown_slug_is_a_404(client_for):
    assert client_for().get("/members/niet-bestaand/").status_code == 404


# How it works ------------------------------------------------------------------------------------


def committee_section(page: str, name: str) -> str:
    found = re.search(rf'data-committee="{re.escape(name)}">(.*?)</section>', page, flags=re.S)
    assert found is not None, f"no section for {name}"
    return found.group(1)


def test_how_it_works_shows_each_committees_fee_and_terms_from_the_database(client_for, alpha, beta):
    building = Committee.objects.create(name="Geschillencommissie Bouw", fee_flat=Decimal("1234.50"), min_wait_amount=6)
    building.sectors.add(alpha.sector)
    page = client_for().get("/how-it-works/").content.decode()
    section = committee_section(page, "Geschillencommissie Bouw")
    assert "€ 1.234,50" in section, "Dutch thousands separator and the euro sign"
    with translation.override("nl"):
        assert term_words(Term(6, TermUnit.WEEKS)) in section
    assert alpha.sector.name_nl in section and beta.sector.name_nl not in section

    Committee.objects.filter(pk=building.pk).update(fee_flat=Decimal("99.00"))
    page = client_for().get("/how-it-works/").content.decode()
    assert "€ 99,00" in page and "1.234,50" not in page

    # Beta's sector has no committee of its own: the general committee, as escalation would pick it.
    general = committee_section(page, GENERAL_COMMITTEE_NAME)
    assert beta.sector.name_nl in general and "€ 52,50" in general


def test_how_it_works_shows_fee_tiers_in_english_too(client_for, alpha):
    Committee.objects.create(
        name="Geschillencommissie Bouw",
        fee_mode=Committee.FeeMode.TIERED,
        fee_tiers=[{"up_to": 10000, "fee": "77.50"}, {"up_to": None, "fee": "1127.50"}],
    ).sectors.add(alpha.sector)
    client = client_for()
    client.cookies["django_language"] = "en"
    page = client.get("/how-it-works/").content.decode()
    assert "€ 10,000" in page and "€ 77.50" in page and "€ 1,127.50" in page


def test_a_committee_no_sector_goes_to_is_not_shown(client_for, alpha):
    first = Committee.objects.create(name="Eerste Commissie")
    first.sectors.add(alpha.sector)
    second = Committee.objects.create(name="Tweede Commissie")
    second.sectors.add(alpha.sector)
    page = client_for().get("/how-it-works/").content.decode()
    assert 'data-committee="Eerste Commissie"' in page and 'data-committee="Tweede Commissie"' not in page
