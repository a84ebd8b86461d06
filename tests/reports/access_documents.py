"""Who may use the saved summaries and the documents (walked by tests/test_url_permissions.py).

Every role reads summaries and exports them; only managers write and publish them (the
administrator's role reads only: reports/migrations/0002_role_permissions.py). The walk's
summary is a draft, so the manager may open its edit page, publish or discard it (a redirect)."""

from tests.roles import ALL

MANAGER = {"manager"}

ACCESS = {
    "reports:summary_report_list": ("get", ALL, 200),
    "reports:summary_report_add": ("get", MANAGER, 200),
    "reports:summary_report_detail": ("get", ALL, 200),
    "reports:summary_report_edit": ("get", MANAGER, 200),
    "reports:summary_report_publish": ("post", MANAGER, 302),
    "reports:summary_report_discard": ("post", MANAGER, 302),
    "reports:summary_report_recompute": ("get", ALL, 200),
    "reports:summary_report_pdf": ("get", ALL, 200),
    "reports:summary_report_docx": ("get", ALL, 200),
    "reports:summary_report_xlsx": ("get", ALL, 200),
    "reports:summary_pdf": ("get", ALL, 200),
    "reports:summary_xlsx": ("get", ALL, 200),
    "reports:radiation_xlsx": ("get", ALL, 200),
    "reports:occupational_xlsx": ("get", ALL, 200),
}
SEGMENTS = {"summaries": "summaryreport"}


def make_objects(objects):
    """A draft summary of the walk's unit, made through the service."""
    import datetime

    from reports.scope import Period, Scope
    from reports.services import summary_create
    from tests.conftest import make_persona

    if "summaryreport" in objects:
        return {}
    report = summary_create(
        user=make_persona("manager"),
        scope=Scope(Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))),
    )
    return {"summaryreport": report.pk}
