"""The supervision opinion (卫生监督意见书) as a PDF: one function for its page and for
batches (core.jobs)."""

from core.documents import render_pdf
from core.people import display_name


def _pk(user):
    return user.pk


def opinion_document(opinion) -> tuple[str, bytes]:
    """(file name, PDF) of an opinion; ``opinion`` with its inspection and unit loaded."""
    inspection = opinion.inspection
    content = render_pdf(
        "documents/opinion.html",
        {
            "opinion": opinion,
            "inspection": inspection,
            "unit": inspection.establishment,
            "items": list(opinion.items.all()),
            # .all() sorted here, so a batch's prefetched inspectors are used (no query each)
            "inspectors": [display_name(u) for u in sorted(inspection.inspectors.all(), key=_pk)],
        },
    )
    return f"卫生监督意见书_{opinion.number}.pdf", content
