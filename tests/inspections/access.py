"""Who may open each inspections URL (walked by tests/test_url_permissions.py)."""

from tests.roles import ALL, FIELD, PLANNERS  # noqa: F401

# name → (method, roles with access, status for them)
ACCESS = {}
