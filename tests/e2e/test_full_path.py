"""The whole path, end to end, through the pages each party uses: a complaint at a member, handled
and closed unresolved, taken to the commission by the complainant, the written procedure, the
hearing, the ruling and its compliance.

Every party has a test client on its own host: the complainant on the member's host (form, status
link) and on the commission's host (case link); the member's staff on the member's host; the
secretary and the chair on the commission's host. E-mails are read from the outboxes (the member's
schema for the member's mail, ``public`` for the commission's), the way a complainant follows links.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from commission.cases.models import Case, Stage, Submission
from commission.cases.services import case_from_token
from commission.hearings.models import HearingDay, PanelMember, PanelRole, Slot
from commission.rulings.models import Compliance, Outcome, Ruling
from core.pdf import pdf_text
from tenants.accounts.roles import Role
from tenants.complaints.models import Complaint
from tenants.complaints.workflow import Outcome as ComplaintOutcome
from tenants.complaints.workflow import Status
from tenants.outbox.models import OutboundEmail
from tenants.outbox.services import email_send
from tests.helpers import nl

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media", "fresh_cache", "reset_urlconf")]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMPLAINANT_NAME = "Petra de Vries"
COMPLAINANT_EMAIL = "petra.devries@example.org"
DECISION = "Alfa Bouw B.V. herstelt de lekkage en betaalt Petra de Vries € 400 binnen 30 dagen."


# Small helpers ------------------------------------------------------------------------------------


def ok(response, status: int = 200) -> str:
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.content.decode() if status == 200 else response.get("Location", "")


def redirected(response) -> str:
    """The Location of a 302 (a refused form answers 400 with the errors instead)."""
    return ok(response, 302)


def link_in(body: str, pattern: str) -> str:
    """The path of the first link in an e-mail body matching ``pattern`` (host included)."""
    found = re.search(pattern, body)
    assert found, body
    return found.group(1)


def pdf_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def commission_mail(case: Case, topic: str, to: str) -> OutboundEmail:
    with schema_context("public"):
        return OutboundEmail.objects.get(topic=topic, to=to, about=f"cases.case:{case.uuid}")


def parse_ics(text: str) -> dict[str, list[tuple[dict, str]]]:
    """Content lines by name, each as (parameters, value), after unfolding (RFC 5545 3.1)."""
    assert text.startswith("BEGIN:VCALENDAR\r\n"), text[:200]
    assert text.endswith("END:VCALENDAR\r\n"), text[-200:]
    lines: dict[str, list[tuple[dict, str]]] = {}
    for line in filter(None, text.replace("\r\n ", "").split("\r\n")):
        head, value = re.match(r'((?:[^:"]|"[^"]*")*):(.*)', line).groups()
        name, *params = head.split(";")
        lines.setdefault(name, []).append((dict(p.split("=", 1) for p in params), value))
    return lines


def values(calendar, name: str) -> list[str]:
    return [value for _params, value in calendar.get(name, [])]


def case_stage(case: Case) -> str:
    case.refresh_from_db()
    return case.stage


# The path -----------------------------------------------------------------------------------------


def test_from_complaint_at_the_member_to_a_ruling_complied_with(
    alpha, client_for, make_user, in_schema, django_capture_on_commit_callbacks, monkeypatch
):
    owner = make_user(alpha, Role.OWNER)
    handler = make_user(alpha, Role.HANDLER)
    secretary = make_user(None, Role.SECRETARY)
    chair_user = make_user(None, Role.CHAIR)
    consumer_user = make_user(None, Role.PANEL_MEMBER)
    trade_user = make_user(None, Role.PANEL_MEMBER)

    complainant_at_member = client_for(alpha)
    complainant_at_commission = client_for(None)
    staff = client_for(alpha, handler)
    member_owner = client_for(alpha, owner)
    office = client_for(None, secretary)
    chair = client_for(None, chair_user)

    # 1. The complainant files a complaint through the member's public form.
    redirected(
        complainant_at_member.post(
            "/complaint/",
            {
                "complainant_name": COMPLAINANT_NAME,
                "complainant_email": COMPLAINANT_EMAIL,
                "description": "De badkamer lekt sinds de verbouwing; de monteur kwam twee keer niet.",
                "remedy_sought": "Herstel van de lekkage.",
                "consent": "on",
            },
        )
    )
    with in_schema(alpha):
        complaint = Complaint.objects.get(complainant_email=COMPLAINANT_EMAIL)
        acknowledgment = OutboundEmail.objects.get(topic="complaint_acknowledgment", to=COMPLAINANT_EMAIL)
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.reference in acknowledgment.subject
    status_path = link_in(acknowledgment.body_text, r"http://alpha\.wederhoor\.test(/status/[^/\s]+/)")
    assert complaint.reference in ok(complainant_at_member.get(status_path)), "the status page names the complaint"

    # 2. The handler investigates and closes it unresolved (rejected), with the final answer.
    detail = f"/office/complaints/{complaint.uuid}/"
    assert complaint.reference in ok(staff.get(detail)), "the handler's complaint page names the complaint"
    redirected(staff.post(detail, {"action": "transition", "target": "investigating", "note": "In onderzoek."}))
    redirected(
        staff.post(
            detail,
            {
                "action": "transition",
                "target": "closed",
                "outcome": "rejected",
                "final_text": "Wij hebben de lekkage onderzocht en zien geen fout in ons werk.",
                "findings": "De kit rond het bad is door de bewoner vervangen.",
            },
        )
    )
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.outcome == ComplaintOutcome.REJECTED

    # 3. The complainant takes it to the commission from the status page, at once (it is closed).
    status_page = ok(complainant_at_member.get(status_path))
    escalate_path = f"{status_path}commission/"
    assert escalate_path in status_page, "the status page links to the escalation form"
    assert nl(ComplaintOutcome.REJECTED.label) in status_page, "the status page shows the outcome"
    assert 'name="binding_accepted"' in ok(complainant_at_member.get(escalate_path)), (
        "the escalation form asks to accept the binding ruling"
    )
    with django_capture_on_commit_callbacks() as after_commit:
        case_url = redirected(
            complainant_at_member.post(
                escalate_path,
                {
                    "claim": "Herstel van de lekkage en € 400 schadevergoeding.",
                    "disputed_amount": "400",
                    "binding_accepted": "on",
                },
            )
        )
    # The commission's e-mails about the new case leave once the request committed.
    assert after_commit, "escalating queued no work to run after the commit"
    case = Case.objects.get(member_complaint_uuid=complaint.uuid)
    assert case.member == alpha
    assert case.complainant_name == COMPLAINANT_NAME
    assert case.stage == Stage.FILED
    with in_schema(alpha):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.ESCALATED
    filed = commission_mail(case, "case_filed", COMPLAINANT_EMAIL)
    case_path = link_in(filed.body_text, r"http://wederhoor\.test(/cases/[^/\s]+/)")
    case_token = case_path.removeprefix("/cases/").strip("/")
    # The page the complainant lands on and the link in the e-mail open the same case (each link is
    # signed when it is made, so the two may differ in their time stamp by a second).
    case_base = f"http://{settings.PLATFORM_DOMAIN}/cases/"
    assert case_url.startswith(case_base), case_url
    assert case_from_token(case_url.removeprefix(case_base).strip("/")) == case, case_url
    assert case.reference in ok(complainant_at_commission.get(case_path)), "the case link opens the case"

    # 4. Intake at the commission, through the case page's actions: the complainant adds the
    # complaint letter, the secretary waives the rest, registers the fee, completes the file, finds
    # the complaint admissible and asks the member for its defence.
    redirected(
        complainant_at_commission.post(
            case_path, {"form": "documents", "kind": "complaint_letter", "attachments": [pdf_upload("klachtbrief.pdf")]}
        )
    )
    case_page = f"/office/cases/{case.uuid}/"
    assert case.reference in ok(office.get(case_page)), "the secretary's case page names the case"
    case.refresh_from_db()
    redirected(office.post(f"{case_page}do/waive/", {"kinds": case.missing_documents}))
    redirected(
        office.post(
            f"{case_page}do/payment/",
            {"kind": "fee", "amount": str(case.fee_amount), "paid_on": timezone.localdate().isoformat()},
        )
    )
    redirected(office.post(f"{case_page}do/complete/"))
    assert case_stage(case) == Stage.ADMISSIBILITY
    letter = "De commissie is bevoegd en neemt de klacht in behandeling."
    redirected(office.post(f"{case_page}do/admissibility/", {"decision": "admissible", "letter": letter}))
    redirected(office.post(f"{case_page}do/defence/"))
    assert case_stage(case) == Stage.DEFENCE

    # 5. The member's owner submits the defence from its own back-office.
    member_case = f"/office/commission-cases/{case.uuid}/"
    assert 'name="attachments"' in ok(member_owner.get(member_case)), "the member's case page offers the defence form"
    defence = "Alfa Bouw B.V. heeft volgens de offerte gewerkt; de lekkage komt door later kitwerk."
    redirected(member_owner.post(member_case, {"text": defence, "attachments": [pdf_upload("verweer.pdf")]}))
    assert Submission.objects.get(case=case, party="member").text == defence

    # 6. The secretary opens the reply round; the complainant replies through the case link.
    due = (timezone.localdate() + timedelta(days=28)).isoformat()
    redirected(office.post(f"{case_page}do/round/", {"party": "complainant", "kind": "reply", "due_on": due}))
    assert defence in ok(complainant_at_commission.get(case_path)), "the complainant reads the member's defence"
    reply = "Het kitwerk is door de monteur van Alfa Bouw zelf gedaan; zie de factuur."
    redirected(complainant_at_commission.post(case_path, {"form": "submission", "text": reply}))
    assert Submission.objects.get(case=case, party="complainant").text == reply
    assert case_stage(case) == Stage.WRITTEN_ROUNDS

    # 7. The secretary fills the pool, creates a hearing day, composes the panel and schedules the case.
    for user, seat in (
        (chair_user, PanelRole.CHAIR),
        (consumer_user, PanelRole.CONSUMER),
        (trade_user, PanelRole.TRADE),
    ):
        redirected(
            office.post(
                "/office/hearings/panel/", {"form": "member", "member-user": user.pk, "member-panel_role": seat}
            )
        )
    hearing_date = timezone.localdate() + timedelta(days=1)
    redirected(
        office.post(
            "/office/hearings/",
            {
                "committee": case.committee.pk,
                "date": hearing_date.isoformat(),
                "starts_at": "10:00",
                "place": "Den Haag",
                "room": "Zaal 2",
                "slot_minutes": 45,
            },
        )
    )
    day = HearingDay.objects.get(committee=case.committee, date=hearing_date)
    day_page = f"/office/hearings/{day.uuid}/"
    pool = {m.panel_role: m for m in PanelMember.objects.filter(user__in=[chair_user, consumer_user, trade_user])}
    redirected(
        office.post(
            f"{day_page}panel/",
            {"chair": pool["chair"].pk, "consumer": pool["consumer"].pk, "trade": pool["trade"].pk},
        )
    )
    assert case.reference in ok(office.get(day_page)), "the day's schedule form offers the case"
    redirected(office.post(f"{day_page}schedule/", {"case": case.pk, "starts_at": "10:30"}))
    slot = Slot.objects.get(case=case)
    assert case_stage(case) == Stage.HEARING
    assert f"{case.reference}" in ok(office.get(day_page)), "the day page lists the scheduled case"

    # 8. The invitation to the complainant carries the calendar entry.
    invitation = commission_mail(case, "hearing_invitation", COMPLAINANT_EMAIL)
    assert case.reference in invitation.subject
    (attachment,) = invitation.attachments
    assert attachment["filename"] == "invite.ics"
    assert attachment["content_type"].startswith("text/calendar"), attachment["content_type"]
    calendar = parse_ics(base64.b64decode(attachment["content"]).decode())
    start = datetime.combine(hearing_date, time(10, 30), tzinfo=AMSTERDAM).astimezone(UTC)
    assert values(calendar, "METHOD") == ["REQUEST"]
    assert values(calendar, "UID") == [f"{slot.uid}@{settings.PLATFORM_DOMAIN}"]
    assert values(calendar, "DTSTART") == [start.strftime("%Y%m%dT%H%M%SZ")]
    assert values(calendar, "DTEND") == [(start + timedelta(minutes=45)).strftime("%Y%m%dT%H%M%SZ")]
    assert values(calendar, "SEQUENCE") == ["0"]
    attendees = {value.lower(): params for params, value in calendar["ATTENDEE"]}
    assert f"mailto:{COMPLAINANT_EMAIL}" in attendees, attendees
    assert COMPLAINANT_NAME in attendees[f"mailto:{COMPLAINANT_EMAIL}"].get("CN", "")
    # The complainant's calendar names the complainant only: no staff or panel addresses.
    assert set(attendees) == {f"mailto:{COMPLAINANT_EMAIL}"}
    panel_invitation = commission_mail(case, "hearing_invitation", chair_user.email)
    panel_calendar = parse_ics(base64.b64decode(panel_invitation.attachments[0]["content"]).decode())
    assert {value.lower() for value in values(panel_calendar, "ATTENDEE")} == {
        f"mailto:{u.email}".lower() for u in (chair_user, consumer_user, trade_user)
    }
    # Sent for real (locmem backend), with the same file attached.
    with schema_context("public"):
        assert email_send(email_id=invitation.pk).status == OutboundEmail.Status.SENT
    (sent,) = [m for m in mail.outbox if m.to == [COMPLAINANT_EMAIL]]
    filename, content, _media_type = sent.attachments[0]
    assert filename == "invite.ics"
    assert f"UID:{slot.uid}" in content, "the e-mail sent carries the same calendar entry"

    # 9. The hearing is held; the secretary drafts the ruling and the chair approves it. Not before the
    # hearing's start: the page refuses, naming it, and the case waits.
    ok(office.post(f"{day_page}slots/{slot.uid}/held/"), 302)
    assert case_stage(case) == Stage.HEARING
    # From here on the clock shows the hearing day, after the hearing.
    after_hearing = datetime.combine(hearing_date, time(12, 0), tzinfo=AMSTERDAM)
    monkeypatch.setattr(timezone, "now", lambda: after_hearing)
    redirected(office.post(f"{day_page}slots/{slot.uid}/held/"))
    assert case_stage(case) == Stage.DELIBERATION
    draft_page = f"/office/rulings/cases/{case.uuid}/draft/"
    ok(office.get(draft_page))
    redirected(
        office.post(
            draft_page,
            {
                "summary": f"{COMPLAINANT_NAME} vraagt herstel en € 400 van Alfa Bouw B.V.",
                "subject": "Een lekkage in de badkamer na een verbouwing.",
                "complainant_position": reply,
                "member_position": defence,
                "assessment": "De commissie acht aannemelijk dat het kitwerk door de monteur van het lid is gedaan.",
                "decision": DECISION,
                "outcome": Outcome.FOUNDED,
                "amount_awarded": "400.00",
                "fee_refund": "member",
                "deposit_decision": "none",
                "deposit_to_complainant": "",
                "compliance_term_days": "30",
                "unanimous": "True",
            },
        )
    )
    ruling = Ruling.objects.get(case=case)
    assert ruling.status == Ruling.Status.DRAFT
    assert office.post(f"/office/rulings/{ruling.uuid}/approve/").status_code == 403
    redirected(chair.post(f"/office/rulings/{ruling.uuid}/approve/"))
    ruling.refresh_from_db()
    assert ruling.is_approved
    assert case_stage(case) == Stage.RULED

    # 10. The stored PDF names the parties, the outcome and the decision.
    with ruling.pdf.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    outcome = nl(Outcome.FOUNDED.label)
    for expected in (COMPLAINANT_NAME, alpha.legal_name, outcome, DECISION, case.reference):
        assert expected in text, expected

    # 11. The member sees the outcome on its case page; the complainant on the status page and the case page.
    member_page = ok(member_owner.get(member_case))
    assert re.search(rf'data-testid="ruling-outcome">\s*{re.escape(outcome)}', member_page), (
        f"the member's case page does not show the outcome {outcome!r}"
    )
    assert outcome in ok(complainant_at_member.get(status_path)), "the status page shows the ruling's outcome"
    assert outcome in ok(complainant_at_commission.get(case_path)), "the case page shows the ruling's outcome"

    # 12. The member confirms compliance, then the complainant: the case is closed as complied with.
    redirected(member_owner.post(f"{member_case}rulings/{ruling.uuid}/compliance/", {"note": "Hersteld en betaald."}))
    ruling.compliance.refresh_from_db()
    assert ruling.compliance.member_confirmed_at, "the member's confirmation is recorded"
    assert ruling.compliance.member_note == "Hersteld en betaald."
    redirected(
        complainant_at_commission.post(f"/rulings/case/{case_token}/{ruling.uuid}/compliance/", {"action": "confirm"})
    )
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.closure == Case.Closure.COMPLIED
    assert Compliance.objects.get(ruling=ruling).state == "complied"
