"""Complaints are set up through the services, the way users create them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tenants.accounts.roles import Role


@pytest.fixture
def register(in_schema, alpha):
    """``register(member=None, **fields)`` registers a complaint in ``member`` (default alpha)."""
    from tenants.complaints.services import complaint_register

    def make(member=None, **fields):
        values = {
            "channel": "phone",
            "complainant_name": "Karin Klant",
            "complainant_email": "karin@example.org",
            "description": "Het pakket kwam niet aan.",
        }
        values.update(fields)
        with in_schema(member or alpha):
            return complaint_register(**values)

    return make


@pytest.fixture
def staff(make_user, alpha):
    """An owner, a handler and a manager of alpha."""
    return {
        "owner": make_user(alpha, Role.OWNER),
        "handler": make_user(alpha, Role.HANDLER),
        "manager": make_user(alpha, Role.MANAGER),
    }


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)
