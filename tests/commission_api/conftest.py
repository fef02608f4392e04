"""Cases, hearing days and rulings for the API tests, set up through the services (the fixtures of
the hearings and rulings tests; ``api`` is a shared fixture in ``tests/conftest.py``)."""

from __future__ import annotations

from tests.hearings.conftest import make_case, make_day, panel_of, pool  # noqa: F401  (shared fixtures)
from tests.helpers import error_of  # noqa: F401  (the API tests import it from here)
from tests.rulings.conftest import (  # noqa: F401  (shared fixtures)
    _media,
    _reset_urlconf,
    approved,
    deliberating,
    draft,
)

API = "/api/v1"
JSON = "application/json"


def uuids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["uuid"] for row in response.json()["results"]]
