"""What the summary's documents (the PDF, pdf.py; the Word file, docx.py) print, built once:
the title with the office's full name, the narrative's paragraphs, the tables in the
order the office hands them over (总体指标, then table 1 on landscape pages with its class
cells merged, then the rest), and the 落款: the office (settings.OFFICE_NAME, the one
source of its name) and the date, the publication's or, for a draft, today's."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from reports.presentation.office_tables import office_tables
from reports.presentation.summary_tables import summary_tables

TABLE1 = "table1"
# A heading of the narrative (一、档案管理, 2、卫生培训): a short paragraph of its own, which
# the page shows as a heading and the documents print bold.
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)、\S{1,20}$")


def paragraphs(narrative: str) -> list[str]:
    """The narrative's paragraphs: split on blank lines or single line breaks."""
    return [p.strip() for p in (narrative or "").splitlines() if p.strip()]


def full_title(title: str) -> str:
    """The title as the office signs it: its full name first unless the title has it."""
    office = settings.OFFICE_NAME
    return title if office in title else f"{office}{title}"


def chinese_date(value: datetime.date) -> str:
    """A date as the 落款 writes it: 2025年1月10日."""
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass
class SummaryDocument:
    title: str
    office: str
    scope: dict
    paragraphs: list[str]
    tables: list  # summary_tables.Table, in print order, table 1 second
    computed_at: datetime.datetime
    status: str
    signed_on: datetime.date
    # Printed under the title, in place of the 落款, on a summary that must not pass for
    # one handed over (a discarded draft).
    warning: str = ""

    @property
    def signed_text(self) -> str:
        return chinese_date(self.signed_on)

    @property
    def lines(self) -> list[tuple[str, bool]]:
        """Each paragraph with whether it is a heading (printed bold)."""
        return [(p, bool(HEADING.match(p))) for p in self.paragraphs]


def document_tables(figures: dict) -> list:
    """Every table of a summary in the order it is handed over: summary_tables', each
    followed by the office-wide ones that go after it (office_tables: 各专业监督情况 after
    table 1, training and draws after the campaigns, the groups after the cases). The
    documents, the workbook and a saved summary's page all print these."""
    extra = office_tables(figures)
    tables = []
    for table in summary_tables(figures):
        tables.append(table)
        tables.extend(extra.get(table.key, ()))
    return tables


def summary_document(
    *,
    title: str,
    figures: dict,
    narrative: str,
    computed_at=None,
    status: str = "",
    published_at=None,
    warning: str = "",
) -> SummaryDocument:
    tables = [
        t for t in document_tables(figures) if t.key != "campaigns" or t.rows
    ]  # no empty 专项整治 table
    return SummaryDocument(
        title=full_title(title),
        office=settings.OFFICE_NAME,
        scope=figures.get("scope") or {},
        paragraphs=paragraphs(narrative),
        tables=tables,
        computed_at=timezone.localtime(computed_at or timezone.now()),
        status=status,
        signed_on=timezone.localdate(published_at) if published_at else timezone.localdate(),
        warning=warning,
    )
