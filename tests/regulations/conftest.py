"""Regulation versions are made through the services, as the owner's pages make them."""

from __future__ import annotations

import pytest


@pytest.fixture
def published(in_schema, alpha, staff):
    """``published(member=alpha, model="general")``: a published version of the sector model."""
    from tenants.regulations.services import version_publish, version_start_draft

    def make(member=None, model="general", language="nl"):
        with in_schema(member or alpha):
            draft = version_start_draft(actor=None, source="model", model=model, language=language)
            return version_publish(version=draft, actor=None)

    return make
