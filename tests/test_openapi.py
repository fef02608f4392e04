"""The committed OpenAPI documents match the code (regenerate with `make openapi`)."""

from pathlib import Path

import pytest
from django.core.management import call_command

DOCS = Path(__file__).resolve().parent.parent / "docs" / "openapi"


@pytest.mark.parametrize(
    ("urlconf", "name"), [("config.urls_member", "member.yaml"), ("config.urls_public", "commission.yaml")]
)
def test_committed_schema_is_current(tmp_path, urlconf, name):
    generated = tmp_path / name
    call_command("spectacular", urlconf=urlconf, file=str(generated), lang="en", validate=True, fail_on_warn=True)
    committed = DOCS / name
    assert committed.exists(), f"run `make openapi` to create docs/openapi/{name}"
    assert generated.read_text() == committed.read_text(), f"docs/openapi/{name} is stale: run `make openapi`"


@pytest.mark.django_db
def test_schema_and_docs_are_served_on_both_hosts(client, hosts):
    for host in (hosts.commission, hosts.alpha):
        assert client.get("/api/schema/", HTTP_HOST=host).status_code == 200
        assert client.get("/api/docs/", HTTP_HOST=host).status_code == 200
    assert "/api/v1/members/" in client.get("/api/schema/", HTTP_HOST=hosts.commission).content.decode()
    assert "/api/v1/members/" not in client.get("/api/schema/", HTTP_HOST=hosts.alpha).content.decode()
