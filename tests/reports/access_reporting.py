"""Who may use each reporting-upward and dashboard URL (walked by
tests/test_url_permissions.py).

Every role sees the dashboard page and the cards due (and exports them) (the home-page panel is for managers:
tests/reports/test_dashboard.py); clerks and managers record cards. The walk reverses a
per-kind name without its kind, which gives the case-closure path, and takes its object
from the first path's segment, case_decision (reports/urls_reporting.py): both are the
closed case of tests/penalties/access.make_objects. The bulk form POSTed empty is refused
with a message and sends the user back to the list (302), nothing written."""

from tests.roles import ALL

CARD_WRITERS = {"clerk", "manager"}

ACCESS = {
    "reports:dashboard": ("get", ALL, 200),
    "reports:reporting": ("get", ALL, 200),
    "reports:reporting_list": ("get", ALL, 200),
    "reports:reporting_cards_xlsx": ("get", ALL, 200),
    "reports:reporting_record": ("get", CARD_WRITERS, 200),
    "reports:reporting_record_many": ("post", CARD_WRITERS, 302),
}
SEGMENTS = {
    "case_decision": "penaltycase",
    "case_closure": "penaltycase",
    "case_single": "penaltycase",
}
