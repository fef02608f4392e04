"""Large input: texts have a maximum length the browser knows, and a post with more text than the
server accepts comes back with the form, a message naming the limit and what fitted, instead of a
bare 400 page that loses everything typed. The upload limits stay as they are."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import translation

from core.forms import LONG_TEXT
from tenants.complaints.models import Complaint, Message
from tenants.complaints.services import status_link_token

from ..images import png_bytes
from ..test_form_roundtrip import FORMS, constructor_arguments
from .data import PUBLIC_FORM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FORM = {**PUBLIC_FORM, "incident_place": "Showroom Ergens"}
MEGABYTES = 3 * 1024 * 1024


def _limit_in_dutch() -> str:
    with translation.override("nl"):
        return str(filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def test_multi_megabyte_text_comes_back_with_the_form_and_what_was_typed(client_for, alpha, in_schema):
    assert MEGABYTES > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    data = dict(FORM, description="De kast is kapot. " + "x" * MEGABYTES)

    response = client_for(alpha).post("/complaint/", data)

    assert response.status_code == 413
    page = response.content.decode()
    assert _limit_in_dutch() in page
    assert 'name="description"' in page and "De kast is kapot." in page
    for name in ("complainant_name", "complainant_email", "complainant_city", "incident_place"):
        assert f'value="{FORM[name]}"' in page, name
    assert 'value="2026-10-01"' in page
    assert "Een nieuwe kast." in page  # a field after the large one
    assert f"niet meer dan {LONG_TEXT} tekens bevat" in page  # the description's max_length
    with in_schema(alpha):
        assert not Complaint.objects.filter(complainant_email="piet@example.org").exists()


def test_the_csrf_token_is_read_from_a_post_with_too_much_text(alpha, hosts):
    client = Client(enforce_csrf_checks=True, HTTP_HOST=hosts.alpha)
    page = client.get("/complaint/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = dict(FORM, csrfmiddlewaretoken=token, description="x" * MEGABYTES)

    response = client.post("/complaint/", data, HTTP_REFERER=f"http://{hosts.alpha}/complaint/")

    assert response.status_code == 413
    assert 'value="Piet Puk"' in response.content.decode()


def test_files_sent_with_too_much_text_are_asked_for_again(client_for, alpha):
    data = dict(
        FORM,
        description="x" * MEGABYTES,
        attachments=[SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")],
    )

    response = client_for(alpha).post("/complaint/", data)

    assert response.status_code == 413
    with translation.override("nl"):
        assert translation.gettext("Choose your files again.") in response.content.decode()


def test_large_files_within_the_upload_limit_are_still_accepted(client_for, alpha, in_schema, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = png_bytes() + b"\0" * MEGABYTES  # larger than the text limit, within the 10 MB per file
    data = dict(FORM, description="De kast is kapot.")
    data["attachments"] = [SimpleUploadedFile("foto.png", photo, content_type="image/png")]

    response = client_for(alpha).post("/complaint/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    with in_schema(alpha):
        complaint = Complaint.objects.get(complainant_email="piet@example.org")
        assert complaint.attachments.get().size == len(photo)


def test_text_longer_than_its_maximum_gets_the_field_error(client_for, alpha, in_schema):
    page = client_for(alpha).get("/complaint/").content.decode()
    assert f'maxlength="{LONG_TEXT}"' in page

    response = client_for(alpha).post("/complaint/", dict(FORM, description="y" * (LONG_TEXT + 1)))

    assert response.status_code == 400
    body = response.content.decode()
    assert f"niet meer dan {LONG_TEXT} tekens bevat (het zijn er nu {LONG_TEXT + 1})" in body
    assert 'value="Piet Puk"' in body
    with in_schema(alpha):
        assert not Complaint.objects.filter(complainant_email="piet@example.org").exists()


def test_status_page_information_form_comes_back_with_the_message(register, client_for, alpha, in_schema):
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
        before = Message.objects.filter(complaint=complaint).count()

    response = client_for(alpha).post(f"/status/{token}/", {"text": "Aanvulling: " + "z" * MEGABYTES})

    assert response.status_code == 413
    page = response.content.decode()
    assert _limit_in_dutch() in page and "Aanvulling: " in page
    with in_schema(alpha):
        assert Message.objects.filter(complaint=complaint).count() == before


def test_office_form_with_too_much_text_answers_413_with_the_limit(register, client_for, alpha, in_schema, staff):
    complaint = register()
    client = client_for(alpha, staff["handler"])
    body = urlencode({"action": "note", "body": "n" * MEGABYTES})

    response = client.post(
        f"/office/complaints/{complaint.uuid}/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert _limit_in_dutch() in response.content.decode()
    with in_schema(alpha):
        assert not complaint.notes.exists()


def test_every_text_field_has_a_maximum_length():
    missing = []
    for form_class in FORMS:
        form = form_class(**constructor_arguments(form_class))
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            if field.max_length is None:
                missing.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert missing == []
