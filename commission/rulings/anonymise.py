"""Anonymising a ruling for publication: natural persons become role labels, companies stay named.

Pure functions (no database), so the rules are easy to test: the complainant's name (whole and each
part), e-mail address, phone number, street, postal code and city, and the names of other persons
named in the member's dossier (``persons_involved``, ``employee_involved``). Any e-mail address,
phone number or Dutch postal code left in the text is replaced as well. The labels are Dutch, like
the published rulings (De Geschillencommissie's practice: [consument], [adres]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMPLAINANT = "[consument]"
ADDRESS = "[adres]"
POSTAL_CODE = "[postcode]"
CITY = "[woonplaats]"
EMAIL = "[e-mailadres]"
PHONE = "[telefoonnummer]"
PERSON = "[betrokkene]"
EMPLOYEE = "[medewerker]"

#: Name particles and titles never replaced on their own ("van", "de"): they would mangle the text.
PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "la", "le", "du", "da", "di", "von", "dhr", "mevr"}

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Dutch phone numbers (0, +31 or 0031, then nine digits with optional separators); not case numbers.
PHONE_RE = re.compile(r"(?<![\w+])(?:\+31[\s.-]?(?:\(0\))?|0031|0)(?:[\s.-]?\d){9}(?!\d)")
POSTAL_CODE_RE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")


@dataclass
class Persons:
    """Who must not be recognisable, with the company words that must stay."""

    complainant_name: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    others: list[str] = field(default_factory=list)
    employees: list[str] = field(default_factory=list)
    company_name: str = ""


def split_names(text: str) -> list[str]:
    """Names from a free-text field such as "Jan Jansen (monteur), Piet de Vries en Ali"."""
    text = re.sub(r"\([^)]*\)", " ", text or "")
    parts = re.split(r"[,;/\n]|\s+en\s+|\s+and\s+|&", text)
    return [" ".join(p.split()) for p in parts if len(p.strip()) >= 2]


def _name_parts(name: str, company_words: set[str]) -> list[str]:
    return [
        part
        for part in re.split(r"[\s-]+", name)
        if len(part) >= 3 and part.lower().strip(".") not in PARTICLES and part.lower() not in company_words
    ]


def _phone_pattern(phone: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    return re.compile(r"[\s().-]*".join(re.escape(d) for d in digits))


def replacements(persons: Persons) -> list[tuple[re.Pattern, str]]:
    """Patterns to replace, longest text first so "Karin Klant" goes before "Karin"."""
    company_words = {w.lower() for w in re.split(r"[\s.,-]+", persons.company_name) if w}
    literal: list[tuple[str, str]] = []

    def add_name(name: str, label: str) -> None:
        if name.strip():
            literal.append((name.strip(), label))
            literal.extend((part, label) for part in _name_parts(name, company_words))

    add_name(persons.complainant_name, COMPLAINANT)
    for name in persons.others:
        add_name(name, PERSON)
    for name in persons.employees:
        add_name(name, EMPLOYEE)
    for text, label in ((persons.email, EMAIL), (persons.street, ADDRESS), (persons.city, CITY)):
        if text.strip():
            literal.append((text.strip(), label))
    if persons.postal_code.strip():
        code = re.sub(r"\s", "", persons.postal_code)
        literal.append((code[:4] + " " + code[4:] if len(code) > 4 else code, POSTAL_CODE))
        literal.append((code, POSTAL_CODE))
    literal.sort(key=lambda item: len(item[0]), reverse=True)
    patterns = [(re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE), label) for text, label in literal]
    phone = _phone_pattern(persons.phone)
    if phone is not None:
        patterns.insert(0, (phone, PHONE))
    return patterns


def anonymise(text: str, persons: Persons) -> str:
    """``text`` with every natural person replaced by a role label."""
    if not text:
        return text
    text = EMAIL_RE.sub(EMAIL, text)
    for pattern, label in replacements(persons):
        text = pattern.sub(label, text)
    text = PHONE_RE.sub(PHONE, text)
    return POSTAL_CODE_RE.sub(POSTAL_CODE, text)
