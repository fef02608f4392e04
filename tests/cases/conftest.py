from tests.complaints.conftest import register, staff, tomorrow  # noqa: F401  (shared complaint fixtures)
