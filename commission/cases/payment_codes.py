"""The codes that let a bank match the complaint fee (klachtengeld) to its case: the IBAN check, the
structured creditor reference (ISO 11649, "RF") and the EPC QR code's payload (the European Payments
Council's "SEPA credit transfer" QR, guideline EPC069-12).

Pure functions, no settings and no database: ``intake_and_fee`` reads the commission's bank account
from the settings and calls these.

The fee invoice is not stored: it is rendered on request from the case (invoice number, amount, due
date) and the commission's bank account. The case's fields are the one truth about what is owed and
by when; a stored PDF would be a second one that goes stale as soon as the reminder moves the due
date or the commission changes its account, and the case's documents are the file both parties
read, where an invoice of the complainant's does not belong (the member never sees it).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

#: ISO 13616: two letters (country), two check digits, up to 30 letters and digits.
IBAN_PATTERN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
#: ISO 9362: bank (4 letters), country (2 letters), location (2), optionally a branch (3).
BIC_PATTERN = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
#: ISO 11649: "RF", two check digits and up to 21 letters and digits.
CREDITOR_REFERENCE_PATTERN = re.compile(r"^RF[0-9]{2}[A-Z0-9]{1,21}$")
CREDITOR_REFERENCE_MAX_BODY = 21

#: EPC069-12: the beneficiary's name has at most 70 characters; amounts from 0.01 to 999999999.99 euro.
EPC_NAME_MAX = 70
EPC_AMOUNT_MIN = Decimal("0.01")
EPC_AMOUNT_MAX = Decimal("999999999.99")


def _compact(text: str) -> str:
    """Upper case, without the spaces (and dashes) people write in IBANs and references."""
    return re.sub(r"[\s-]+", "", text).upper()


def _as_digits(text: str) -> int:
    """ISO 7064 MOD 97-10 as IBAN and ISO 11649 use it: every letter becomes two digits (A=10 ... Z=35)."""
    return int("".join(str(int(char, 36)) for char in text))


def normalise_iban(text: str) -> str:
    return _compact(text)


def iban_is_valid(text: str) -> bool:
    """The IBAN's form and its check digits (the number, with its first four characters moved to the
    end and letters as numbers, leaves 1 when divided by 97)."""
    iban = normalise_iban(text)
    if not IBAN_PATTERN.match(iban):
        return False
    return _as_digits(iban[4:] + iban[:4]) % 97 == 1


def format_iban(text: str) -> str:
    """The IBAN in groups of four, as it is printed."""
    iban = normalise_iban(text)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def bic_is_valid(text: str) -> bool:
    return bool(BIC_PATTERN.match(_compact(text)))


def creditor_reference(invoice_number: str) -> str:
    """The structured creditor reference for an invoice number: "RF", two check digits and the
    invoice number's letters and digits (ISO 11649). ``GC-2026-00001`` gives ``RF..GC202600001``."""
    body = "".join(char for char in invoice_number.upper() if char in string.ascii_uppercase + string.digits)
    if not body or len(body) > CREDITOR_REFERENCE_MAX_BODY:
        raise ValueError(
            f"A creditor reference needs 1 to {CREDITOR_REFERENCE_MAX_BODY} letters and digits, not {invoice_number!r}."
        )
    check = 98 - _as_digits(body + "RF00") % 97
    return f"RF{check:02d}{body}"


def creditor_reference_is_valid(text: str) -> bool:
    reference = _compact(text)
    if not CREDITOR_REFERENCE_PATTERN.match(reference):
        return False
    return _as_digits(reference[4:] + reference[:4]) % 97 == 1


def format_creditor_reference(text: str) -> str:
    """The reference in groups of four, as ISO 11649 prints it (``RF18 5390 0754 7034``)."""
    reference = _compact(text)
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def sepa_text(text: str) -> str:
    """``text`` in plain ASCII: accents dropped (é → e), other characters outside ASCII left out.

    The EPC QR code declares UTF-8, but the QR encoder writes text that fits ISO 8859-1 in that
    character set, so an "ë" would reach the banking app as a byte that is not UTF-8. In ASCII both
    are the same bytes, and the SEPA transfer itself only carries the basic Latin characters anyway.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(char for char in decomposed if char.isascii() and (char.isprintable() or char == " "))
    return " ".join(ascii_only.split())


@dataclass(frozen=True)
class BankAccount:
    """Where the complaint fee is paid to."""

    iban: str
    beneficiary: str
    bic: str = ""

    def problems(self) -> list[str]:
        """What is wrong with the account, in words for whoever configures it (empty: nothing)."""
        found = []
        if not self.iban:
            found.append("COMMISSION_IBAN is not set.")
        elif not iban_is_valid(self.iban):
            found.append(f"COMMISSION_IBAN {self.iban!r} is not a valid IBAN (its check digits do not match).")
        if self.bic and not bic_is_valid(self.bic):
            found.append(f"COMMISSION_BIC {self.bic!r} is not a valid BIC (8 or 11 letters and digits).")
        if not sepa_text(self.beneficiary):
            found.append("COMMISSION_BENEFICIARY (or COMMISSION_NAME) is empty.")
        return found


def epc_amount(amount: Decimal) -> str:
    """``EUR`` and the amount with a point and two decimals (``EUR52.50``)."""
    if not EPC_AMOUNT_MIN <= amount <= EPC_AMOUNT_MAX:
        raise ValueError(f"An EPC QR code carries 0.01 to 999999999.99 euro, not {amount}.")
    return f"EUR{amount.quantize(Decimal('0.01'))}"


def epc_payload(*, account: BankAccount, amount: Decimal, reference: str) -> str:
    """The text of the EPC QR code (EPC069-12, version 002), one element per line:

    service tag ``BCD``, version ``002``, character set ``1`` (UTF-8), ``SCT`` (SEPA credit
    transfer), the BIC (may be empty in version 002), the beneficiary's name, the IBAN, the amount,
    the purpose (empty), the structured creditor reference. The unstructured remittance text stays
    empty: a payment carries either a structured reference or a text, and the guideline lets the
    last empty elements out (nothing may follow the last one).
    """
    problems = account.problems()
    if problems:
        raise ValueError(" ".join(problems))
    if not creditor_reference_is_valid(reference):
        raise ValueError(f"{reference!r} is not a structured creditor reference.")
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        _compact(account.bic),
        sepa_text(account.beneficiary)[:EPC_NAME_MAX],
        normalise_iban(account.iban),
        epc_amount(amount),
        "",
        _compact(reference),
    ]
    return "\n".join(lines)
