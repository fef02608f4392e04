"""The register page and the API list read their filters through one FilterSet: the same parameters,
checked the same way (the page shows an error where the API answers 400)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.helpers import error_of

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_a_reversed_date_range_is_an_error_on_the_page_and_in_the_api(api, client_for, staff, alpha, register):
    register(complainant_name="Alie Appel")
    query = "received_from=2026-02-01&received_until=2026-01-01"
    response = api(alpha, staff["handler"]).get(f"{API}/complaints/?{query}")
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["received_until"]
    page = client_for(alpha, staff["handler"]).get(f"/office/complaints/?{query}").content.decode()
    assert 'value="2026-01-01" aria-invalid="true"' in page
    assert "Alie Appel" in page  # with errors no filter applies, as before


@pytest.mark.parametrize(("value", "overdue_only"), [("on", True), ("true", True), ("1", True), ("0", False)])
def test_overdue_reads_the_same_on_the_page_and_in_the_api(
    api, client_for, staff, alpha, register, value, overdue_only
):
    register(complainant_name="Bert Bes", received_at=timezone.now() - timedelta(days=120), send_acknowledgment=False)
    register(complainant_name="Alie Appel")
    expected = {"Bert Bes"} if overdue_only else {"Bert Bes", "Alie Appel"}
    listed = api(alpha, staff["handler"]).get(f"{API}/complaints/?overdue={value}").json()["results"]
    assert {c["complainant_name"] for c in listed} == expected
    page = client_for(alpha, staff["handler"]).get(f"/office/complaints/?overdue={value}").content.decode()
    assert ("Alie Appel" in page) is not overdue_only and "Bert Bes" in page


def test_the_page_keeps_its_handler_list_and_sort_orders(client_for, staff, alpha):
    page = client_for(alpha, staff["handler"]).get("/office/complaints/").content.decode()
    assert f'<option value="{staff["handler"].pk}">' in page
    assert '<option value="-received">' in page and '<option value="-due">' not in page
    assert 'name="kind"' not in page  # handlers never see internal complaints
