"""API plumbing shared by both hosts: one error envelope for every 4xx, services' validation errors
rendered in it, and choice fields documented as one named enum."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Every error as ``{"error": {"status", "code", "message", "fields"}}``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    fields = {}
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
def service_errors(*, field: str | None = None):
    try:
        yield
    except DjangoValidationError as exc:
        raise api_validation_error(exc, field=field) from exc


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum component.

    drf-spectacular names an enum after the field, so the statuses (``status``, ``target``, ``from``,
    ``to``) would become four enums, and the two ``kind`` fields (complaint and message) would
    collide; both are warnings, and the schema is generated with warnings as errors.
    """

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "enum": list(self.target.choices),
            "description": build_choice_description_list(
                (value, str(label)) for value, label in self.target.choices.items()
            ),
        }


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorOutputSerializer(serializers.Serializer):
    """The one error envelope of the API (``config.api.exception_handler``)."""

    error = ErrorDetailSerializer()
