"""The whole case file (案卷) as one PDF: the cover (案卷封面), the index (卷内目录) with
each document's pages, every document of the case in the order ``documents_of`` gives
(the conclusion first, then the procedure: FileOrder), and the 卷内备考表 at the end.

Each document is rendered by WeasyPrint on its own (its own "第 x 页 共 y 页"), its pages
counted, and the pages put together into one PDF with one font configuration. The file's
page numbers (卷内页号) start at the first document; the cover and the index are not
numbered. Retention and the archive number are the archivist's: the cover prints the
default retention (UNVERIFIED, see RETENTION) and leaves the 归档号 to be written."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from core.documents import DocumentRenderError
from penalties.choices import PenaltyStage
from penalties.documents.base import (
    CaseDocument,
    FileOrder,
    documents_of,
    register,
)
from penalties.documents.context import common_context

# 保管期限: 行政处罚案卷 are commonly kept 定期30年 (机关文件材料归档范围和文书档案保管期限规定,
# 国家档案局令第8号 [S], not read; UNVERIFIED). The archivist may write another on the cover.
RETENTION = "定期30年"


@dataclass
class FileRow:
    """One line of the 卷内目录."""

    title: str
    number: str
    date: object
    pages: int = 0
    first: int = 0

    @property
    def page_range(self) -> str:
        if not self.pages:
            return ""
        last = self.first + self.pages - 1
        return str(self.first) if last == self.first else f"{self.first}–{last}"


def outcome_text(case) -> str:
    """处理结果 on the cover: the penalties decided, else how the case ended."""
    decided = [p.text for p in case.penalties_at(PenaltyStage.DECIDED)]
    if decided:
        return "；".join(decided)
    if case.outcome:
        return case.get_outcome_display()
    return "尚未结案"


def cover_context(case) -> dict:
    context = common_context(case, full_id=False, on=case.filed_on)
    context.update(
        {
            "doc_title": "行政处罚案卷",
            "outcome": outcome_text(case),
            "retention": RETENTION,
        }
    )
    return context


def _html(template: str, context: dict):
    from weasyprint import HTML

    html = render_to_string(template, {"OFFICE_NAME": settings.OFFICE_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR))


def case_file_pdf(case) -> bytes:
    """The case file as one PDF (cover, index, documents, 卷内备考表)."""
    return case_file_build(case)[0]


def case_file_build(case) -> tuple[bytes, list[FileRow]]:
    """The case file's PDF and the rows of its 卷内目录 (title, number, date, pages)."""
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()

    def render(template, context):
        try:
            return _html(template, context).render(font_config=fonts)
        except Exception as exc:
            raise DocumentRenderError(template, str(context.get("doc_title", ""))) from exc

    entries = documents_of(case)
    rendered = []
    rows = []
    page = 1
    for entry in entries:
        doc = render(entry.document.template, entry.document.context(case, entry.record))
        rows.append(FileRow(entry.title, entry.number, entry.date, len(doc.pages), page))
        page += len(doc.pages)
        rendered.append(doc)
    remarks_row = FileRow("卷内备考表", "", None, 0, page)
    base = common_context(case, full_id=False, on=case.filed_on)

    def remarks(total):
        return render(
            "documents/penalty_index_remarks.html",
            {**base, "doc_title": "卷内备考表", "documents": len(rows), "total_pages": total},
        )

    notes = remarks(page - 1)
    remarks_row.pages = len(notes.pages)
    notes = remarks(page - 1 + remarks_row.pages)
    cover = render("documents/penalty_cover.html", cover_context(case))
    rows.append(remarks_row)
    index = render(
        "documents/penalty_index.html",
        {
            **base,
            "doc_title": "卷内目录",
            "rows": rows,
            "total_pages": page - 1 + remarks_row.pages,
        },
    )
    pages = [p for doc in (cover, index, *rendered, notes) for p in doc.pages]
    return cover.copy(pages).write_pdf(), rows


class CaseFileDocument(CaseDocument):
    """The whole file: not one template, so it renders itself."""

    def context(self, case, record=None, *, reveal=False) -> dict:
        return cover_context(case)

    def render(self, case, record=None, *, reveal=False) -> bytes:
        return case_file_pdf(case)


CASE_FILE = register(
    CaseFileDocument(
        slug="case-file",
        simple=True,
        title="行政处罚案卷",
        template="documents/penalty_cover.html",
        build=lambda case, record, reveal=False: cover_context(case),
        order=FileOrder.COVER,
        number=lambda case, record: case.number,
        date=lambda case, record: case.closed_on,
        can_reveal=False,
        in_file=False,
    )
)
