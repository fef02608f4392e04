"""API plumbing shared by both hosts: one error envelope for every 4xx."""

from __future__ import annotations

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
