"""The base of every API view: JSON in, one way to write an answer and a page, files sent as they are."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics, status
from rest_framework.response import Response

from .base import ErrorOutputSerializer
from .parsers import JSONParser

#: The 400 answer in the documents: the error envelope with field errors.
INVALID = OpenApiResponse(ErrorOutputSerializer, description="Invalid input; field errors under `fields`.")


def not_found(description: str = "Not found (or not yours to see).") -> OpenApiResponse:
    """The 404 answer in the documents: the error envelope."""
    return OpenApiResponse(ErrorOutputSerializer, description=description)


# A comment, not a docstring: drf-spectacular would copy a docstring into every operation.
# Subclasses set ``permission_classes`` and a getter for the object of their URL.
class ApiView(generics.GenericAPIView[Any]):
    parser_classes = [JSONParser]
    lookup_field = "uuid"

    def output(self, serializer_class: Any, instance: Any, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status_code)

    def paginated(self, serializer_class: Any, queryset: Any) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )


# For views that answer with a stored file.
class FileDownloadMixin:
    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        # The file goes out as it is, whatever the client accepts; errors still come as JSON.
        return super().perform_content_negotiation(request, force=True)  # type: ignore[misc]
