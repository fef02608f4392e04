"""Login, lockout, password reset by e-mail, invitations and team management."""

import re

import pytest

from tenants.accounts.roles import Role
from tenants.outbox.models import OutboundEmail

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def link_in(message: OutboundEmail) -> str:
    return re.search(r"https?://\S+", message.body_text).group(0)


def test_login_and_logout(client_for, make_user, alpha):
    user = make_user(alpha, Role.HANDLER)
    client = client_for(alpha)
    response = client.post("/accounts/login/", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/office/"
    assert client.get("/office/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/office/").status_code == 302


def test_wrong_password_is_explained_and_email_kept(client_for, make_user, alpha):
    user = make_user(alpha, Role.HANDLER)
    response = client_for(alpha).post("/accounts/login/", {"email": user.email, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{user.email}"' in body
    assert 'role="alert"' in body


def test_repeated_failures_lock_the_login_even_with_the_right_password(
    client_for, make_user, alpha, settings, in_schema
):
    from tenants.audit.models import AuditEvent

    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user(alpha, Role.HANDLER)
    client = client_for(alpha)
    for _ in range(3):
        client.post("/accounts/login/", {"email": user.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    with in_schema(alpha):
        assert AuditEvent.objects.filter(event_type="auth.login_locked").exists()
        assert AuditEvent.objects.filter(event_type="auth.login_failed").count() == 3


def test_lockout_in_one_member_does_not_lock_the_same_address_elsewhere(client_for, make_user, alpha, beta, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    make_user(alpha, Role.HANDLER, email="shared@example.org")
    make_user(beta, Role.HANDLER, email="shared@example.org")
    for _ in range(3):
        client_for(alpha).post("/accounts/login/", {"email": "shared@example.org", "password": "wrong"})
    response = client_for(beta).post("/accounts/login/", {"email": "shared@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_many_failures_from_one_client_across_addresses_are_throttled(client_for, make_user, alpha, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    user = make_user(alpha, Role.HANDLER)
    client = client_for(alpha)
    for n in range(8):
        client.post(
            "/accounts/login/", {"email": f"guess{n}@example.org", "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
    response = client.post("/accounts/login/", {"email": user.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert response.wsgi_request.user.is_anonymous
    other = client_for(alpha).post(
        "/accounts/login/", {"email": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_password_reset_by_email_through_the_outbox(
    client_for, make_user, alpha, in_schema, django_capture_on_commit_callbacks
):
    user = make_user(alpha, Role.OWNER)
    client = client_for(alpha)
    with django_capture_on_commit_callbacks():
        response = client.post("/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
    with in_schema(alpha):
        message = OutboundEmail.objects.get(topic="password_reset", to=user.email)
    link = link_in(message)
    assert link.startswith("http://alpha.wederhoor.test/accounts/reset/")
    path = link.split("alpha.wederhoor.test", 1)[1]
    response = client.get(path)
    assert response.status_code == 302  # Django swaps the token for a session marker
    response = client.post(
        response.url, {"new_password1": "a-brand-new-secret-77", "new_password2": "a-brand-new-secret-77"}
    )
    assert response.status_code == 302
    assert (
        client_for(alpha)
        .post("/accounts/login/", {"email": user.email, "password": "a-brand-new-secret-77"})
        .status_code
        == 302
    )


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client_for, alpha, in_schema):
    response = client_for(alpha).post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    with in_schema(alpha):
        assert not OutboundEmail.objects.filter(to="nobody@example.org").exists()


def test_reset_at_member_a_cannot_reset_a_user_of_member_b(client_for, make_user, alpha, beta, in_schema):
    make_user(beta, Role.OWNER, email="only-beta@example.org")
    client_for(alpha).post("/accounts/password-reset/", {"email": "only-beta@example.org"})
    for member in (alpha, beta):
        with in_schema(member):
            assert not OutboundEmail.objects.filter(to="only-beta@example.org").exists()


def test_owner_invites_a_handler_who_accepts(
    client_for, make_user, alpha, beta, in_schema, django_capture_on_commit_callbacks
):
    from tenants.accounts.models import User

    owner = make_user(alpha, Role.OWNER)
    client = client_for(alpha, owner)
    with django_capture_on_commit_callbacks():
        response = client.post(
            "/office/team/",
            {"action": "invite", "email": "new.handler@example.org", "full_name": "Nina Nieuw", "role": "handler"},
        )
    assert response.status_code == 302
    with in_schema(alpha):
        message = OutboundEmail.objects.get(topic="invitation", to="new.handler@example.org")
    assert "Alfa Bouw B.V." in message.subject or "Alfa Bouw B.V." in message.body_text
    path = link_in(message).split("alpha.wederhoor.test", 1)[1]
    # The link only works at the member that sent it.
    assert client_for(beta).get(path).status_code == 404
    newcomer = client_for(alpha)
    assert newcomer.get(path).status_code == 200
    response = newcomer.post(path, {"full_name": "Nina Nieuw", "password1": "short", "password2": "short"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    response = newcomer.post(
        path, {"full_name": "Nina Nieuw", "password1": "handler-pass-4455", "password2": "handler-pass-4455"}
    )
    assert response.status_code == 302
    assert newcomer.get("/office/").status_code == 200
    with in_schema(alpha):
        assert User.objects.get(email="new.handler@example.org").role == Role.HANDLER
    # Single use.
    assert client_for(alpha).get(path).status_code == 404


def test_expired_or_revoked_invitation_is_refused(make_user, alpha, in_schema, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from tenants.accounts.models import Invitation
    from tenants.accounts.services import invitation_create, invitation_revoke

    with in_schema(alpha):
        invitation = invitation_create(email="late@example.org", role=Role.HANDLER)
        message = OutboundEmail.objects.get(to="late@example.org")
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    path = link_in(message).split("alpha.wederhoor.test", 1)[1]
    assert client_for(alpha).get(path).status_code == 404
    with in_schema(alpha):
        second = invitation_create(email="revoked@example.org", role=Role.HANDLER)
        invitation_revoke(invitation=second, actor=None)
        message = OutboundEmail.objects.get(to="revoked@example.org")
    assert client_for(alpha).get(link_in(message).split("alpha.wederhoor.test", 1)[1]).status_code == 404


def test_owner_changes_roles_but_the_last_owner_stays(client_for, make_user, alpha, in_schema):
    owner = make_user(alpha, Role.OWNER)
    handler = make_user(alpha, Role.HANDLER)
    client = client_for(alpha, owner)
    prefix = f"u{handler.pk}"
    response = client.post(
        "/office/team/",
        {"action": "change", "user": str(handler.uuid), f"{prefix}-role": "manager", f"{prefix}-is_active": "on"},
    )
    assert response.status_code == 302
    handler.refresh_from_db()
    assert handler.role == Role.MANAGER
    prefix = f"u{owner.pk}"
    response = client.post(
        "/office/team/",
        {"action": "change", "user": str(owner.uuid), f"{prefix}-role": "handler", f"{prefix}-is_active": "on"},
    )
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_deactivated_user_cannot_log_in(client_for, make_user, alpha):
    owner = make_user(alpha, Role.OWNER)
    handler = make_user(alpha, Role.HANDLER)
    prefix = f"u{handler.pk}"
    client_for(alpha, owner).post(
        "/office/team/", {"action": "change", "user": str(handler.uuid), f"{prefix}-role": "handler"}
    )
    response = client_for(alpha).post("/accounts/login/", {"email": handler.email, "password": PASSWORD})
    assert response.status_code == 200 and response.wsgi_request.user.is_anonymous


def test_owner_cannot_change_users_of_another_member(client_for, make_user, alpha, beta, in_schema):
    alpha_owner = make_user(alpha, Role.OWNER)
    beta_handler = make_user(beta, Role.HANDLER)
    prefix = f"u{beta_handler.pk}"
    response = client_for(alpha, alpha_owner).post(
        "/office/team/",
        {"action": "change", "user": str(beta_handler.uuid), f"{prefix}-role": "manager", f"{prefix}-is_active": "on"},
    )
    assert response.status_code == 404
    with in_schema(beta):
        beta_handler.refresh_from_db()
    assert beta_handler.role == Role.HANDLER


def test_settings_refuse_a_file_that_is_not_an_image_and_keep_the_rest(
    client_for, make_user, alpha, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    owner = make_user(alpha, Role.OWNER)
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client_for(alpha, owner).post(
        "/office/settings/",
        {
            "logo": fake,
            "brand_colour": "#123456",
            "public_intro": "Ons verhaal",
            "complaints_email": "k@example.org",
            "complaints_phone": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ons verhaal" in body and 'aria-invalid="true"' in body or "PNG" in body
    assert not list(tmp_path.rglob("*.png"))


def test_html_in_text_is_shown_as_text(client_for, make_user, alpha):
    owner = make_user(alpha, Role.OWNER)
    client_for(alpha, owner).post(
        "/office/settings/",
        {
            "brand_colour": "#123456",
            "public_intro": "<script>alert(1)</script>",
            "complaints_email": "",
            "complaints_phone": "",
        },
    )
    page = client_for(alpha).get("/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_first_platform_admin_is_invited_from_the_command_line(capsys, client_for, in_schema):
    from django.core.management import call_command

    call_command("invite_commission_user", "first.admin@example.org", "--role", "platform_admin", "--name", "Fay First")
    link = capsys.readouterr().out.strip().splitlines()[-1]
    assert link.startswith("http://wederhoor.test/accounts/invitation/")
    client = client_for(None)
    path = link.split("wederhoor.test", 1)[1]
    response = client.post(
        path, {"full_name": "Fay First", "password1": "first-admin-pass-1", "password2": "first-admin-pass-1"}
    )
    assert response.status_code == 302
    assert client.get("/office/members/new/").status_code == 200
