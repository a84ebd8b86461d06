"""Who may use each step page of a case (walked by tests/test_url_permissions.py).

The walk opens the closed case of tests/penalties/access.make_objects. Steps are POSTed
with an empty body: for those allowed that is a save without the record's version (409,
core/locking.py), not a refusal (403)."""

from tests.penalties.access import OFFICERS, REVIEWERS

STEP_NAMES = (
    "case_investigate",
    "case_notify",
    "statement_record",
    "rights_waive",
    "hearing_request",
    "hearing_schedule",
    "hearing_hold",
    "case_decide",
    "case_serve",
    "service_record",
    "payment_record",
    "case_execute",
    "case_close",
    "case_terminate",
    "decision_request",
    "discussion_record",
    "closing_request",
    "extension_request",
)
MANAGER_STEPS = ("case_extend", "case_legal_review", "case_amend", "case_review")

# name → (method, roles with access, status for them)
ACCESS = {
    **{f"penalties:{name}": ("post", OFFICERS, 409) for name in STEP_NAMES},
    **{f"penalties:{name}": ("post", REVIEWERS, 409) for name in MANAGER_STEPS},
    # The 负责人's answer to a request of the walk's (closed) case.
    "penalties:approval_decide": ("post", REVIEWERS, 409),
}
SEGMENTS = {"approvals": "caseapproval"}
