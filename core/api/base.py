"""API plumbing shared by both hosts: one error envelope for every 4xx (unknown API paths included),
services' validation errors rendered in it, choice fields documented as one named enum, and the
schema generation that keeps the OpenAPI documents true to what the API answers (checked over HTTP
by tests/test_schemathesis.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as ``{"error": {"status", "code", "message", "fields"}}``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields: dict[str, list[str]] = {}
    message = ""
    code = getattr(exc, "default_code", "error")
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        message = str(data["detail"])
        code = getattr(data["detail"], "code", code)
    elif isinstance(data, dict):
        fields = {
            key: [str(item) for item in (value if isinstance(value, list) else [value])] for key, value in data.items()
        }
        non_field = fields.pop("non_field_errors", [])
        message = " ".join(non_field) or "Invalid input."
        code = "invalid"
    elif isinstance(data, list):
        message = " ".join(str(item) for item in data)
    response.data = {"error": {"status": response.status_code, "code": code, "message": message, "fields": fields}}
    return response


def api_validation_error(exc: DjangoValidationError, *, field: str | None = None) -> ValidationError:
    """A service's Django ValidationError as DRF's, so that the error envelope renders it: errors of
    a field under that field, the rest (or all of them, without ``field``) as the message."""
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    else:
        detail = {field or api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return ValidationError(detail)


@contextmanager
def service_errors(*, field: str | None = None) -> Iterator[None]:
    try:
        yield
    except DjangoValidationError as exc:
        raise api_validation_error(exc, field=field) from exc


@csrf_exempt  # as every API view (DRF's are): a write to a wrong path is 404, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under ``/api/v1/`` (a malformed UUID included: the URL converters refuse it
    before a view is reached): 404 in the error envelope, not the HTML page."""
    message = str(NotFound.default_detail)
    return JsonResponse({"error": {"status": 404, "code": "not_found", "message": message, "fields": {}}}, status=404)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum component.

    drf-spectacular names an enum after the field, so the statuses (``status``, ``target``, ``from``,
    ``to``) would become four enums, and the two ``kind`` fields (complaint and message) would
    collide; both are warnings, and the schema is generated with warnings as errors.

    With ``allow_null``, a blank value goes out as ``null``: the schema says the value is one of the
    enum or null, and an empty string is neither.
    """

    def __init__(self, choices: Any, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)

    def to_representation(self, value: Any) -> Any:
        if value == "" and self.allow_null:
            return None
        return super().to_representation(value)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        # An input that accepts a blank choice gets its own enum, with the blank among the values.
        if self.target.allow_blank:
            return str(self.target.enum_name).removesuffix("Enum") + "OrBlankEnum"
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        values = list(self.target.choices)
        return {
            "type": "string",
            "enum": [*values, ""] if self.target.allow_blank and "" not in values else values,
            "description": build_choice_description_list(
                (value, str(label)) for value, label in self.target.choices.items()
            ),
        }


class NullWhenBlankMixin:
    """An output value that may be missing goes out as ``null``, never as an empty string (which is
    no URI and no e-mail address, as the schema's ``format`` says the value is)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value or None


class OptionalURLField(NullWhenBlankMixin, serializers.URLField):
    pass


class OptionalEmailField(NullWhenBlankMixin, serializers.EmailField):
    pass


#: A time of day as the API writes it: local time (Europe/Amsterdam), without an offset. JSON
#: Schema's ``format: time`` is RFC 3339's full-time, which needs one, so the output is described
#: by its pattern.
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?$"


class TimeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = serializers.TimeField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "request":
            return build_basic_type(OpenApiTypes.TIME) or {}
        return {
            "type": "string",
            "pattern": LOCAL_TIME_PATTERN,
            "example": "10:00:00",
            "description": "Local time (Europe/Amsterdam), HH:MM:SS.",
        }


def file_responses(media_types: Iterable[str], *, description: str) -> dict[tuple[Any, ...], OpenApiResponse]:
    """The ``responses`` of a download: the file, in one of ``media_types``."""
    return {(200, *media_types): OpenApiResponse(OpenApiTypes.BINARY, description=description)}


class ErrorDetailSerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]  # the envelope's key, not DRF's attribute
        child=serializers.ListField(child=serializers.CharField())
    )


class ErrorOutputSerializer(serializers.Serializer[Any]):
    """The one error envelope of the API (``exception_handler``)."""

    error = ErrorDetailSerializer()
