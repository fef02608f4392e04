"""Anonymised publication, reviewed by the secretary, on the public rulings page."""

from __future__ import annotations

import pytest

from commission.rulings.anonymise import Persons, anonymise, split_names
from commission.rulings.models import Publication
from commission.rulings.services import RulingRefused, publication_approve, publication_prepare, publication_update

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Karin",
    "Klant",
    "karin@example.org",
    "06-12345678",
    "12345678",
    "Dorpsstraat",
    "1234 AB",
    "Amersfoort",
    "Jan Jansen",
    "Jansen",
    "Els Evers",
    "Piet Pieterse",
]


def published_text(publication) -> str:
    return "\n".join(
        getattr(publication, name)
        for name in ("summary", "subject", "complainant_position", "member_position", "assessment", "decision")
    )


def test_natural_persons_become_labels_and_the_company_stays(approved, secretary):
    publication = publication_prepare(ruling=approved(), actor=secretary)
    text = published_text(publication)
    for personal in PERSONAL:
        assert personal.lower() not in text.lower(), personal
    assert "Alfa Bouw B.V." in text
    assert "[consument] vraagt terugbetaling van € 250 aan Alfa Bouw B.V." in publication.summary
    assert "[betrokkene]" in publication.subject and "[telefoonnummer]" in publication.subject
    assert "[e-mailadres]" in publication.subject
    assert "[adres]" in publication.complainant_position and "[postcode]" in publication.complainant_position
    assert "[woonplaats]" in publication.complainant_position
    assert "[medewerker]" in publication.member_position
    assert publication.status == Publication.Status.DRAFT and publication.member_name == "Alfa Bouw B.V."
    assert publication.sector.code == "building"


def test_anonymise_rules():
    persons = Persons(
        complainant_name="Sanne van Dijk",
        phone="+31 6 1234 5678",
        others=split_names("Jan Jansen (monteur) en Ali; B. Bakker"),
        company_name="Dijk Installaties",
    )
    text = anonymise(
        "Sanne van Dijk (0612345678) sprak Jan en Ali, zie GC-2025-00012; Dijk Installaties betaalt. Van Dijk belde.",
        persons,
    )
    assert text == (
        "[consument] ([telefoonnummer]) sprak [betrokkene] en [betrokkene], zie GC-2025-00012; "
        "Dijk Installaties betaalt. Van Dijk belde."
    )
    assert split_names("Jan Jansen (monteur), Els Evers") == ["Jan Jansen", "Els Evers"]


def test_the_reviewed_text_is_published_and_a_leak_is_refused(approved, secretary):
    publication = publication_prepare(ruling=approved(), actor=secretary)
    publication_update(publication=publication, actor=secretary, values={"summary": "Karin de Klant wil geld terug."})
    with pytest.raises(RulingRefused):
        publication_approve(publication=publication, actor=secretary)
    publication_update(publication=publication, actor=secretary, values={"summary": "[consument] wil geld terug."})
    publication = publication_approve(publication=publication, actor=secretary)
    assert publication.status == Publication.Status.PUBLISHED and publication.published_on
    with pytest.raises(RulingRefused):
        publication_prepare(ruling=publication.ruling, actor=secretary)


def _publish(approved, secretary, case=None, **values):
    publication = publication_prepare(ruling=approved(case, **values), actor=secretary)
    return publication_approve(publication=publication, actor=secretary)


def test_the_public_page_shows_only_reviewed_publications_and_filters(
    approved, deliberating, secretary, client_for, beta
):
    founded = _publish(approved, secretary)
    unfounded = _publish(approved, secretary, deliberating(beta), outcome="unfounded", amount_awarded=None)
    pending = publication_prepare(ruling=approved(), actor=secretary)
    client = client_for()

    def shown(query=""):
        response = client.get("/rulings/" + query)
        assert response.status_code == 200
        html = response.content.decode()
        return {p for p in (founded, unfounded, pending) if str(p.uuid) in html}

    assert shown() == {founded, unfounded}
    assert shown("?sector=building") == {founded}
    assert shown("?sector=care") == {unfounded}
    assert shown("?outcome=unfounded") == {unfounded}
    assert shown(f"?year={founded.decided_on.year}") == {founded, unfounded}
    assert shown(f"?year={founded.decided_on.year - 1}") == set()
    assert shown("?q=Zorg") == {unfounded}
    detail = client.get(f"/rulings/{founded.uuid}/")
    assert detail.status_code == 200 and "[consument]" in detail.content.decode()
    assert "Karin" not in detail.content.decode()
    assert client.get(f"/rulings/{pending.uuid}/").status_code == 404


def test_the_secretary_reviews_on_the_publication_page(approved, secretary, client_for):
    ruling = approved()
    client = client_for(user=secretary)
    assert client.post(f"/office/rulings/{ruling.uuid}/publication/", {"action": "prepare"}).status_code == 302
    publication = Publication.objects.get(ruling=ruling)
    page = client.get(f"/office/rulings/{ruling.uuid}/publication/")
    assert page.status_code == 200 and "[consument]" in page.content.decode()
    data = {name: getattr(publication, name) for name in ("summary", "subject", "complainant_position")}
    data.update(member_position=publication.member_position, assessment=publication.assessment)
    data.update(decision=publication.decision, action="publish")
    assert client.post(f"/office/rulings/{ruling.uuid}/publication/", data).status_code == 302
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED and publication.reviewed_by_label
