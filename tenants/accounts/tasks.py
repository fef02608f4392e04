from __future__ import annotations

from celery import shared_task

from tenants.members.tasking import fan_out


@shared_task(name="accounts.prune_login_attempts")
def prune_login_attempts_task() -> int:
    """Forget login attempts older than 90 days in the current schema."""
    from .services import login_attempts_prune

    return login_attempts_prune()


@shared_task(name="accounts.prune_login_attempts_all")
def prune_login_attempts_all_task() -> int:
    """Beat entry: one prune per member schema and one for the commission."""
    return fan_out(prune_login_attempts_task, include_public=True)
