"""Shared fixtures for the security tests: complaints through the services, a clean rate-limit cache
and a media folder per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.complaints.conftest import register, staff, tomorrow  # noqa: F401  (shared complaint fixtures)


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()
