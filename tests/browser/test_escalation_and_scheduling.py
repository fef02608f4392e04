"""In a real browser: the complainant takes a closed complaint from the status page to the
commission, and the secretary plans a hearing day and puts a case on it."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.helpers import nl

pytestmark = [pytest.mark.browser, pytest.mark.worker]

SCHEMA = "m_alpha"


def outbox_drained(timeout: float = 10.0) -> bool:
    """Wait until the worker has sent every queued e-mail (the commission's and alpha's), so the
    clean-up after the test does not race it."""
    from tenants.outbox.models import OutboundEmail

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = 0
        for schema in ("public", SCHEMA):
            with schema_context(schema):
                pending += OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count()
        if not pending:
            return True
        time.sleep(0.1)
    return False


def test_complainant_takes_a_closed_complaint_to_the_commission(committed_db, live_site, page, settings):
    from commission.cases.models import Case, Stage
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_create
    from tenants.complaints.models import Complaint
    from tenants.complaints.services import FinalAnswer, complaint_register, complaint_transition, status_link_token
    from tenants.complaints.workflow import Status

    with schema_context(SCHEMA):
        handler = user_create(email="behandelaar@alpha.example.org", full_name="Bas Behandelaar", role=Role.HANDLER)
        complaint = complaint_register(
            channel=Complaint.Channel.WEB_FORM,
            complainant_name="Petra de Vries",
            complainant_email="petra.devries@example.org",
            description="De badkamer lekt sinds de verbouwing.",
            language="nl",
        )
        complaint = complaint_transition(
            complaint=complaint,
            target=Status.CLOSED,
            actor=handler,
            outcome="rejected",
            final_answer=FinalAnswer(text="Wij zien geen fout in ons werk."),
        )
        token = status_link_token(complaint)

    # The escalation answers with an absolute link to the case at the commission's host; here that
    # host is served on the live server's port.
    settings.PLATFORM_PORT = str(live_site.port)
    page.goto(live_site.url("alpha", f"/status/{token}/"))
    page.get_by_role("link", name=nl("Take it to the commission")).click()
    expect(page).to_have_url(live_site.url("alpha", f"/status/{token}/commission/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Take your complaint to the commission"))
    page.get_by_label(nl("What do you ask the commission to decide?")).fill("Herstel van de lekkage.")
    page.locator("[name=disputed_amount]").fill("400")
    page.locator("[name=binding_accepted]").check()
    page.get_by_role("button", name=nl("Take my complaint to the commission")).click()

    expect(page).to_have_url(re.compile(re.escape(live_site.url(None, "/cases/")) + r"[^/]+/$"))
    case = Case.objects.get(member_complaint_uuid=complaint.uuid)
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert case.stage == Stage.FILED and case.claim == "Herstel van de lekkage." and case.disputed_amount == 400
    with schema_context(SCHEMA):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.ESCALATED
    assert outbox_drained()


def test_secretary_plans_a_hearing_day_and_schedules_a_case(committed_db, live_site, page):
    from commission.cases.models import Stage
    from commission.cases.services import case_escalate, case_move
    from commission.hearings.models import HearingDay, PanelRole, Slot
    from commission.hearings.services import panel_member_add
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_create
    from tenants.complaints.models import Complaint
    from tenants.complaints.services import complaint_register

    with schema_context("public"):
        secretary = user_create(
            email="secretaris@wederhoor.example.org",
            full_name="Sara Secretaris",
            role=Role.SECRETARY,
            password=PASSWORD,
        )
        pool = {}
        for seat, name in ((PanelRole.CHAIR, "Carla Voorzitter"), (PanelRole.CONSUMER, "Koen Consument"),
                           (PanelRole.TRADE, "Bram Branche")):  # fmt: skip
            user = user_create(
                email=f"{seat}@wederhoor.example.org",
                full_name=name,
                role=Role.CHAIR if seat == PanelRole.CHAIR else Role.PANEL_MEMBER,
            )
            pool[seat] = panel_member_add(user=user, panel_role=seat, actor=secretary)
    with schema_context(SCHEMA):
        complaint = complaint_register(
            channel=Complaint.Channel.WEB_FORM,
            complainant_name="Petra de Vries",
            complainant_email="petra.devries@example.org",
            description="De badkamer lekt sinds de verbouwing.",
            received_at=timezone.now() - timedelta(weeks=6),
        )
        case, _created = case_escalate(complaint=complaint, claim="Herstel.", binding_accepted=True)
    for stage in (Stage.ADMISSIBILITY, Stage.DEFENCE):
        case = case_move(case=case, to=stage, actor=secretary)
    hearing_date = timezone.localdate() + timedelta(days=21)

    page.goto(live_site.url(None, "/accounts/login/"))
    page.locator("[name=email]").fill(secretary.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    expect(page).to_have_url(live_site.url(None, "/office/"))

    page.get_by_role("navigation").get_by_role("link", name=nl("Hearings")).click()
    expect(page).to_have_url(live_site.url(None, "/office/hearings/"))
    new_day = page.get_by_role("region", name=nl("New hearing day"))
    new_day.locator("[name=committee]").select_option(str(case.committee.pk))
    new_day.locator("[name=date]").fill(hearing_date.isoformat())
    new_day.locator("[name=starts_at]").fill("10:00")
    new_day.locator("[name=place]").fill("Den Haag")
    new_day.locator("[name=room]").fill("Zaal 2")
    new_day.get_by_role("button", name=nl("Create")).click()

    day = HearingDay.objects.get(date=hearing_date)
    expect(page).to_have_url(live_site.url(None, f"/office/hearings/{day.uuid}/"))
    panel_form = page.locator("form[action$='/panel/']")
    for seat in ("chair", "consumer", "trade"):
        panel_form.locator(f"[name={seat}]").select_option(str(pool[seat].pk))
    panel_form.get_by_role("button", name=nl("Save the panel")).click()
    expect(page).to_have_url(live_site.url(None, f"/office/hearings/{day.uuid}/"))
    panel = page.get_by_role("region", name=nl("Panel"))
    for name in ("Carla Voorzitter", "Koen Consument", "Bram Branche"):
        expect(panel.get_by_role("listitem").filter(has_text=name)).to_have_count(1)

    schedule = page.locator("form[action$='/schedule/']")
    schedule.locator("[name=case]").select_option(str(case.pk))
    schedule.locator("[name=starts_at]").fill("10:30")
    schedule.get_by_role("button", name=nl("Schedule"), exact=True).click()

    expect(page).to_have_url(live_site.url(None, f"/office/hearings/{day.uuid}/"))
    slot_heading = page.get_by_role("region", name=nl("Cases")).get_by_role("heading", level=3)
    expect(slot_heading.filter(has_text=case.reference)).to_contain_text("10:30")
    slot = Slot.objects.get(case=case)
    case.refresh_from_db()
    assert slot.hearing_day == day and case.stage == Stage.HEARING
    assert outbox_drained()
