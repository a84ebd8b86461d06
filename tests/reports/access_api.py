"""Who may use each reports URL (walked by tests/test_url_permissions.py)."""

ACCESS = {}
SEGMENTS = {}
