"""Host routing: the commission on the base domain, each member on its subdomain."""

import pytest

pytestmark = pytest.mark.django_db


def test_commission_host_serves_the_public_site(client, hosts):
    response = client.get("/", HTTP_HOST=hosts.commission)
    assert response.status_code == 200
    assert "Geschillencommissie" in response.content.decode()
    assert response.wsgi_request.tenant.schema_name == "public"


def test_member_host_serves_that_members_page(client, hosts, alpha):
    response = client.get("/", HTTP_HOST=hosts.alpha)
    assert response.status_code == 200
    assert response.wsgi_request.tenant.schema_name == alpha.schema_name
    assert alpha.legal_name in response.content.decode()


@pytest.mark.parametrize(
    "host", ["ALPHA.WEDERHOOR.TEST", "Alpha.Wederhoor.Test", "alpha.wederhoor.test.", "www.alpha.wederhoor.test"]
)
def test_host_is_matched_case_insensitively(client, host, alpha):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.wsgi_request.tenant.schema_name == alpha.schema_name


def test_host_with_port_routes_to_member(client, alpha):
    response = client.get("/", HTTP_HOST="alpha.wederhoor.test:8000")
    assert response.status_code == 200
    assert response.wsgi_request.tenant.schema_name == alpha.schema_name


@pytest.mark.parametrize("host", ["nobody.wederhoor.test", "x.alpha.wederhoor.test", "evil.example.org", "127.0.0.1"])
def test_unknown_host_gets_a_404_page_not_a_500(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_commission_pages_do_not_exist_on_member_hosts(client, hosts):
    assert client.get("/members/", HTTP_HOST=hosts.commission).status_code == 200
    assert client.get("/members/", HTTP_HOST=hosts.alpha).status_code == 404


def test_member_being_prepared_gets_503_page(client, alpha):
    from tenants.members.models import Member

    Member.objects.filter(pk=alpha.pk).update(schema_status=Member.SchemaStatus.PENDING)
    response = client.get("/", HTTP_HOST="alpha.wederhoor.test")
    assert response.status_code == 503
    assert alpha.legal_name in response.content.decode()


def test_dutch_by_default_english_on_request(client, hosts):
    dutch = client.get("/how-it-works/", HTTP_HOST=hosts.commission).content.decode()
    assert 'lang="nl"' in dutch
    assert "Dien eerst een klacht in bij het bedrijf" in dutch or "bedrijf" in dutch
    client.post("/i18n/setlang/", {"language": "en", "next": "/how-it-works/"}, HTTP_HOST=hosts.commission)
    english = client.get("/how-it-works/", HTTP_HOST=hosts.commission).content.decode()
    assert 'lang="en"' in english
    assert "Complain to the business first" in english


def test_routing_cache_remembers_hosts_briefly(client, alpha, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.middleware import MemberRoutingMiddleware

    settings.TENANT_ROUTING_CACHE_SECONDS = 60
    MemberRoutingMiddleware.forget()
    try:
        client.get("/healthz")  # nothing routed yet
        client.get("/", HTTP_HOST="alpha.wederhoor.test")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", HTTP_HOST="alpha.wederhoor.test")
        assert response.status_code == 200
        assert not any("members_domain" in q["sql"] for q in queries.captured_queries)
        # A copy per request: changing it does not change what the next request gets.
        response.wsgi_request.tenant.legal_name = "Changed"
        assert client.get("/", HTTP_HOST="alpha.wederhoor.test").wsgi_request.tenant.legal_name == alpha.legal_name
    finally:
        MemberRoutingMiddleware.forget()
