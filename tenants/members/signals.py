"""Signals the member registry sends, so that features react to it without the registry importing them."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent once a new member's schema is ready and committed: right after the commit of the provisioning
#: when a spare schema was handed out, otherwise by the worker that created the schema. Keyword
#: arguments ``member``, ``owner_email`` and ``owner_name`` (the person to invite as owner).
#: Receivers run outside any transaction and must not fail the sender: put work on the broker
#: (``core.background.enqueue_on_commit`` sends at once there and keeps a refused send).
member_provisioned = Signal()
