"""Dates of things that already happened cannot lie in the future: a payment is registered on the
day it was received, never ahead of it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation

from commission.cases import services as procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(escalate):
    return escalate(claim="Geld terug.")


def test_a_payment_dated_in_the_future_is_refused_naming_the_date(case, secretary, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with translation.override("en"):
        english_date = formats.date_format(tomorrow, "j F Y")
        with pytest.raises(ValidationError) as refused:
            procedure.case_payment_register(
                case=case, actor=secretary, kind="fee", amount=Decimal("10.00"), paid_on=tomorrow
            )
    assert english_date in " ".join(refused.value.message_dict["paid_on"])
    # The page answers with the form, what was typed kept, and the date named in Dutch.
    response = client_for(None, secretary).post(
        f"/office/cases/{case.uuid}/do/payment/",
        {"kind": "fee", "amount": "10.00", "paid_on": tomorrow.isoformat(), "reference": "NL-TOEKOMST"},
    )
    page = response.content.decode()
    with translation.override("nl"):
        dutch_date = formats.date_format(tomorrow, "j F Y")
    assert response.status_code == 400 and "NL-TOEKOMST" in page and dutch_date in page
    assert not case.payments.exists()
    # Today is fine.
    procedure.case_payment_register(
        case=case, actor=secretary, kind="fee", amount=Decimal("10.00"), paid_on=timezone.localdate()
    )
    assert case.payments.count() == 1
