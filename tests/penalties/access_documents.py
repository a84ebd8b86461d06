"""Who may open the PDF documents and the violation pages (walked by
tests/test_url_permissions.py)."""

from tests.roles import ALL

ACCESS = {
    "penalties:case_filing_pdf": ("get", ALL, 404),
    "penalties:case_notice_pdf": ("get", ALL, 404),
    "penalties:case_decision_pdf": ("get", ALL, 404),
}
SEGMENTS = {}
