"""Who may use each penalties API URL (walked by tests/test_url_permissions.py).

The walked case is closed (tests/penalties/access.make_objects). The step POSTs have an
empty body and every step needs at least one field, so those allowed get 400 whatever the
case's step, and nothing is written. Filing by POST to ``case-list`` and reading payments (GET on
``case-payments``) are tested in tests/penalties/test_api.py."""

from tests.penalties.access import OFFICERS, REVIEWERS
from tests.roles import ALL

STEPS = (
    "investigate",
    "evidence",
    "notify",
    "statement",
    "waive",
    "hearing-request",
    "hearing-schedule",
    "hearing-hold",
    "decide",
    "serve",
    "serve-document",
    "payments",
    "execute",
    "close",
    "terminate",
    "evidence-samples",
    "preservations",
    "preservation-take",
    "preservation-dispose",
    "transfer",
    "measure",
    "decision-request",
    "closing-request",
    "extension-request",
    "discussions",
)

# name → (method, roles with access, status for them)
ACCESS = {
    "case-list": ("get", ALL, 200),
    "case-detail": ("get", ALL, 200),
    # Searching (by ID number too) in a JSON body: reading, for every role; the walk's
    # bodiless POST is not JSON (415). tests/penalties/test_id_number_search.py searches.
    "case-search": ("post", ALL, 415),
    **{f"case-{step}": ("post", OFFICERS, 400) for step in STEPS},
    "case-extend": ("post", REVIEWERS, 400),
    "case-legal-review": ("post", REVIEWERS, 400),
    "case-approval-decide": ("post", REVIEWERS, 400),
    "case-amend": ("post", REVIEWERS, 400),
    "case-review": ("post", REVIEWERS, 400),
    "violation-list": ("get", ALL, 200),
    "violation-detail": ("get", ALL, 200),
    "timelimit-list": ("get", ALL, 200),
    "timelimit-detail": ("get", ALL, 200),
}

# URL path segment → the model its id points at ("cases" and "violations": access.py).
SEGMENTS = {"time-limits": "timelimit"}
