"""The register: filters, search, sorting, CSV export, history, isolation between members and roles."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.complaints.models import Category, Complaint
from tenants.complaints.services import complaint_transition, complaint_update, note_add, status_link_token

from ..images import png_bytes

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_filters_and_search(register, in_schema, alpha, client_for, staff):
    with in_schema(alpha):
        delivery = Category.objects.create(name="Levering")
    register(
        complainant_name="Alie Appel",
        description="De wasmachine lekt water.",
        category=delivery,
        handler=staff["handler"],
    )
    register(
        complainant_name="Bert Bes",
        description="Factuur klopt niet.",
        complainant_email="bert@example.org",
        channel="email",
    )
    client = client_for(alpha, staff["handler"])

    def names(query):
        page = client.get(f"/office/complaints/?{query}").content.decode()
        return {name for name in ("Alie Appel", "Bert Bes") if name in page}

    assert names("") == {"Alie Appel", "Bert Bes"}
    assert names(f"category={delivery.pk}") == {"Alie Appel"}
    assert names("channel=email") == {"Bert Bes"}
    assert names(f"handler={staff['handler'].pk}") == {"Alie Appel"}
    assert names("q=wasmachine") == {"Alie Appel"}
    assert names("q=facturen") == {"Bert Bes"}  # Dutch stemming: facturen ~ factuur
    assert names("status=open") == {"Alie Appel", "Bert Bes"}
    assert names("status=closed") == set()
    assert names("received_from=2999-01-01") == set()


def test_search_by_reference(register, in_schema, alpha, client_for, staff):
    complaint = register()
    page = client_for(alpha, staff["handler"]).get(f"/office/complaints/?q={complaint.reference}").content.decode()
    assert complaint.reference in page


def test_pagination_keeps_the_filters(register, in_schema, alpha, client_for, staff):
    for n in range(27):
        register(complainant_name=f"Klant {n:02d}", complainant_email=f"k{n}@example.org", send_acknowledgment=False)
    page = client_for(alpha, staff["handler"]).get("/office/complaints/?status=received").content.decode()
    assert "27" in page and "status=received&amp;page=2" in page


def test_csv_export_of_the_filtered_list(register, in_schema, alpha, client_for, staff):
    register(complainant_name="Export Een", description="Eerste", channel="letter")
    register(
        complainant_name='=HYPERLINK("http://evil.example.org")',
        description="Formule",
        complainant_email="f@example.org",
        channel="phone",
    )
    response = client_for(alpha, staff["handler"]).get("/office/complaints/export.csv?channel=letter")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert len(body) == 1
    record = dict(zip(header, body[0], strict=True))
    assert record[header[0]].endswith("-00001")
    assert "Export Een" in body[0] and "Eerste" in body[0]
    all_rows = csv_rows(client_for(alpha, staff["handler"]).get("/office/complaints/export.csv"))
    formula = [row for row in all_rows if any("HYPERLINK" in cell for cell in row)][0]
    assert any(cell.startswith("'=HYPERLINK") for cell in formula)


def test_internal_complaints_are_kept_apart(register, in_schema, alpha, client_for, staff):
    internal = register(
        kind="internal", complainant_name="Collega Klacht", description="Werkdruk", send_acknowledgment=False
    )
    register(complainant_name="Klant Klacht")
    handler_page = client_for(alpha, staff["handler"]).get("/office/complaints/").content.decode()
    assert "Collega Klacht" not in handler_page and "Klant Klacht" in handler_page
    assert client_for(alpha, staff["handler"]).get(f"/office/complaints/{internal.uuid}/").status_code == 404
    handler_csv = csv_rows(client_for(alpha, staff["handler"]).get("/office/complaints/export.csv"))
    assert not any("Collega Klacht" in row for row in handler_csv)
    manager = client_for(alpha, staff["manager"])
    assert "Collega Klacht" in manager.get("/office/complaints/?kind=internal").content.decode()
    assert "Klant Klacht" not in manager.get("/office/complaints/?kind=internal").content.decode()
    assert manager.get(f"/office/complaints/{internal.uuid}/").status_code == 200


def test_member_b_cannot_see_or_change_member_a_complaints(
    register, in_schema, alpha, beta, client_for, make_user, settings, tmp_path
):
    from core.uploads import check_upload
    from tenants.accounts.roles import Role
    from tenants.complaints.services import attachment_add

    settings.MEDIA_ROOT = tmp_path
    complaint = register(complainant_name="Alleen Alfa")
    with in_schema(alpha):
        attachment = attachment_add(
            complaint=complaint, actor=None, checked=check_upload(SimpleUploadedFile("a.png", png_bytes()))
        )
        token = status_link_token(complaint)
    beta_owner = make_user(beta, Role.OWNER)
    client = client_for(beta, beta_owner)
    assert "Alleen Alfa" not in client.get("/office/complaints/").content.decode()
    assert client.get(f"/office/complaints/{complaint.uuid}/").status_code == 404
    assert client.get(f"/office/complaints/{complaint.uuid}/files/{attachment.uuid}/").status_code == 404
    assert (
        client.post(f"/office/complaints/{complaint.uuid}/", {"action": "note", "body": "inbraak"}).status_code == 404
    )
    assert not any("Alleen Alfa" in row for row in csv_rows(client.get("/office/complaints/export.csv")))
    assert client_for(beta).get(f"/status/{token}/").status_code == 404
    with in_schema(beta):
        assert not Complaint.objects.filter(uuid=complaint.uuid).exists()


def test_complaint_pages_need_a_role_that_handles_complaints(client_for, make_user, alpha, beta, register):
    complaint = register()
    assert client_for(alpha).get("/office/complaints/").status_code == 302
    commission_admin = make_user(None, "platform_admin")
    assert (
        client_for(None, commission_admin).get("/office/complaints/").status_code == 404
    )  # no such page on the commission host
    owner_of_beta = make_user(beta, "owner")
    # A session of beta replayed at alpha is anonymous there.
    client = client_for(beta, owner_of_beta)
    assert client.get(f"/office/complaints/{complaint.uuid}/", HTTP_HOST="alpha.wederhoor.test").status_code == 302


def test_history_shows_every_change(register, in_schema, alpha, client_for, staff):
    complaint = register()
    with in_schema(alpha):
        complaint_update(complaint=complaint, actor=staff["handler"], customer_number="C-123")
        note_add(complaint=complaint, actor=staff["handler"], body="Klant teruggebeld")
        complaint_transition(complaint=complaint, target="investigating", actor=staff["handler"], note="Gestart")
    page = client_for(alpha, staff["handler"]).get(f"/office/complaints/{complaint.uuid}/").content.decode()
    for text in ("C-123", "Klant teruggebeld", "Gestart", "customer_number", staff["handler"].full_name):
        assert text in page


def test_detail_page_actions(
    register, in_schema, alpha, client_for, staff, tomorrow, django_capture_on_commit_callbacks
):
    complaint = register()
    client = client_for(alpha, staff["handler"])
    url = f"/office/complaints/{complaint.uuid}/"
    assert client.post(url, {"action": "transition", "target": "investigating"}).status_code == 302
    refused = client.post(url, {"action": "transition", "target": "action_agreed"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    ok = client.post(url, {"action": "transition", "target": "action_agreed", "action_owner": staff["owner"].pk,
                           "promised_action": "Nieuwe levering", "callback_on": tomorrow.isoformat()})  # fmt: skip
    assert ok.status_code == 302
    assert client.post(url, {"action": "progress", "text": "We zijn ermee bezig."}).status_code == 302
    assert client.post(url, {"action": "extend", "reason": "Leverancier reageert traag."}).status_code == 302
    assert client.post(url, {"action": "note", "body": "Intern"}).status_code == 302
    assert client.post(url, {"action": "transition", "target": "checking"}).status_code == 302
    assert client.post(url, {"action": "transition", "target": "callback"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Nieuwe levering" in page  # the callback script recalls the agreed solution
    closed = client.post(url, {"action": "transition", "target": "closed", "callback_answer": "Alles in orde.", "outcome": "resolved",
                               "final_text": "Opgelost.", "findings": "Verkeerd adres.", "actions_taken": "Opnieuw geleverd."})  # fmt: skip
    assert closed.status_code == 302
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert (
        complaint.status == "closed"
        and complaint.outcome == "resolved"
        and complaint.callback_answer == "Alles in orde."
    )
