"""Each role's allowed and refused pages (the check is in the view, not in hidden links)."""

import pytest

from tenants.accounts.roles import Role

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["/office/", "/office/team/", "/office/settings/", "/office/activity/"]
MEMBER_ACCESS = {
    Role.OWNER: {"/office/", "/office/team/", "/office/settings/", "/office/activity/"},
    Role.HANDLER: {"/office/"},
    Role.MANAGER: {"/office/", "/office/activity/"},
}
COMMISSION_PAGES = [
    "/office/",
    "/office/members/",
    "/office/members/new/",
    "/office/members/alpha/",
    "/office/staff/",
    "/office/activity/",
]
COMMISSION_ACCESS = {
    Role.PLATFORM_ADMIN: set(COMMISSION_PAGES),
    Role.SECRETARY: {"/office/", "/office/members/", "/office/members/alpha/"},
    Role.CHAIR: {"/office/", "/office/members/", "/office/members/alpha/"},
    Role.PANEL_MEMBER: {"/office/"},
}


@pytest.mark.parametrize("role", list(MEMBER_ACCESS))
@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_member_roles(client_for, make_user, alpha, role, page):
    user = make_user(alpha, role)
    response = client_for(alpha, user).get(page)
    expected = 200 if page in MEMBER_ACCESS[role] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("role", list(COMMISSION_ACCESS))
@pytest.mark.parametrize("page", COMMISSION_PAGES)
def test_commission_roles(client_for, make_user, alpha, role, page):
    user = make_user(None, role)
    response = client_for(None, user).get(page)
    expected = 200 if page in COMMISSION_ACCESS[role] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_anonymous_is_sent_to_login_at_member(client_for, alpha, page):
    response = client_for(alpha).get(page)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("page", COMMISSION_PAGES)
def test_anonymous_is_sent_to_login_at_commission(client_for, page):
    response = client_for(None).get(page)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_navigation_shows_only_allowed_pages(client_for, make_user, alpha):
    handler = make_user(alpha, Role.HANDLER)
    page = client_for(alpha, handler).get("/office/").content.decode()
    assert 'href="/office/team/"' not in page and 'href="/office/settings/"' not in page
    owner = make_user(alpha, Role.OWNER)
    page = client_for(alpha, owner).get("/office/").content.decode()
    assert 'href="/office/team/"' in page and 'href="/office/settings/"' in page


def test_commission_role_in_member_schema_grants_nothing(client_for, in_schema, alpha):
    """Defence in depth: a row with a commission role inside a member schema (which the services
    refuse to create) does not open any page."""
    from tenants.accounts.models import User

    with in_schema(alpha):
        rogue = User(email="rogue@example.org", full_name="Rogue", role=Role.PLATFORM_ADMIN)
        rogue.set_password("x-very-long-password")
        rogue.save()
    assert client_for(alpha, rogue).get("/office/").status_code == 403


def test_services_refuse_roles_of_the_other_side(in_schema, alpha):
    from django.core.exceptions import ValidationError

    from tenants.accounts.services import user_create

    with in_schema(alpha), pytest.raises(ValidationError):
        user_create(email="x@example.org", full_name="X", role=Role.SECRETARY)
    with in_schema("public"), pytest.raises(ValidationError):
        user_create(email="y@example.org", full_name="Y", role=Role.OWNER)


def test_platform_admin_provisions_a_member_through_the_pages(
    client_for, make_user, django_capture_on_commit_callbacks
):
    from tenants.members.models import Member, Sector
    from tenants.members.pool import spare_create

    spare_create()
    admin = make_user(None, Role.PLATFORM_ADMIN)
    client = client_for(None, admin)
    data = {
        "legal_name": "Iota Installaties",
        "slug": "iota",
        "sector": Sector.objects.get(code="building").pk,
        "owner_email": "owner@iota.example.org",
        "owner_name": "Ida Iota",
        "city": "Delft",
    }
    with django_capture_on_commit_callbacks():
        response = client.post("/office/members/new/", data)
    assert response.status_code == 302 and response.url == "/office/members/iota/"
    member = Member.objects.get(slug="iota")
    assert member.provisioned_from_pool and member.city == "Delft"
    # Bad input keeps what was typed and explains.
    data["slug"] = "Iota Two"
    response = client.post("/office/members/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Iota Installaties"' in body and 'aria-invalid="true"' in body


def test_secretary_cannot_change_a_member(client_for, make_user, alpha):
    secretary = make_user(None, Role.SECRETARY)
    response = client_for(None, secretary).post(
        f"/office/members/{alpha.slug}/", {"action": "status", "status": "ended", "reason": "x"}
    )
    assert response.status_code == 403
    alpha.refresh_from_db()
    assert alpha.membership_status == "active"


def test_api_me_and_member_register_permissions(client_for, make_user, alpha):
    secretary = make_user(None, Role.SECRETARY)
    panel = make_user(None, Role.PANEL_MEMBER)
    response = client_for(None, secretary).get("/api/v1/members/")
    assert response.status_code == 200
    assert {m["slug"] for m in response.json()["results"]} >= {"alpha", "beta"}
    denied = client_for(None, panel).get("/api/v1/members/")
    assert denied.status_code == 403 and denied.json()["error"]["status"] == 403
    assert client_for(None).get("/api/v1/members/").status_code == 401
    handler = make_user(alpha, Role.HANDLER)
    me = client_for(alpha, handler).get("/api/v1/me/").json()
    assert (
        me["role"] == "handler"
        and "handle_complaints" in me["capabilities"]
        and "manage_team" not in me["capabilities"]
    )
    # The commission API does not exist on member hosts.
    assert client_for(alpha, handler).get("/api/v1/members/").status_code == 404
