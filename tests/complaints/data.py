"""What a complainant fills in on a member's public complaint form, for tests that post it."""

PUBLIC_FORM = {
    "complainant_name": "Piet Puk",
    "complainant_email": "piet@example.org",
    "complainant_phone": "06 11122233",
    "complainant_address": "Dorpsstraat 1",
    "complainant_postal_code": "1234 AB",
    "complainant_city": "Ergens",
    "description": "De bestelde kast kwam beschadigd aan.",
    "remedy_sought": "Een nieuwe kast.",
    "incident_date": "2026-10-01",
    "consent": "on",
}
