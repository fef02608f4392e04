"""The panel reads the file of the cases on its own hearings, read only and logged: never another
panel's case, an unscheduled case or a cancelled hearing's case, and after the ruling only the ruling
(docs/procedure/commission.md, "Hearings")."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commission.cases import services as procedure
from commission.cases.models import CaseDocument, DocumentAccess, Party, Stage
from commission.cases.services import case_escalate_and_notify
from commission.hearings.models import Slot
from commission.hearings.services import (
    case_cancel_hearing,
    case_schedule,
    hearing_day_cancel,
    hearing_held,
    panel_compose,
)
from commission.rulings.services import ruling_approve, ruling_draft_save
from core.pdf import pdf_text
from core.uploads import check_upload
from tenants.audit.models import AuditEvent
from tenants.complaints.services import attachment_add

from ..cases.test_procedure import PDF, complete_file
from ..helpers import read
from ..images import png_bytes
from ..rulings.conftest import SECTIONS
from .conftest import last_week, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media", "fresh_cache")]

CLAIM = "Vergoeding van de lekkage in de keuken."
DEFENCE = "Het lek is twee keer verholpen; wij wijzen de vordering af."


def status(client, path: str, method: str = "get") -> int:
    """The status of a request; a download is read to the end, which finishes the request (and resets
    its URL conf for the next test)."""
    response = getattr(client, method)(path)
    read(response)
    return response.status_code


def file_url(case) -> str:
    return url("panel_case", case.uuid)


def document_url(case, document) -> str:
    return url("panel_document", case.uuid, document.uuid)


@pytest.fixture
def filed(register, in_schema, alpha, staff, secretary):
    """``filed()``: a case whose defence is in, with a photo of the complainant's, a file the member did
    not share (confidential, waiting for the secretary), and a document the secretary received and kept
    for the commission (confidential, with a reason)."""

    def make():
        complaint = register(
            channel="web_form",
            received_at=timezone.now() - timedelta(weeks=6),
            description="De keuken lekt sinds de plaatsing.",
            attachments=[check_upload(SimpleUploadedFile("foto-klager.png", png_bytes()))],
        )
        with in_schema(alpha):
            attachment_add(
                complaint=complaint,
                actor=staff["handler"],
                checked=check_upload(SimpleUploadedFile("intern-rapport.png", png_bytes(colour=(9, 90, 40)))),
                shared_with_complainant=False,
            )
            case, _created = case_escalate_and_notify(complaint=complaint, claim=CLAIM, binding_accepted=True)
        case = complete_file(case, secretary)
        procedure.case_admissibility_decide(
            case=case, actor=secretary, decision="admissible", letter="De commissie neemt de klacht in behandeling."
        )
        procedure.case_defence_request(case=case, actor=secretary)
        procedure.case_submit(
            case=case, actor=procedure.PartyActor(party=Party.MEMBER, label="Alfa"), text=DEFENCE, uploads=[]
        )
        procedure.case_document_receive(
            case=case,
            actor=secretary,
            party="member",
            kind="other",
            upload=SimpleUploadedFile("bedrijfsgeheim.pdf", PDF, content_type="application/pdf"),
            confidential=True,
            confidential_reason="Bedrijfsgeheim: inkoopprijzen.",
        )
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def hearing(filed, make_day, panel_of, secretary):
    """``hearing(on=...)``: the filed case scheduled on a hearing day whose panel is the pool's first
    three."""

    def make(**day_fields):
        case = filed()
        day = make_day(**day_fields)
        panel_of(day, 0)
        slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
        documents = {d.original_name: d for d in case.documents.all()}
        return SimpleNamespace(case=case, day=day, slot=slot, documents=documents)

    return make


def test_the_panel_reads_the_file_of_its_own_hearing(hearing, pool, client_for):
    heard = hearing()
    case, documents = heard.case, heard.documents
    for seat in ("consumer", "trade", "chair"):
        user = pool[seat][0].user
        client = client_for(None, user)
        listing = client.get(url("mine"))
        assert listing.status_code == 200 and file_url(case) in listing.content.decode(), seat
        page = client.get(file_url(case))
        text = page.content.decode()
        assert page.status_code == 200, seat
        for shown in (case.reference, case.complainant_name, CLAIM, "De keuken lekt sinds de plaatsing.", DEFENCE):
            assert shown in text, f"{seat}: {shown}"
        for name in documents:
            assert name in text, f"{seat} does not see {name} listed"
        event = AuditEvent.objects.filter(event_type="hearing.panel_file_viewed", actor_id=user.pk).get()
        assert event.target_id == str(case.uuid) and event.data["seat"] == seat

    consumer = pool["consumer"][0].user
    client = client_for(None, consumer)
    shared = documents["foto-klager.png"]
    response = client.get(document_url(case, shared))
    assert response.status_code == 200 and read(response) == png_bytes()
    access = DocumentAccess.objects.get(document=shared)
    assert access.party == CaseDocument.Party.COMMISSION and access.viewer_label == consumer.full_name
    # Kept for the commission by the secretary: the panel is the commission, so it opens it.
    assert documents["bedrijfsgeheim.pdf"].confidential
    assert status(client, document_url(case, documents["bedrijfsgeheim.pdf"])) == 200
    # Still waiting for the secretary's decision: listed, not opened, and not logged as opened.
    waiting = documents["intern-rapport.png"]
    assert waiting.confidential and waiting.visible_to_party == CaseDocument.Party.MEMBER
    assert document_url(case, waiting) not in client.get(file_url(case)).content.decode()
    assert status(client, document_url(case, waiting)) == 404
    assert not DocumentAccess.objects.filter(document=waiting).exists()


def test_upcoming_hearings_first_then_past(hearing, pool, client_for):
    past = hearing(on=last_week())
    upcoming = hearing(on=timezone.localdate() + timedelta(days=20))
    text = client_for(None, pool["trade"][0].user).get(url("mine")).content.decode()
    upcoming_at, past_at = text.index(upcoming.case.reference), text.index(past.case.reference)
    assert upcoming_at < text.index('id="past-heading"') < past_at


def test_nobody_else_reads_the_file(hearing, make_case, pool, client_for, secretary, alpha, staff):
    heard = hearing()
    case, document = heard.case, heard.documents["foto-klager.png"]
    unscheduled = make_case()
    # The same seats on another panel, a case that is on no hearing.
    other = client_for(None, pool["consumer"][1].user)
    assert case.reference not in other.get(url("mine")).content.decode()
    assert status(other, file_url(case)) == 404
    assert status(other, document_url(case, document)) == 404
    mine = client_for(None, pool["consumer"][0].user)
    assert status(mine, file_url(unscheduled)) == 404
    # Commission staff without the capability, a member's user, an anonymous visitor.
    assert status(client_for(None, secretary), url("mine")) == 403
    assert status(client_for(None, secretary), file_url(case)) == 403
    assert status(client_for(alpha, staff["owner"]), file_url(case)) == 404
    anonymous = client_for(None)
    for path in (url("mine"), file_url(case), document_url(case, document)):
        response = anonymous.get(path)
        assert response.status_code == 302 and "login" in response["Location"], path
    assert not DocumentAccess.objects.filter(document=document).exists()


def test_a_cancelled_hearing_or_a_new_panel_ends_access(hearing, pool, client_for, secretary):
    heard = hearing()
    client = client_for(None, pool["trade"][0].user)
    assert status(client, file_url(heard.case)) == 200
    case_cancel_hearing(slot=heard.slot, actor=secretary, reason="Uitstel gevraagd")
    assert Slot.objects.get(pk=heard.slot.pk).status == Slot.Status.CANCELLED
    assert heard.case.reference not in client.get(url("mine")).content.decode()
    assert status(client, file_url(heard.case)) == 404
    assert status(client, document_url(heard.case, heard.documents["foto-klager.png"])) == 404

    again = hearing(on=heard.day.date + timedelta(days=7))  # nobody sits on two hearing days on one date
    assert status(client, file_url(again.case)) == 200
    panel_compose(
        day=again.day, chair=pool["chair"][0], consumer=pool["consumer"][0], trade=pool["trade"][1], actor=secretary
    )
    assert status(client, file_url(again.case)) == 404
    assert status(client_for(None, pool["trade"][1].user), file_url(again.case)) == 200

    hearing_day_cancel(day=again.day, actor=secretary, reason="Zaal niet beschikbaar")
    assert status(client_for(None, pool["trade"][1].user), file_url(again.case)) == 404


def test_after_the_hearing_the_file_stays_until_the_ruling_is_approved(hearing, pool, client_for, secretary):
    heard = hearing(on=last_week())
    chair = pool["chair"][0].user
    client = client_for(None, pool["consumer"][0].user)
    document = heard.documents["foto-klager.png"]
    hearing_held(slot=heard.slot, actor=secretary)
    heard.case.refresh_from_db()
    assert heard.case.stage == Stage.DELIBERATION
    assert CLAIM in client.get(file_url(heard.case)).content.decode()
    assert status(client, document_url(heard.case, document)) == 200

    values = {
        **SECTIONS,
        "outcome": "founded",
        "amount_awarded": Decimal("250.00"),
        "fee_refund": "member",
        "unanimous": True,
    }
    ruling = ruling_approve(ruling=ruling_draft_save(case=heard.case, actor=secretary, values=values), actor=chair)
    page = client.get(file_url(heard.case))
    text = page.content.decode()
    assert page.status_code == 200 and ruling.number in text
    for gone in (CLAIM, DEFENCE, "foto-klager.png", "bedrijfsgeheim.pdf"):
        assert gone not in text, gone
    assert status(client, document_url(heard.case, document)) == 404
    assert AuditEvent.objects.filter(event_type="hearing.panel_file_viewed", data__file_open=False).count() == 1
    # What remains is the ruling: the panel downloads it; a member of another panel cannot.
    copy_url = f"/office/rulings/cases/{heard.case.uuid}/panel-copy.pdf"
    download = client.get(copy_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert ruling.number in pdf_text(b"".join(download.streaming_content))
    assert status(client_for(None, pool["trade"][1].user), copy_url) == 404


def test_the_panel_writes_nothing(hearing, pool, client_for):
    heard = hearing()
    client = client_for(None, pool["chair"][0].user)
    document = heard.documents["foto-klager.png"]
    paths = (url("mine"), file_url(heard.case), document_url(heard.case, document))
    for path in paths:
        for method in ("post", "put", "patch", "delete"):
            assert status(client, path, method) == 405, f"{method} {path}"
    page = client.get(file_url(heard.case)).content.decode()
    assert "<form" not in page.split("<main", 1)[1], "the file page offers a form"
    heard.case.refresh_from_db()
    assert heard.case.stage == Stage.HEARING and heard.case.documents.count() == len(heard.documents)
    assert not DocumentAccess.objects.exists()
