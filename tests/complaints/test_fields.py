"""The complaint's fields are listed once (``models``' field groups): the office forms, the API and
the services take the same details."""

from __future__ import annotations

import pytest

from tenants.complaints.api.serializers import (
    ComplaintCreateInputSerializer,
    ComplaintDetailOutputSerializer,
    ComplaintUpdateInputSerializer,
)
from tenants.complaints.forms import ComplaintEditForm, RegisterComplaintForm
from tenants.complaints.models import EDITABLE_FIELDS, REGISTER_FIELDS, Complaint


def test_the_office_forms_and_the_api_take_the_same_details():
    assert set(RegisterComplaintForm.Meta.fields) == REGISTER_FIELDS | {"kind"}
    assert set(ComplaintCreateInputSerializer.Meta.fields) == REGISTER_FIELDS | {
        "kind",
        "channel",
        "received_at",
        "send_acknowledgment",
    }
    assert set(ComplaintUpdateInputSerializer.Meta.fields) == set(ComplaintEditForm.Meta.fields) | {"kind"}
    assert set(ComplaintUpdateInputSerializer.Meta.fields) <= EDITABLE_FIELDS
    assert REGISTER_FIELDS <= set(ComplaintDetailOutputSerializer.Meta.fields)
    names = {field.name for field in Complaint._meta.get_fields()}
    assert EDITABLE_FIELDS <= names


def test_the_office_edit_form_offers_the_employee_involved():
    assert "employee_involved" in ComplaintEditForm.Meta.fields


@pytest.mark.django_db
def test_the_office_edit_form_saves_the_employee_involved(register, alpha, staff, client_for, in_schema):
    complaint = register()
    client = client_for(alpha, staff["handler"])
    url = f"/office/complaints/{complaint.uuid}/"
    assert 'name="employee_involved"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "edit",
            "complainant_name": complaint.complainant_name,
            "complainant_email": complaint.complainant_email,
            "employee_involved": "Piet Pieterse",
            "severity": "normal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert complaint.employee_involved == "Piet Pieterse"
