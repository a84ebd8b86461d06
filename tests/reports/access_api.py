"""Who may use each reports API URL (walked by tests/test_url_permissions.py). Without
parameters the summary asks for its dates (400) and the annual summary for its year."""

from tests.roles import ALL

ACCESS = {
    "report-summary": ("get", ALL, 400),
    "report-annual": ("get", ALL, 400),
}
SEGMENTS = {}
