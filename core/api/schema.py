"""The OpenAPI generator of the API (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``), used only when the
documents are generated or served; apart from the plumbing every request uses (core/api/base.py)."""

from __future__ import annotations

import re
from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from core.api.base import ErrorOutputSerializer


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's generator, plus what every endpoint can answer besides its result, in the
    error envelope: 400 for invalid input or parameters, 401 and 403 for authentication and
    capability, 404 for a path parameter that finds nothing or a page past the end, 415 for a body
    of another media type. Required text in a request is documented as non-empty."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        has_body = self.method in ("POST", "PUT", "PATCH")
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        errors = {
            # Any path: a query string no client would send (a NUL character) is refused before the view.
            "400": (True, "Invalid input or parameters; field errors under `fields`."),
            "401": (self._requires_authentication(), "Not authenticated (no or an invalid token or session)."),
            "403": (self._requires_authentication(), "Authenticated, but without the capability needed here."),
            "404": (
                bool(re.search(r"{\w+}", self.path)) or paginated,
                "Not found (or not yours to see), or a page past the last.",
            ),
            "415": (has_body, "The body is not of a media type this endpoint accepts."),
        }
        for code, (applies, description) in errors.items():
            if applies and code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorOutputSerializer, description=description), code, direction=direction
                )
        return dict(sorted(responses.items()))

    def _requires_authentication(self) -> bool:
        return not all(permission is AllowAny for permission in self.view.permission_classes)

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and not field.read_only
        ):
            meta["minLength"] = 1
        return meta
