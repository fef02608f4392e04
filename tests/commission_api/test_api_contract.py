"""What both APIs answer where their OpenAPI documents are strict: blank choices and missing links
as null (not an empty string, which is neither an enum value nor a URI), times as documented, and
input that used to end in a server error or an HTML page (deeply nested JSON, ``OPTIONS`` on write
endpoints, a malformed UUID) answered in the error envelope."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from core.api.base import LOCAL_TIME_PATTERN
from core.uploads import check_upload
from tenants.accounts.roles import Role
from tests.helpers import read

from ..images import png_bytes
from .conftest import API, JSON, error_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"


def documented_media_types(document: str, path: str) -> set[str]:
    """The media types the committed OpenAPI document gives for a 200 of ``GET path``."""
    schema = yaml.safe_load((DOCS / document).read_text())
    return set(schema["paths"][path]["get"]["responses"]["200"]["content"])


pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user, alpha):
    return make_user(alpha, Role.OWNER)


def test_open_case_has_null_closure_and_admissibility_on_both_hosts(api, secretary, owner, alpha, make_case):
    case = make_case()
    commission = api(None, secretary)
    assert commission.get(f"{API}/cases/").json()["results"][0]["closure"] is None
    detail = commission.get(f"{API}/cases/{case.uuid}/").json()
    assert (detail["closure"], detail["admissibility_decision"]) == (None, None)
    member = api(alpha, owner)
    assert member.get(f"{API}/commission-cases/").json()["results"][0]["closure"] is None
    own = member.get(f"{API}/commission-cases/{case.uuid}/").json()
    assert (own["closure"], own["admissibility_decision"]) == (None, None)


def test_open_complaint_has_null_outcome(api, owner, alpha, register):
    complaint = register()
    client = api(alpha, owner)
    assert client.get(f"{API}/complaints/").json()["results"][0]["outcome"] is None
    assert client.get(f"{API}/complaints/{complaint.uuid}/").json()["outcome"] is None


def test_draft_without_outcome_has_null_outcome_and_pdf_url(api, secretary, draft):
    ruling = draft(outcome="")
    body = api(None, secretary).get(f"{API}/rulings/{ruling.uuid}/").json()
    assert (body["outcome"], body["pdf_url"]) == (None, None)


def test_hearing_day_without_video_link_and_its_start_time(api, secretary, make_day):
    day = make_day(starts_at=time(10, 0))
    client = api(None, secretary)
    listed = client.get(f"{API}/hearing-days/").json()["results"][0]
    detail = client.get(f"{API}/hearing-days/{day.uuid}/").json()
    for body in (listed, detail):
        assert body["video_link"] is None
        assert body["starts_at"] == "10:00:00" and re.fullmatch(LOCAL_TIME_PATTERN, body["starts_at"])
    with_link = make_day(on=day.date.replace(day=day.date.day + 1), video_link="https://meet.example.org/zitting")
    assert client.get(f"{API}/hearing-days/{with_link.uuid}/").json()["video_link"] == (
        "https://meet.example.org/zitting"
    )


def test_downloads_come_in_a_documented_media_type(api, owner, alpha, secretary, register, approved, in_schema):
    ruling = approved()
    complaint = register(attachments=[check_upload(SimpleUploadedFile("bon.png", png_bytes()))])
    with in_schema(alpha):
        attachment = complaint.attachments.get()
    response = api(alpha, owner).get(f"{API}/complaints/{complaint.uuid}/attachments/{attachment.uuid}/download/")
    assert response.status_code == 200 and read(response).startswith(b"\x89PNG")
    assert response["Content-Type"] in documented_media_types(
        "member.yaml", "/api/v1/complaints/{uuid}/attachments/{attachment_uuid}/download/"
    )
    response = api(None, secretary).get(f"{API}/rulings/{ruling.uuid}/pdf/")
    assert response.status_code == 200 and read(response).startswith(b"%PDF")
    assert documented_media_types("commission.yaml", "/api/v1/rulings/{uuid}/pdf/") == {response["Content-Type"]}


# Input that must not end in a server error or an HTML page -------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_400_in_the_envelope(api, owner, alpha, secretary, make_case, depth):
    case = make_case()
    nested = "[" * depth + "]" * depth
    for client, path in (
        (api(alpha, owner), f"{API}/complaints/{case.member_complaint_uuid}/notes/"),
        (api(None, secretary), f"{API}/cases/{case.uuid}/transitions/"),
    ):
        response = client.post(path, nested, content_type=JSON)
        assert response.status_code == 400, response.content[:300]
        assert error_of(response)["code"] == "parse_error" and error_of(response)["message"]


MEMBER_WRITES = {
    "/complaints/": "POST",
    "/complaints/{complaint}/": "PATCH",
    "/complaints/{complaint}/transitions/": "POST",
    "/complaints/{complaint}/extension/": "POST",
    "/complaints/{complaint}/messages/": "POST",
    "/complaints/{complaint}/notes/": "POST",
    "/complaints/{complaint}/attachments/": "POST",
    "/commission-cases/{case}/submissions/": "POST",
}
COMMISSION_WRITES = {
    "/cases/{case}/transitions/": "POST",
    "/cases/{case}/admissibility/": "POST",
    "/cases/{case}/documents/": "POST",
    "/hearing-days/{day}/slots/": "POST",
}


def test_options_on_every_write_endpoint_describes_its_input(api, owner, alpha, secretary, make_case, make_day):
    case, day = make_case(), make_day()
    ids = {"complaint": case.member_complaint_uuid, "case": case.uuid, "day": day.uuid}
    for client, writes in ((api(alpha, owner), MEMBER_WRITES), (api(None, secretary), COMMISSION_WRITES)):
        for path, method in writes.items():
            response = client.options(API + path.format(**ids))
            assert response.status_code == 200, (path, response.content[:300])
            fields = response.json()["actions"][method]
            assert fields and all("type" in field for field in fields.values()), path


def test_options_leaves_out_what_the_caller_may_not_do(api, chair, make_case):
    case = make_case()
    response = api(None, chair).options(f"{API}/cases/{case.uuid}/transitions/")
    assert response.status_code == 200 and "actions" not in response.json()


@pytest.mark.parametrize(
    ("member", "path"),
    [
        (True, "/complaints/not-a-uuid/"),
        (True, "/complaints/not-a-uuid/notes/"),
        (True, "/no-such-endpoint/"),
        (False, "/cases/not-a-uuid/"),
        (False, "/rulings/12345/pdf/"),
        (False, "/cases/not%0Aa-uuid/"),
        (False, "/no-such-endpoint/"),
    ],
)
def test_malformed_uuid_and_unknown_path_are_404_in_the_envelope(api, owner, alpha, secretary, member, path):
    client = api(alpha, owner) if member else api(None, secretary)
    for method in (client.get, client.post):
        response = method(API + path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert error_of(response)["code"] == "not_found"
