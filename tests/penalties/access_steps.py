"""Who may use each step page of a case (walked by tests/test_url_permissions.py)."""

ACCESS = {}
SEGMENTS = {}
