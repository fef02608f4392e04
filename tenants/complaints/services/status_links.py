"""The complainant's personal status link: a signed token per complaint, valid for the regulation's
number of days and superseded by a fresh one (docs/procedure/first-line.md, "Acknowledgment and terms").

Sending a fresh link is a message to the complainant: ``messages.status_link_resend``.
"""

from __future__ import annotations

from typing import Final

from django.core import signing
from django.urls import reverse

from tenants.members.links import absolute_url

from ..models import Complaint
from .regulation import regulation_get

STATUS_LINK_SALT: Final = "complaints.status-link"


def status_link_token(complaint: Complaint) -> str:
    return signing.dumps({"c": str(complaint.uuid), "v": complaint.status_link_version}, salt=STATUS_LINK_SALT)


def status_link(complaint: Complaint) -> str:
    return absolute_url(reverse("complaints_public:status", kwargs={"token": status_link_token(complaint)}))


class StatusLinkInvalid(Exception):
    def __init__(self, expired: bool) -> None:
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def complaint_from_status_token(token: str) -> Complaint:
    """The complaint a status link opens, in this member's schema only. Raises StatusLinkInvalid for a
    forged, foreign, superseded or expired link."""
    max_age = regulation_get().status_link_days * 24 * 60 * 60
    try:
        payload = signing.loads(token, salt=STATUS_LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise StatusLinkInvalid(expired=True) from None
    except signing.BadSignature:
        raise StatusLinkInvalid(expired=False) from None
    complaint = Complaint.objects.filter(uuid=payload.get("c")).first()
    if complaint is None or complaint.status_link_version != payload.get("v"):
        raise StatusLinkInvalid(expired=False)
    return complaint
