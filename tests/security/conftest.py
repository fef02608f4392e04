"""Every security test starts with an empty rate-limit cache and its own media folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(fresh_cache, tmp_media):
    """The shared ``fresh_cache`` and ``tmp_media`` fixtures, for every test here."""
