"""The reader of a post that is too large names the fields whose text it cut off, by their form
names, for multipart and urlencoded bodies alike (so the form can mark them)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import RequestFactory

from config.request_limits import _read_multipart, _read_urlencoded, field_keep_bytes


def test_a_multipart_post_names_the_field_it_cut_off(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    long_text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    request = RequestFactory().post("/complaint/", {"complainant_name": "Piet Puk", "description": long_text})

    oversized = _read_multipart(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    assert oversized is not None
    assert oversized.truncated == ("description",)
    assert request.POST["complainant_name"] == "Piet Puk"
    assert len(request.POST["description"]) == field_keep_bytes()


def test_an_urlencoded_post_names_the_field_it_cut_off(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    body = urlencode({"complainant_name": "Piet Puk", "description": "x" * (field_keep_bytes() + 10)})
    request = RequestFactory().post("/complaint/", body, content_type="application/x-www-form-urlencoded")

    oversized = _read_urlencoded(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)

    assert oversized.truncated == ("description",)
    assert request.POST["complainant_name"] == "Piet Puk"
