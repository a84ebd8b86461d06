"""Who may use each penalties URL (walked by tests/test_url_permissions.py)."""

ACCESS = {}
SEGMENTS = {}
