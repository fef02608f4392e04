"""Who does something, as services see it: a signed-in user of this schema, or nobody (``None``: the
system — a periodic task, the complainant through a signed link, an escalation from the commission).

Every service that records who acted takes ``actor: Actor`` and writes ``actor_label(actor)`` into
its history, so a later rename or deletion of the user never rewrites what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import User

#: The user acting, or None for the system.
Actor: TypeAlias = "User | None"


def actor_label(actor: Actor) -> str:
    """The name history records for ``actor``."""
    if actor is None:
        return _("system")
    return actor.full_name or actor.email
