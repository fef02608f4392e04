"""Cases, hearing days and rulings for the API tests, set up through the services (the fixtures of
the hearings and rulings tests)."""

from __future__ import annotations

import pytest

from tests.hearings.conftest import make_case, make_day, panel_of, pool  # noqa: F401  (shared fixtures)
from tests.rulings.conftest import (  # noqa: F401  (shared fixtures)
    _media,
    _reset_urlconf,
    approved,
    chair,
    deliberating,
    draft,
    register,
    secretary,
    staff,
    tomorrow,
)

API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def api(client_for):
    """``api(member_or_None, user=None)``: a client at that host (None: the commission), in English."""

    def make(member=None, user=None):
        client = client_for(member, user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == response.status_code
    return body["error"]


def uuids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["uuid"] for row in response.json()["results"]]
