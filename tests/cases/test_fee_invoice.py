"""Paying the complaint fee: the creditor reference, the IBAN check, the EPC QR code's payload, the
invoice PDF (read back, its QR code decoded by a real decoder) and who may see the invoice."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdfium2  # type: ignore[import-untyped]  # no type information
import pytest
import zxingcpp
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from commission.cases import services
from commission.cases.payment_codes import (
    BankAccount,
    creditor_reference,
    creditor_reference_is_valid,
    epc_payload,
    format_creditor_reference,
    iban_is_valid,
)
from commission.cases.services import case_link_token
from commission.cases.services.intake_and_fee import (
    BankAccountNotConfigured,
    case_fee_invoice_pdf,
    fee_instructions,
)
from core.pdf import pdf_text

pytestmark = pytest.mark.django_db

IBAN = "NL20INGB0001234567"
IBAN_PRINTED = "NL20 INGB 0001 2345 67"
BIC = "INGBNL2A"
BENEFICIARY = "Stichting Geschillencommissie Wederhoor"


@pytest.fixture
def bank_account(settings):
    settings.COMMISSION_IBAN = IBAN
    settings.COMMISSION_BIC = BIC
    settings.COMMISSION_BENEFICIARY = BENEFICIARY


@pytest.fixture
def invoiced(escalate, secretary, bank_account):
    """``invoiced(**fields)``: a new case at alpha whose fee the secretary invoiced."""

    def make(**fields):
        case = escalate(**fields)
        return services.case_fee_invoice(case=case, actor=secretary)

    return make


def qr_texts_of_image(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def qr_texts(pdf: bytes) -> list[str]:
    """The QR codes on the first page, decoded by a real decoder from the rendered page."""
    page = pypdfium2.PdfDocument(pdf)[0]
    return qr_texts_of_image(page.render(scale=3).to_pil())


def flat(text: str) -> str:
    return " ".join(text.split())


# The codes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoice_number", "expected"),
    [
        ("539007547034", "RF18539007547034"),  # the example of ISO 11649
        ("2348231", "RF712348231"),
        ("G72UUR", "RF45G72UUR"),
        ("18K5", "RF6518K5"),
        ("g72-uur", "RF45G72UUR"),  # letters and digits only, upper case
    ],
)
def test_creditor_reference_check_digits(invoice_number, expected):
    assert creditor_reference(invoice_number) == expected
    assert creditor_reference_is_valid(expected)


def test_creditor_reference_refuses_what_does_not_fit():
    assert not creditor_reference_is_valid("RF19539007547034"), "one check digit off"
    assert not creditor_reference_is_valid("RF18539007547035"), "one digit of the body off"
    assert creditor_reference_is_valid("RF18 5390 0754 7034"), "printed in groups of four"
    assert format_creditor_reference("RF18539007547034") == "RF18 5390 0754 7034"
    with pytest.raises(ValueError):
        creditor_reference("--")
    with pytest.raises(ValueError):
        creditor_reference("1" * 22)


@pytest.mark.parametrize(
    "iban", ["NL91ABNA0417164300", "nl91 abna 0417 1643 00", "GB82WEST12345698765432", "DE89370400440532013000", IBAN]
)
def test_valid_ibans(iban):
    assert iban_is_valid(iban)


@pytest.mark.parametrize(
    "iban", ["NL91ABNA0417164301", "NL19INGB0001234567", "NL91", "", "9191ABNA0417164300", "NL91ABNA04171643!0"]
)
def test_invalid_ibans(iban):
    assert not iban_is_valid(iban)


def test_epc_payload_exact_text():
    account = BankAccount(iban=IBAN, bic=BIC, beneficiary=BENEFICIARY)
    payload = epc_payload(account=account, amount=Decimal("52.5"), reference="RF18539007547034")
    assert payload == (
        "BCD\n002\n1\nSCT\nINGBNL2A\nStichting Geschillencommissie Wederhoor\nNL20INGB0001234567\n"
        "EUR52.50\n\nRF18539007547034"
    )


def test_epc_payload_in_plain_ascii_and_refusals():
    account = BankAccount(iban="NL20 INGB 0001 2345 67", beneficiary="Commissie Één & Zoë")
    payload = epc_payload(account=account, amount=Decimal("127.50"), reference="RF712348231")
    assert payload.split("\n") == [
        "BCD", "002", "1", "SCT", "", "Commissie Een & Zoe", IBAN, "EUR127.50", "", "RF712348231",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="COMMISSION_IBAN"):
        epc_payload(
            account=BankAccount(iban="NL19INGB0001234567", beneficiary="X"),
            amount=Decimal("1"),
            reference="RF712348231",
        )
    with pytest.raises(ValueError, match="COMMISSION_BIC"):
        epc_payload(
            account=BankAccount(iban=IBAN, bic="ING", beneficiary="X"), amount=Decimal("1"), reference="RF712348231"
        )
    with pytest.raises(ValueError, match="creditor reference"):
        epc_payload(account=BankAccount(iban=IBAN, beneficiary="X"), amount=Decimal("1"), reference="RF712348232")
    with pytest.raises(ValueError):
        epc_payload(account=BankAccount(iban=IBAN, beneficiary="X"), amount=Decimal("0"), reference="RF712348231")


# The invoice ---------------------------------------------------------------------------------------


def test_the_fee_instructions_of_an_invoiced_case(invoiced):
    case = invoiced()
    fee = fee_instructions(case=case)
    assert fee is not None
    assert fee.amount == case.fee_amount == Decimal("52.50")
    assert fee.reference == creditor_reference(case.reference)
    assert fee.epc_payload == (
        f"BCD\n002\n1\nSCT\n{BIC}\n{BENEFICIARY}\n{IBAN}\nEUR52.50\n\n{creditor_reference(case.reference)}"
    )


def test_no_instructions_before_the_invoice(escalate, bank_account):
    case = escalate()
    assert fee_instructions(case=case) is None


def test_the_invoice_pdf_reads_back_and_its_qr_code_is_the_epc_payload(invoiced):
    case = invoiced(complainant_name="Karin Klant")
    fee = fee_instructions(case=case)
    assert fee is not None
    pdf = case_fee_invoice_pdf(case=case).pdf
    assert len(pypdfium2.PdfDocument(pdf)) == 1, "the invoice, its QR code included, fits one page"
    text = flat(pdf_text(pdf))
    for expected in ("52,50", IBAN_PRINTED, BIC, BENEFICIARY, fee.reference_display, case.reference, "Karin Klant"):
        assert expected in text, f"{expected!r} not on the invoice"
    assert qr_texts(pdf) == [fee.epc_payload]


def test_a_missing_or_wrong_iban_is_a_clear_configuration_error(invoiced, settings, client_for):
    case = invoiced()
    settings.COMMISSION_IBAN = ""
    with pytest.raises(BankAccountNotConfigured, match="COMMISSION_IBAN is not set"):
        case_fee_invoice_pdf(case=case)
    settings.COMMISSION_IBAN = "NL19INGB0001234567"
    with pytest.raises(ImproperlyConfigured, match="not a valid IBAN"):
        case_fee_invoice_pdf(case=case)
    # The complainant's page still works, without payment details.
    page = client_for(None).get(f"/cases/{case_link_token(case)}/")
    assert page.status_code == 200
    assert 'data-testid="fee-payment"' not in page.content.decode()


# The pages -----------------------------------------------------------------------------------------


def test_the_complainant_sees_how_to_pay_and_downloads_the_invoice(invoiced, client_for):
    case = invoiced()
    fee = fee_instructions(case=case)
    assert fee is not None
    token = case_link_token(case)
    client = client_for(None)
    page = client.get(f"/cases/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    for expected in ("52,50", IBAN_PRINTED, BENEFICIARY, fee.reference_display):
        assert expected in html, f"{expected!r} not on the case page"
    assert f"/cases/{token}/fee/qr.png" in html
    assert f"/cases/{token}/fee/invoice.pdf" in html

    qr = client.get(f"/cases/{token}/fee/qr.png")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/png"
    assert qr_texts_of_image(Image.open(io.BytesIO(qr.content))) == [fee.epc_payload]

    download = client.get(f"/cases/{token}/fee/invoice.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    assert fee.reference_display in flat(pdf_text(download.content))


def test_once_paid_the_page_shows_no_code_to_pay_again(invoiced, secretary, client_for):
    from django.utils import timezone

    case = invoiced()
    services.case_payment_register(
        case=case, actor=secretary, kind="fee", amount=case.fee_amount, paid_on=timezone.localdate()
    )
    token = case_link_token(case)
    client = client_for(None)
    html = client.get(f"/cases/{token}/").content.decode()
    assert f"/cases/{token}/fee/qr.png" not in html
    assert f"/cases/{token}/fee/invoice.pdf" in html, "the invoice stays available"
    assert client.get(f"/cases/{token}/fee/qr.png").status_code == 404


def test_no_invoice_before_it_is_sent(escalate, bank_account, client_for):
    case = escalate()
    token = case_link_token(case)
    client = client_for(None)
    assert client.get(f"/cases/{token}/fee/invoice.pdf").status_code == 404
    assert client.get(f"/cases/{token}/fee/qr.png").status_code == 404
    assert f"/cases/{token}/fee/invoice.pdf" not in client.get(f"/cases/{token}/").content.decode()


def test_each_link_gives_only_its_own_invoice(invoiced, client_for):
    first = invoiced(complainant_name="Karin Klant", complainant_email="karin@example.org")
    second = invoiced(complainant_name="Piet Pech", complainant_email="piet@example.org")
    client = client_for(None)
    text = flat(pdf_text(client.get(f"/cases/{case_link_token(second)}/fee/invoice.pdf").content))
    assert second.reference in text and "Piet Pech" in text
    assert first.reference not in text and "Karin Klant" not in text
    forged = case_link_token(first)[:-2] + "xx"
    assert client.get(f"/cases/{forged}/fee/invoice.pdf").status_code == 404
    assert client.get(f"/cases/{forged}/fee/qr.png").status_code == 404


def test_the_member_never_sees_the_complainants_invoice(invoiced, alpha, handler, client_for):
    case = invoiced()
    fee = fee_instructions(case=case)
    assert fee is not None
    member = client_for(alpha, handler)
    page = member.get(f"/office/commission-cases/{case.uuid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert fee.reference_display not in html and IBAN_PRINTED not in html and "fee/invoice.pdf" not in html
    assert member.get(f"/office/commission-cases/{case.uuid}/fee/invoice.pdf").status_code == 404
    # Nor at the commission's back-office without a commission account.
    anonymous = client_for(None).get(f"/office/cases/{case.uuid}/fee/invoice.pdf")
    assert anonymous.status_code in (302, 403)


def test_the_secretary_downloads_the_invoice_from_the_case_page(invoiced, secretary, client_for):
    case = invoiced()
    fee = fee_instructions(case=case)
    assert fee is not None
    office = client_for(None, secretary)
    html = office.get(f"/office/cases/{case.uuid}/").content.decode()
    assert f"/office/cases/{case.uuid}/fee/invoice.pdf" in html
    download = office.get(f"/office/cases/{case.uuid}/fee/invoice.pdf")
    assert download.status_code == 200
    assert qr_texts(download.content) == [fee.epc_payload]
