"""Tenant isolation: users, sessions, data, cache and files of one member never reach another."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.accounts.roles import Role

from .conftest import PASSWORD
from .images import png_bytes

pytestmark = pytest.mark.django_db


def test_user_of_member_a_cannot_log_in_at_member_b(client_for, make_user, alpha, beta):
    user = make_user(alpha, Role.HANDLER, email="same@example.org")
    at_alpha = client_for(alpha).post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert at_alpha.status_code == 302
    at_beta = client_for(beta).post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert at_beta.status_code == 200
    assert at_beta.wsgi_request.user.is_anonymous


def test_session_cookie_from_a_is_anonymous_at_b(client_for, make_user, alpha, beta, hosts):
    user = make_user(alpha, Role.OWNER)
    client = client_for(alpha)
    assert client.post("/accounts/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.get("/office/", HTTP_HOST=hosts.alpha).status_code == 200
    # The same cookie jar, replayed against the other member and the commission.
    at_beta = client.get("/office/", HTTP_HOST=hosts.beta)
    assert at_beta.status_code == 302
    assert at_beta.wsgi_request.user.is_anonymous
    at_commission = client.get("/office/", HTTP_HOST=hosts.commission)
    assert at_commission.status_code == 302
    assert at_commission.wsgi_request.user.is_anonymous


def test_same_user_id_in_two_members_does_not_share_sessions(client_for, make_user, alpha, beta, hosts):
    # Primary keys restart per schema, so alpha's first user and beta's first user can share an id.
    alpha_user = make_user(alpha, Role.OWNER)
    beta_user = make_user(beta, Role.OWNER)
    client = client_for(alpha, alpha_user)
    response = client.get("/office/", HTTP_HOST=hosts.beta)
    assert response.wsgi_request.user.is_anonymous
    assert alpha_user.email != beta_user.email


def test_data_created_in_a_is_invisible_from_b(in_schema, make_user, alpha, beta):
    from tenants.accounts.models import User
    from tenants.audit.models import AuditEvent

    user = make_user(alpha, Role.HANDLER, email="only-in-alpha@example.org")
    with in_schema(alpha):
        assert User.objects.filter(email=user.email).exists()
        assert AuditEvent.objects.filter(event_type="user.created", target_id=str(user.uuid)).exists()
    with in_schema(beta):
        assert not User.objects.filter(email=user.email).exists()
        assert not AuditEvent.objects.filter(target_id=str(user.uuid)).exists()
    with in_schema("public"):
        assert not User.objects.filter(email=user.email).exists()


def test_activity_page_of_b_does_not_show_a(client_for, make_user, alpha, beta):
    make_user(alpha, Role.HANDLER, email="visible-in-alpha@example.org")
    beta_owner = make_user(beta, Role.OWNER)
    page = client_for(beta, beta_owner).get("/office/activity/").content.decode()
    assert "visible-in-alpha@example.org" not in page


def test_cache_keys_differ_per_member(in_schema, alpha, beta):
    with in_schema(alpha):
        cache.set("dashboard-stats", "alpha's numbers")
    with in_schema(beta):
        assert cache.get("dashboard-stats") is None
        cache.set("dashboard-stats", "beta's numbers")
    with in_schema(alpha):
        assert cache.get("dashboard-stats") == "alpha's numbers"
    with in_schema("public"):
        assert cache.get("dashboard-stats") is None


def test_file_uploaded_at_a_cannot_be_fetched_from_b(client_for, make_user, alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = make_user(alpha, Role.OWNER)
    client = client_for(alpha, owner)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/office/settings/",
        {"logo": logo, "brand_colour": "#123456", "public_intro": "", "complaints_email": "", "complaints_phone": ""},
    )
    assert response.status_code == 302
    stored = list(tmp_path.rglob("logo*.png"))
    assert len(stored) == 1 and alpha.schema_name in stored[0].parts
    assert client_for(alpha).get("/files/logo/").status_code == 200
    # Beta has no logo: its logo URL must not serve alpha's file, whoever asks.
    assert client_for(beta).get("/files/logo/").status_code == 404
    beta_owner = make_user(beta, Role.OWNER)
    assert client_for(beta, beta_owner).get("/files/logo/").status_code == 404
    # Uploaded files are never served as a directory.
    relative = stored[0].relative_to(tmp_path).as_posix()
    for host_member in (alpha, beta):
        assert client_for(host_member).get(f"/files/{relative}").status_code == 404
        assert client_for(host_member).get(f"/media/{relative}").status_code == 404


def test_member_storage_refuses_paths_into_another_member(in_schema, alpha, beta, settings, tmp_path):
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    with in_schema(beta):
        default_storage.save("branding/secret.txt", SimpleUploadedFile("secret.txt", b"beta only"))
    with in_schema(alpha), pytest.raises(SuspiciousFileOperation):
        default_storage.open(f"../{beta.schema_name}/branding/secret.txt")
