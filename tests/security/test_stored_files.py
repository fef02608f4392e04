"""Every stored file goes out with the type found in its content, ``nosniff``, and never renders
HTML or SVG on the platform's own hosts."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import check_upload
from tenants.complaints.services import status_link_token
from tenants.office.services import profile_get

from ..images import png_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'


def assert_cannot_render(response):
    # Read a download to its end: only then does the test client finish the request.
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type not in {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"}
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name,content", [("logo.html", HTML), ("logo.svg", SVG), ("logo.png", HTML)])
def test_an_html_or_svg_file_stored_as_logo_is_never_rendered(name, content, client_for, alpha, in_schema):
    # A file that never went through the upload check (stored before it existed, or restored from a
    # backup) must still be harmless when served.
    with in_schema(alpha):
        profile = profile_get()
        profile.logo.save(name, ContentFile(content), save=True)
    assert_cannot_render(client_for(alpha).get("/files/logo/"))


def test_a_real_logo_is_shown_inline_with_the_type_of_its_content(client_for, alpha, in_schema):
    with in_schema(alpha):
        profile = profile_get()
        # Named like a web page, but a PNG inside: the content decides.
        profile.logo.save("logo.html", ContentFile(png_bytes()), save=True)
    response = client_for(alpha).get("/files/logo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_an_attachment_whose_stored_type_lies_is_served_by_its_content(register, in_schema, alpha, client_for):
    complaint = register(attachments=[check_upload(SimpleUploadedFile("foto.png", png_bytes()))])
    with in_schema(alpha):
        attachment = complaint.attachments.get()
        attachment.shared_with_complainant = True
        attachment.content_type = "text/html"
        attachment.save()
        # The stored bytes are no longer what was checked at upload (a file restored from elsewhere).
        with open(attachment.file.path, "wb") as stored:
            stored.write(HTML)
        token = status_link_token(complaint)
    assert_cannot_render(client_for(alpha).get(f"/status/{token}/files/{attachment.uuid}/"))
