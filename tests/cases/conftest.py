"""Fixtures of the case tests (``register``, ``staff``, ``secretary`` and ``escalate`` are shared
fixtures in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def handler(make_user, alpha):
    """A complaint handler of alpha, who answers for the member in its back-office."""
    from tenants.accounts.roles import Role

    return make_user(alpha, Role.HANDLER, email="behandelaar@alpha.example.org")
