"""Each demo member's written complaints regulation: its sector's model, published once."""

from __future__ import annotations

from devtools.demo.members import DemoMember
from tenants.regulations.sections import model_for_sector
from tenants.regulations.selectors import current_version, draft_get
from tenants.regulations.services import version_discard, version_publish, version_start_draft


def demo_regulation_ensure(demo: DemoMember) -> None:
    """Publish the sector model as version 1, unless a version is published (run in the member's schema)."""
    if current_version() is not None:
        return
    draft = draft_get()
    if draft is not None:
        version_discard(version=draft, actor=None)
    version = version_start_draft(actor=None, source="model", model=model_for_sector(demo.sector))
    version_publish(version=version, actor=None)
