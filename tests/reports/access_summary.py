"""Who may use each reports URL (walked by tests/test_url_permissions.py).

Every role reads the summary and the records behind its figures (the walk opens the
drill-down of the figure "units")."""

from tests.roles import ALL

ACCESS = {
    "reports:summary": ("get", ALL, 200),
    "reports:drill": ("get", ALL, 200),
}
SEGMENTS = {}
