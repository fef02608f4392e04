"""Hostile or broken input gets a 400 or 404 page with a message, never a server error."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.accounts.roles import Role
from tests.helpers import read

pytestmark = pytest.mark.django_db

GARBAGE = ["\x00", "abc\x00def", "x" * 5000, "-1", "9" * 40, "'; DROP TABLE x; --", "%", "[]", "😀"]

#: Pages with GET filters or other query parameters, per host, and the role that may see them.
MEMBER_PAGES = [
    "/office/",
    "/office/complaints/",
    "/office/complaints/export.csv",
    "/office/complaints/reports/",
    "/office/complaints/messages/",
    "/office/complaints/categories/",
    "/office/complaints/regulation/",
    "/office/activity/",
    "/office/outbox/",
    "/office/team/",
    "/office/settings/",
    "/office/commission-cases/",
    "/complaint/",
    "/status/",
]
COMMISSION_PAGES = {
    Role.PLATFORM_ADMIN: [
        "/",
        "/members/",
        "/office/members/",
        "/office/activity/",
        "/office/outbox/",
        "/office/staff/",
    ],
    Role.SECRETARY: ["/office/", "/office/cases/", "/office/hearings/", "/office/hearings/panel/", "/office/rulings/"],
    None: ["/rulings/", "/escalate/", "/how-it-works/"],
}
#: Names the pages read even when no form on the page shows them.
KNOWN_PARAMETERS = {"q", "page", "status", "sector", "type", "sort", "year", "quarter", "key", "language", "stage"}


def get_parameter_names(html: str) -> set[str]:
    """Every field name of the page's GET forms."""
    names = set()
    for form in re.findall(r"<form\b[^>]*method=\"get\"[^>]*>(.*?)</form>", html, flags=re.S | re.I):
        names.update(re.findall(r"\bname=\"([^\"]+)\"", form))
    return names - {"csrfmiddlewaretoken"}


def body(response) -> str:
    """The whole answer; a streamed one (the CSV export) is read to its end, where errors would show."""
    return read(response).decode(errors="replace")


def assert_answers_without_error(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    names = get_parameter_names(body(page)) | KNOWN_PARAMETERS
    for name in sorted(names):
        for value in GARBAGE:
            response = client.get(url, {name: value})
            body(response)
            assert response.status_code in (200, 400, 404), (url, name, value, response.status_code)
    # Garbage in the names themselves, and a raw NUL in the query string.
    assert client.get(url, {"\x00": "x"}).status_code in (200, 400)
    assert client.get(url + "?q=%00&page=%00").status_code in (200, 400)
    assert client.get(url + "?q=%ff%fe&page=%ed%a0%80").status_code in (200, 400)


def test_every_get_filter_of_the_member_pages_survives_garbage(make_user, alpha, client_for):
    client = client_for(alpha, make_user(alpha, Role.OWNER))
    for url in MEMBER_PAGES:
        assert_answers_without_error(client, url)


def test_every_get_filter_of_the_commission_pages_survives_garbage(make_user, client_for):
    for role, urls in COMMISSION_PAGES.items():
        client = client_for(None, make_user(None, role) if role else None)
        for url in urls:
            assert_answers_without_error(client, url)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_nul_byte_in_the_public_register_search_is_answered_with_a_message(client_for):
    response = client_for().get("/members/?q=%00")
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    explained = english(client_for()).get("/members/?q=%00").content.decode()
    assert "characters that are not allowed" in explained


def test_nul_byte_in_the_office_register_filters_is_answered_with_a_message(make_user, alpha, client_for):
    client = english(client_for(alpha, make_user(alpha, Role.HANDLER)))
    response = client.get("/office/complaints/?q=%00&status=received")
    assert response.status_code == 400
    assert "characters that are not allowed" in response.content.decode()


def test_nul_byte_in_an_api_query_is_answered_in_the_error_envelope(make_user, alpha, client_for):
    client = client_for(alpha, make_user(alpha, Role.HANDLER))
    response = client.get("/api/v1/complaints/?q=%00")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400 and response.json()["error"]["message"]


@pytest.mark.parametrize("on_commission", [False, True])
@pytest.mark.parametrize(
    "data",
    [
        {"action": "revoke", "invitation": "abc"},
        {"action": "revoke", "invitation": "\x00"},
        {"action": "revoke"},
        {"action": "change", "user": "abc"},
        {"action": "nonsense"},
    ],
)
def test_malformed_ids_on_the_team_page(data, on_commission, make_user, alpha, client_for):
    member = None if on_commission else alpha
    user = make_user(member, Role.PLATFORM_ADMIN if on_commission else Role.OWNER)
    url = "/office/staff/" if on_commission else "/office/team/"
    response = client_for(member, user).post(url, data)
    assert response.status_code == 404


@pytest.mark.parametrize("on_commission", [False, True])
@pytest.mark.parametrize("email", ["abc", "\x00", "", "00000000-0000-0000-0000-000000000000"])
def test_malformed_ids_on_the_outbox_page(email, on_commission, make_user, alpha, client_for):
    member = None if on_commission else alpha
    user = make_user(member, Role.PLATFORM_ADMIN if on_commission else Role.OWNER)
    response = client_for(member, user).post("/office/outbox/", {"email": email})
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("identifier", ["abc", "\x00", "1.5", "99999999999999999999999"])
@pytest.mark.parametrize("kind", ["category", "cause", "department"])
def test_malformed_ids_on_the_categories_page(kind, identifier, make_user, alpha, client_for):
    client = client_for(alpha, make_user(alpha, Role.OWNER))
    response = client.post("/office/complaints/categories/", {"kind": kind, "id": identifier})
    assert response.status_code in (400, 404)


def test_malformed_values_on_the_member_detail_page(make_user, alpha, client_for):
    client = client_for(None, make_user(None, Role.PLATFORM_ADMIN))
    response = client.post(
        f"/office/members/{alpha.slug}/", {"action": "status", "status": "\x00", "on": "abc", "reason": "\x00"}
    )
    assert response.status_code == 400
    response = client.post(f"/office/members/{alpha.slug}/", {"legal_name": "\x00", "sector": "abc"})
    assert response.status_code == 400


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG file that claims to be ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 10000), (60000, 10)])
def test_a_decompression_bomb_as_logo_is_a_form_error(size, make_user, alpha, client_for, in_schema):
    from tenants.office.services import profile_get

    owner = make_user(alpha, Role.OWNER)
    bomb = SimpleUploadedFile("logo.png", png_header_only(*size), content_type="image/png")
    response = client_for(alpha, owner).post(
        "/office/settings/",
        {
            "logo": bomb,
            "brand_colour": "#123456",
            "public_intro": "Ons verhaal blijft staan",
            "complaints_email": "klachten@example.org",
            "complaints_phone": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ons verhaal blijft staan" in body
    assert "pixels" in body
    with in_schema(alpha):
        assert not profile_get().logo
