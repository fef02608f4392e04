"""Audit events of accounts (written in the schema the user belongs to)."""

from tenants.audit.services import audit_record


def user_invited_event(*, invitation, actor) -> None:
    audit_record(
        event_type="user.invited",
        actor=actor,
        target=invitation,
        target_label=invitation.email,
        data={"role": invitation.role},
    )


def invitation_revoked_event(*, invitation, actor) -> None:
    audit_record(event_type="user.invitation_revoked", actor=actor, target=invitation, target_label=invitation.email)


def invitation_accepted_event(*, invitation, user) -> None:
    audit_record(event_type="user.invitation_accepted", actor=user, target=user, data={"role": user.role})


def user_created_event(*, user, actor) -> None:
    audit_record(event_type="user.created", actor=actor, target=user, data={"role": user.role})


def user_updated_event(*, user, actor, changes: dict) -> None:
    audit_record(event_type="user.updated", actor=actor, target=user, data={"changes": changes})


def login_succeeded_event(*, user, ip_address: str | None) -> None:
    audit_record(event_type="auth.login", actor=user, target=user, ip_address=ip_address)


def login_failed_event(*, email: str, ip_address: str | None, locked: bool) -> None:
    audit_record(
        event_type="auth.login_locked" if locked else "auth.login_failed",
        target_label=email,
        ip_address=ip_address,
    )


def logout_event(*, user, ip_address: str | None) -> None:
    audit_record(event_type="auth.logout", actor=user, target=user, ip_address=ip_address)


def password_reset_requested_event(*, email: str, ip_address: str | None) -> None:
    audit_record(event_type="auth.password_reset_requested", target_label=email, ip_address=ip_address)


def password_changed_event(*, user, how: str) -> None:
    audit_record(event_type="auth.password_changed", actor=user, target=user, data={"how": how})


def api_token_created_event(*, user, actor, via: str) -> None:
    audit_record(event_type="user.api_token_created", actor=actor, target=user, data={"via": via})
