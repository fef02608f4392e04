"""A database that cannot be reached answers 503 with a retry hint, never 500.

Django turns an exception in any middleware or view into a response at the layer where it happened,
so an outer middleware never sees the exception itself (the member routing looks the host up in the
database before any view runs). Django announces every such exception with ``got_request_exception``
while it is being handled: the receiver below marks the request, and the middleware, placed outside
the routing, replaces the error page of a marked request with the outage page.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30
_MARK = "_database_unavailable"


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` (or one it was raised from) says the database cannot be reached."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


@receiver(got_request_exception, dispatch_uid="config.outage.mark")
def _mark_database_unavailable(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def outage_response(request) -> HttpResponse:
    # Rendered without the request: the context processors would ask the database about the user.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        body = render_to_string(
            "errors/database_unavailable.html",
            {"LANGUAGE_CODE": translation.get_language(), "retry_after": RETRY_AFTER_SECONDS},
        )
    return HttpResponse(
        body,
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


class DatabaseOutageMiddleware:
    """Answers 503 (``Retry-After``) instead of a 500 when a request failed because the database is
    unreachable: during a restart or a failover users are asked to try again shortly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False) and response.status_code >= 500:
            logger.warning("database_unavailable path=%s", request.path)
            return outage_response(request)
        return response
