"""The permit certificate as a PDF: one function for its page and for batches (core.jobs)."""

from core.documents import render_pdf


def permit_document(permit) -> tuple[str, bytes]:
    """(file name, PDF) of a permit; ``permit`` with its unit and type loaded."""
    content = render_pdf("documents/permit.html", {"permit": permit, "unit": permit.establishment})
    return f"卫生许可证_{permit.number}.pdf", content
