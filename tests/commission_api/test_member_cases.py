"""The member's API for its own commission cases: only its own (list and by UUID), without
confidential documents, answering in its open round, and its rulings' PDFs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commission.cases import services as procedure
from commission.cases.models import CaseDocument, DocumentAccess, Party, Stage, Submission
from tenants.accounts.roles import Role

from ..images import png_bytes
from .conftest import API, error_of, uuids
from .test_commission_cases import add_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def defence_round(secretary):
    """``defence_round(case)``: the case made admissible and the member asked for its defence."""

    def open_round(case):
        procedure.case_admissibility_decide(case=case, actor=secretary, decision="admissible", letter="Ontvankelijk.")
        procedure.case_defence_request(case=case, actor=secretary)
        return case

    return open_round


@pytest.mark.parametrize("role", [Role.OWNER, Role.HANDLER, Role.MANAGER])
def test_member_staff_see_their_own_cases_only(api, make_user, make_case, alpha, beta, role):
    mine = make_case()
    theirs = make_case(member=beta)
    client = api(alpha, make_user(alpha, role))
    assert uuids(client.get(f"{API}/commission-cases/")) == [str(mine.uuid)]
    detail = client.get(f"{API}/commission-cases/{mine.uuid}/")
    assert detail.status_code == 200 and detail.json()["reference"] == mine.reference
    for path in ("/", "/documents/"):
        response = client.get(f"{API}/commission-cases/{theirs.uuid}{path}")
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"


def test_beta_cannot_reach_alphas_case_in_any_way(api, make_user, make_case, alpha, beta):
    case = make_case(stage=Stage.FILED)
    document = add_document(case)
    client = api(beta, make_user(beta, Role.OWNER))
    assert uuids(client.get(f"{API}/commission-cases/")) == []
    assert client.get(f"{API}/commission-cases/{case.uuid}/").status_code == 404
    assert client.get(f"{API}/commission-cases/{case.uuid}/documents/{document.uuid}/download/").status_code == 404
    assert client.post(f"{API}/commission-cases/{case.uuid}/submissions/", {"text": "x"}).status_code == 404
    assert not DocumentAccess.objects.filter(document=document).exists()


def test_anonymous_is_401(api, alpha, make_case):
    case = make_case()
    for path in ("/commission-cases/", f"/commission-cases/{case.uuid}/"):
        response = api(alpha).get(API + path)
        assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"


def test_commission_staff_session_means_nothing_at_the_member(client_for, secretary, make_case, hosts):
    case = make_case()
    session = client_for(None, secretary)
    assert session.get(f"{API}/cases/{case.uuid}/").status_code == 200
    assert session.get(f"{API}/commission-cases/", HTTP_HOST=hosts.alpha).status_code == 401


def test_confidential_documents_are_left_out(api, staff, secretary, make_case, alpha):
    case = make_case(stage=Stage.FILED)
    shown, hidden = add_document(case, "bon.png"), add_document(case, "medisch.png")
    procedure.case_document_confidential(case=case, actor=secretary, document=hidden, reason="Medische gegevens.")
    client = api(alpha, staff["handler"])
    rows = client.get(f"{API}/commission-cases/{case.uuid}/documents/").json()["results"]
    assert [row["uuid"] for row in rows] == [str(shown.uuid)]
    assert "confidential_reason" not in rows[0]
    hidden_url = f"{API}/commission-cases/{case.uuid}/documents/{hidden.uuid}/download/"
    assert client.get(hidden_url).status_code == 404
    response = client.get(rows[0]["download_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    access = DocumentAccess.objects.get(document=shown)
    assert access.party == CaseDocument.Party.MEMBER and alpha.legal_name in access.viewer_label


def test_member_submits_its_defence_once(api, staff, make_case, alpha, defence_round):
    case = defence_round(make_case(stage=Stage.ADMISSIBILITY))
    client = api(alpha, staff["handler"])
    detail = client.get(f"{API}/commission-cases/{case.uuid}/").json()
    assert detail["open_round"]["kind"] == "defence"
    url = f"{API}/commission-cases/{case.uuid}/submissions/"
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 400 and "text" in error_of(empty)["fields"]
    response = client.post(url, {"text": "Ons verweer.", "files": [SimpleUploadedFile("bon.png", png_bytes())]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["party"], body["round"], body["text"]) == ("member", "defence", "Ons verweer.")
    submission = Submission.objects.get(uuid=body["uuid"])
    assert submission.documents.get().kind == CaseDocument.Kind.DEFENCE
    again = client.post(url, {"text": "Nog iets."})
    assert again.status_code == 400 and "no open round" in error_of(again)["message"]
    assert client.get(f"{API}/commission-cases/{case.uuid}/").json()["open_round"] is None


def test_submission_without_an_open_round_is_refused(api, staff, make_case, alpha):
    case = make_case()
    response = api(alpha, staff["owner"]).post(f"{API}/commission-cases/{case.uuid}/submissions/", {"text": "Hallo"})
    assert response.status_code == 400 and error_of(response)["code"] == "invalid"
    assert not case.submissions.exists()


def test_bad_file_is_refused_by_its_content(api, staff, make_case, alpha, defence_round):
    case = defence_round(make_case(stage=Stage.ADMISSIBILITY))
    response = api(alpha, staff["owner"]).post(
        f"{API}/commission-cases/{case.uuid}/submissions/",
        {"text": "Zie bijlage.", "files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")]},
    )
    assert response.status_code == 400 and "files" in error_of(response)["fields"]
    assert not case.submissions.exists() and Party.MEMBER in case.rounds.values_list("party", flat=True)
