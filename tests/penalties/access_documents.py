"""Who may open the PDF documents and the violation pages (walked by
tests/test_url_permissions.py). The walk's case is closed, so all three documents exist."""

from tests.roles import ALL

ACCESS = {
    "penalties:case_document": ("get", ALL, 200),
    "penalties:case_document_record": ("get", ALL, 200),
    "penalties:case_filing_pdf": ("get", ALL, 200),
    "penalties:case_notice_pdf": ("get", ALL, 200),
    "penalties:case_decision_pdf": ("get", ALL, 200),
    "penalties:violation_list": ("get", ALL, 200),
    "penalties:violation_detail": ("get", ALL, 200),
    "penalties:timelimit_list": ("get", ALL, 200),
}
SEGMENTS = {}
