"""Drafts, publishing and the immutability of published versions; terms come from the settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from tenants.complaints.models import Regulation
from tenants.regulations.models import RegulationVersion
from tenants.regulations.sections import MODELS, SECTION_KEYS, model_sections
from tenants.regulations.selectors import current_version, shown_sections
from tenants.regulations.services import (
    version_discard,
    version_publish,
    version_start_draft,
    version_update_section,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_model_has_every_section_without_a_written_term(model, language):
    from tenants.regulations.sections import validate_section_text

    sections = model_sections(model, language)
    assert set(sections) == set(SECTION_KEYS)
    for text in sections.values():
        assert text
        validate_section_text(text)  # placeholders only, no numbers for terms


def test_care_model_names_the_complaints_officer():
    assert "klachtenfunctionaris" in model_sections("care", "nl")["handler"]
    assert "complaints officer" in model_sections("care", "en")["handler"]


def test_draft_publish_then_immutable(in_schema, alpha, staff):
    owner = staff["owner"]
    with in_schema(alpha):
        draft = version_start_draft(actor=owner, source="model", model="building")
        assert draft.number == 1 and draft.status == RegulationVersion.Status.DRAFT
        assert current_version() is None
        draft = version_update_section(
            version=draft, key="appeal", text="Bel de directeur, {{ organisation }}.", actor=owner
        )
        published = version_publish(version=draft, actor=owner)
        assert published.is_published and published.published_at and published.published_by == owner
        assert current_version() == published
        with pytest.raises(ValidationError):
            version_update_section(version=published, key="appeal", text="Anders.", actor=owner)
        with pytest.raises(ValidationError):
            version_publish(version=published, actor=owner)
        with pytest.raises(ValidationError):
            version_discard(version=published, actor=owner)
        # The database refuses too, for code that skips the service.
        with pytest.raises(DatabaseError), transaction.atomic():
            RegulationVersion.objects.filter(pk=published.pk).update(sections={"appeal": "stiekem"})
        with pytest.raises(DatabaseError), transaction.atomic():
            RegulationVersion.objects.filter(pk=published.pk).delete()
        # The next version starts from the current one; the current stays until it is published.
        second = version_start_draft(actor=owner, source="current")
        assert second.number == 2 and second.sections["appeal"] == "Bel de directeur, {{ organisation }}."
        with pytest.raises(ValidationError):
            version_start_draft(actor=owner, source="model")  # one draft at a time
        assert current_version() == published
        version_publish(version=second, actor=owner)
        assert current_version().number == 2
        assert RegulationVersion.objects.get(number=1).sections["appeal"] == "Bel de directeur, {{ organisation }}."


def test_a_term_typed_as_a_number_is_refused(in_schema, alpha, staff):
    with in_schema(alpha):
        draft = version_start_draft(actor=staff["owner"], source="model")
        for text in ("U krijgt binnen 6 weken antwoord.", "Answer within 14 days.", "{{ unknown_thing }}"):
            with pytest.raises(ValidationError):
                version_update_section(version=draft, key="terms", text=text, actor=staff["owner"])


def test_terms_in_the_text_follow_the_settings(in_schema, alpha, published, client_for):
    published()
    page = client_for(alpha).get("/regulation/").content.decode()
    with in_schema(alpha):
        regulation = Regulation.objects.get()
        before = f"{regulation.handling_amount} weken" if regulation.handling_unit == "weeks" else None
    assert before and before in page
    with in_schema(alpha):
        Regulation.objects.update(handling_amount=9, handling_unit="weeks", extension_amount=0)
        texts = " ".join(section.text for section in shown_sections(current_version()))
    assert "9 weken" in texts and "niet verlengd" in texts
    page = client_for(alpha).get("/regulation/").content.decode()
    assert "Binnen 9 weken na ontvangst" in page and f"Binnen {before} na ontvangst" not in page


def test_demo_members_get_their_sector_model_published_once(in_schema, alpha):
    from devtools.demo.members import DEMO_MEMBERS
    from devtools.demo.regulations import demo_regulation_ensure
    from tenants.regulations.sections import model_for_sector

    assert [model_for_sector(demo.sector) for demo in DEMO_MEMBERS] == ["building", "care", "webshop"]
    with in_schema(alpha):
        demo_regulation_ensure(DEMO_MEMBERS[1])
        demo_regulation_ensure(DEMO_MEMBERS[1])
        assert RegulationVersion.objects.count() == 1
        assert current_version().model == "care"
