"""How the API reads requests: the JSON parser and the answer to ``OPTIONS``
(``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]`` and ``["DEFAULT_METADATA_CLASS"]``). Apart from
core/api/base.py, which imports DRF's views, whose class body reads these settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import parsers, serializers
from rest_framework.exceptions import APIException, ParseError
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import clone_request


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with JSON nested too deeply for Python's parser answered as 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None


class Metadata(SimpleMetadata):
    """``OPTIONS``: each write method described by the input serializer it is documented with
    (``@extend_schema(request=...)``). DRF's own asks the view for one ``serializer_class``, which
    views with an input serializer per method do not have (it failed with an AssertionError)."""

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        actions = {}
        for method in {"PUT", "POST", "PATCH"} & set(view.allowed_methods):
            serializer = self.input_serializer(view, method)
            if serializer is None:
                continue
            view.request = clone_request(request, method)
            try:
                # As DRF's: a method the caller may not use is left out.
                view.check_permissions(view.request)
            except (APIException, PermissionDenied, Http404):
                pass
            else:
                actions[method] = self.get_serializer_info(serializer)
            finally:
                view.request = request
        return actions

    @staticmethod
    def input_serializer(view: Any, method: str) -> serializers.Serializer[Any] | None:
        handler = getattr(view, method.lower(), None)
        schema_class = getattr(handler, "kwargs", {}).get("schema")
        serializer = None
        if schema_class is not None:
            schema = schema_class()
            schema.view, schema.method = view, method
            serializer = schema.get_request_serializer()
        elif getattr(view, "serializer_class", None) is not None:
            serializer = view.get_serializer_class()
        if isinstance(serializer, dict):  # by media type
            serializer = next(iter(serializer.values()), None)
        if isinstance(serializer, type) and issubclass(serializer, serializers.BaseSerializer):
            serializer = serializer()
        return serializer if isinstance(serializer, serializers.Serializer) else None
