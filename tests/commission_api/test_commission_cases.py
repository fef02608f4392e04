"""The commission API for cases: who may read and change them, filters, transitions through the
services, submissions and documents, and the error envelope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commission.cases import services as procedure
from commission.cases.models import Case, CaseDocument, Committee, DocumentAccess, Party, Stage
from core.uploads import check_upload
from tenants.accounts.roles import Role

from ..images import png_bytes
from .conftest import API, JSON, error_of, uuids

pytestmark = pytest.mark.django_db


def add_document(case, name="bon.png"):
    actor = procedure.PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
    checked = check_upload(SimpleUploadedFile(name, png_bytes()))
    return procedure.case_documents_add(case=case, actor=actor, kind=CaseDocument.Kind.INVOICE, uploads=[checked])[0]


# Who may use it --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/cases/", "/cases/{uuid}/", "/rulings/", "/hearing-days/", "/cases/{uuid}/documents/"]
)
def test_anonymous_is_401_in_the_envelope(api, make_case, path):
    case = make_case()
    response = api().get(API + path.format(uuid=case.uuid))
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR])
def test_secretary_and_chair_read_cases(api, make_user, make_case, role):
    case = make_case()
    client = api(None, make_user(None, role))
    assert uuids(client.get(f"{API}/cases/")) == [str(case.uuid)]
    detail = client.get(f"{API}/cases/{case.uuid}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["reference"] == case.reference and body["stage"] == Stage.DEFENCE
    assert body["snapshot"]["version"] == 1 and len(body["snapshot"]["sha256"]) == 64
    assert [change["to"] for change in body["stage_history"]][-1] == Stage.DEFENCE
    assert body["member"]["slug"] == "alpha"
    assert Stage.HEARING in body["allowed_transitions"] and Stage.RULED not in body["allowed_transitions"]


def test_chair_may_not_move_a_case(api, chair, make_case):
    case = make_case()
    response = api(None, chair).post(
        f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.HEARING}, content_type=JSON
    )
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    case.refresh_from_db()
    assert case.stage == Stage.DEFENCE


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.PLATFORM_ADMIN])
def test_panel_member_and_admin_see_no_cases(api, make_user, make_case, role):
    case = make_case()
    client = api(None, make_user(None, role))
    for path in ("/cases/", f"/cases/{case.uuid}/", "/rulings/", f"/cases/{case.uuid}/documents/"):
        response = client.get(API + path)
        assert response.status_code == 403, path
        assert error_of(response)["code"] == "permission_denied"


def test_member_staff_session_means_nothing_at_the_commission(client_for, staff, make_case, hosts, alpha):
    """A member's user exists only in the member's schema: its session is unknown at the commission."""
    make_case()
    member_session = client_for(alpha, staff["owner"])
    assert member_session.get(f"{API}/commission-cases/").status_code == 200
    assert member_session.get(f"{API}/cases/", HTTP_HOST=hosts.commission).status_code == 401


def test_complainant_has_no_api_access(make_case, hosts):
    """The complainant follows a signed case link; neither that page's session nor the link's token
    opens the API on either host."""
    from django.test import Client

    from commission.cases.services import case_link, case_link_token

    case = make_case()
    complainant = Client(HTTP_HOST=hosts.commission)
    assert complainant.get(case_link(case).split(hosts.commission, 1)[1]).status_code == 200
    for host, path in ((hosts.commission, f"/cases/{case.uuid}/"), (hosts.alpha, f"/commission-cases/{case.uuid}/")):
        assert complainant.get(API + path, HTTP_HOST=host).status_code == 401
        token = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {case_link_token(case)}")
        response = token.get(API + path)
        assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


# Filters ---------------------------------------------------------------------------------------


def test_filters(api, secretary, make_case, beta):
    # Committees are configured in the admin (no service): the care sector gets its own.
    Committee.objects.create(name="Geschillencommissie Zorg").sectors.add(beta.sector)
    defence = make_case(complainant_name="Anna Appel")
    filed = make_case(stage=Stage.FILED, complainant_name="Bert Bakker")
    other = make_case(member=beta, complainant_name="Cor Cornelis")
    closed = make_case(complainant_name="Dirk Dekker")
    procedure.case_close(case=closed, actor=secretary, closure=Case.Closure.WITHDRAWN)
    client = api(None, secretary)

    def listed(**params):
        return set(uuids(client.get(f"{API}/cases/", params)))

    every = {str(c.uuid) for c in (defence, filed, other, closed)}
    assert listed() == every
    assert listed(stage="open") == every - {str(closed.uuid)}
    assert listed(stage="filed") == {str(filed.uuid)}
    assert listed(stage="closed") == {str(closed.uuid)}
    assert listed(q="bakker") == {str(filed.uuid)}
    assert listed(q=other.reference) == {str(other.uuid)}
    assert listed(member=str(beta.uuid)) == {str(other.uuid)}
    assert listed(committee=other.committee_id) == {str(other.uuid)}
    assert listed(committee=defence.committee_id, stage="open") == {str(defence.uuid), str(filed.uuid)}


def test_bad_filter_is_400_in_the_envelope(api, secretary):
    response = api(None, secretary).get(f"{API}/cases/", {"stage": "nonsense", "member": "not-a-uuid"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and set(error["fields"]) == {"stage", "member"}


def test_unknown_case_is_404_in_the_envelope(api, secretary):
    response = api(None, secretary).get(f"{API}/cases/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# Transitions -----------------------------------------------------------------------------------


def test_secretary_moves_a_case_along_the_table(api, secretary, make_case):
    case = make_case()
    client = api(None, secretary)
    response = client.post(
        f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.HEARING, "note": "Geen repliek."}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.HEARING
    assert response.json()["stage_history"][-1] | {"at": None} == {
        "from": Stage.DEFENCE,
        "to": Stage.HEARING,
        "at": None,
        "by": secretary.full_name,
        "note": "Geen repliek.",
    }


def test_refused_step_is_400_with_the_reason(api, secretary, make_case):
    case = make_case()
    response = api(None, secretary).post(
        f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.FILED}, content_type=JSON
    )
    assert response.status_code == 400
    assert "cannot move" in error_of(response)["message"]


def test_completing_the_file_goes_through_the_procedure_service(api, secretary, make_case):
    case = make_case(stage=Stage.FILED)
    response = api(None, secretary).post(
        f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.ADMISSIBILITY}, content_type=JSON
    )
    assert response.status_code == 400
    assert "fee is not paid" in error_of(response)["message"]
    case.refresh_from_db()
    assert case.stage == Stage.FILED


def test_admissibility_then_defence(api, secretary, make_case):
    case = make_case(stage=Stage.ADMISSIBILITY)
    client = api(None, secretary)
    missing = client.post(f"{API}/cases/{case.uuid}/admissibility/", {"decision": "admissible"}, content_type=JSON)
    assert missing.status_code == 400 and set(error_of(missing)["fields"]) == {"letter"}
    decided = client.post(
        f"{API}/cases/{case.uuid}/admissibility/",
        {"decision": "admissible", "letter": "De commissie neemt de klacht in behandeling."},
        content_type=JSON,
    )
    assert decided.status_code == 200 and decided.json()["admissibility_decision"] == "admissible"
    moved = client.post(f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.DEFENCE}, content_type=JSON)
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert body["stage"] == Stage.DEFENCE
    assert [(r["kind"], r["party"], r["is_open"]) for r in body["rounds"]] == [("defence", "member", True)]


def test_withdrawal_closes_the_case_and_its_rounds(api, secretary, make_case):
    case = make_case()
    client = api(None, secretary)
    no_reason = client.post(f"{API}/cases/{case.uuid}/transitions/", {"target": Stage.CLOSED}, content_type=JSON)
    assert no_reason.status_code == 400 and "closure" in error_of(no_reason)["fields"]
    closed = client.post(
        f"{API}/cases/{case.uuid}/transitions/",
        {"target": Stage.CLOSED, "closure": Case.Closure.WITHDRAWN},
        content_type=JSON,
    )
    assert closed.status_code == 200
    assert (closed.json()["stage"], closed.json()["closure"]) == (Stage.CLOSED, Case.Closure.WITHDRAWN)


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"target": Stage.RULED}, "target"), ({"target": Stage.CLOSED, "closure": "inadmissible"}, "closure")],
)
def test_steps_that_belong_to_other_endpoints_are_refused(api, secretary, make_case, payload, field):
    case = make_case()
    response = api(None, secretary).post(f"{API}/cases/{case.uuid}/transitions/", payload, content_type=JSON)
    assert response.status_code == 400 and field in error_of(response)["fields"]


# Submissions and documents ---------------------------------------------------------------------


def test_documents_list_includes_confidential_and_download_is_recorded(api, secretary, make_case):
    case = make_case(stage=Stage.FILED)
    shown, hidden = add_document(case, "bon.png"), add_document(case, "medisch.png")
    procedure.case_document_confidential(case=case, actor=secretary, document=hidden, reason="Medische gegevens.")
    client = api(None, secretary)
    listed = client.get(f"{API}/cases/{case.uuid}/documents/")
    rows = {row["uuid"]: row for row in listed.json()["results"]}
    assert set(rows) == {str(shown.uuid), str(hidden.uuid)}
    assert rows[str(hidden.uuid)]["confidential"] is True
    response = client.get(rows[str(hidden.uuid)]["download_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert DocumentAccess.objects.filter(document=hidden, party=CaseDocument.Party.COMMISSION).count() == 1


def test_submissions_list(api, secretary, make_case):
    case = make_case(stage=Stage.ADMISSIBILITY)
    procedure.case_admissibility_decide(case=case, actor=secretary, decision="admissible", letter="Ontvankelijk.")
    procedure.case_defence_request(case=case, actor=secretary)
    procedure.case_submit(
        case=case, actor=procedure.PartyActor(party=Party.MEMBER, label="Alfa"), text="Ons verweer.", uploads=[]
    )
    response = api(None, secretary).get(f"{API}/cases/{case.uuid}/submissions/")
    assert response.status_code == 200
    assert [(s["party"], s["round"], s["text"]) for s in response.json()["results"]] == [
        ("member", "defence", "Ons verweer.")
    ]
