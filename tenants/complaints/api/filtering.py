"""django-filter in the member API, documented as the API always documented its query parameters.

drf-spectacular's own django-filter extension guesses each parameter's schema from the filter and
sorts its enums; the API's parameters were documented from DRF fields (enum order, defaults, minimum
lengths). Each filter of a FilterSet used here carries that DRF field (``extend_schema_field``), and
this extension documents the parameter from it exactly as drf-spectacular documents a serializer
given as ``parameters``.
"""

from __future__ import annotations

import copy
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import get_override
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.plumbing import build_parameter_type, force_instance
from drf_spectacular.utils import OpenApiParameter


class DocumentedFilterBackend(DjangoFilterBackend):
    """django-filter's backend: a bad parameter is a 400 in the error envelope, on its field."""


class DocumentedFilterExtension(OpenApiFilterExtension):
    target_class = "tenants.complaints.api.filtering.DocumentedFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema: Any, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        filterset_class = auto_schema.view.filterset_class
        parameters = []
        for name, filter_field in filterset_class.base_filters.items():
            # A fresh copy each time: a DRF field can be bound to a name only once.
            field = copy.deepcopy(force_instance(get_override(filter_field, "field")))
            field.bind(field_name=name, parent=None)
            schema = auto_schema._map_serializer_field(field, "request")
            auto_schema._insert_field_validators(field, schema)
            parameters.append(
                build_parameter_type(
                    name=name,
                    schema=schema,
                    description=schema.pop("description", None),
                    location=OpenApiParameter.QUERY,
                    allow_blank=getattr(field, "allow_blank", True),
                    required=field.required,
                )
            )
        return parameters
