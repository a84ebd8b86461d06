"""Who may use each reports URL (walked by tests/test_url_permissions.py).

Every role reads the summary and the records behind its figures. The drill-down URL's
argument is a figure key: the walk fills ``pk`` arguments from SEGMENTS and make_objects,
so the segment "drill" points at the key "units"."""

from tests.roles import ALL

ACCESS = {
    "reports:summary": ("get", ALL, 200),
    "reports:drill": ("get", ALL, 200),
}
SEGMENTS = {"drill": "figure_key"}


def make_objects(objects):
    return {"figure_key": "units"}
