"""Demo data for ``make run`` (``manage.py load_demo``): the commission with its staff and hearing
panel, three members in different sectors, each with an owner, a handler and a manager, a published
complaints regulation, complaints in every stage of the first-line procedure, commission cases in
every stage, the year's contribution ledger, and certificates in every standing (valid, expired,
suspended, revoked). Idempotent: running it again changes nothing. Every name and address is
fictitious.

The modules, in the order ``load`` uses them: ``staff`` (commission staff, panel, the password),
``members``, ``complaints``, ``regulations``, ``disputes`` and ``cases`` (with ``hearings`` and
``rulings``), ``certificates`` (the ledger and the certificates); ``files`` makes the small documents
they attach (the benchmarks use them too).
"""

from devtools.demo.files import demo_pdf, demo_png, demo_upload
from devtools.demo.load import load_demo
from devtools.demo.members import DEMO_MEMBERS, demo_member_users
from devtools.demo.rulings import ruling_values
from devtools.demo.staff import COMMISSION_STAFF, DEMO_PANEL, DEMO_PASSWORD

__all__ = [
    "COMMISSION_STAFF",
    "DEMO_MEMBERS",
    "DEMO_PANEL",
    "DEMO_PASSWORD",
    "demo_member_users",
    "demo_pdf",
    "demo_png",
    "demo_upload",
    "load_demo",
    "ruling_values",
]
