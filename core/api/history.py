"""One entry of a history of transitions (a complaint's statuses, a case's stages) in the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import serializers


# ``from`` (null for the first entry), ``to``, ``at``, ``by`` and ``note`` of one transition. A subclass
# names the choice field of its states (``state_field``) and the attributes that hold them. (Comments,
# not docstrings: drf-spectacular would copy a docstring into the documents.)
class TransitionOutputSerializer(serializers.Serializer[Any]):
    state_field: Callable[..., serializers.Field[Any, Any, Any, Any]]
    from_source = "from_status"
    to_source = "to_status"

    at = serializers.DateTimeField(source="changed_at")
    by = serializers.CharField(source="actor_label")
    note = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "from" is a Python keyword, so neither state can be declared above.
        state_field = type(self).state_field
        return {
            "from": state_field(source=self.from_source, allow_null=True, help_text="Empty for the first entry."),
            "to": state_field(source=self.to_source),
            **super().get_fields(),
        }

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["from"] = data["from"] or None
        return data
