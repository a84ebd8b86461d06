"""The case-document registry: every document of a penalty case is one ``CaseDocument``
registered under a slug, printed through the one PDF pipeline (``core.documents.render_pdf``)
by the one view (``penalties.views.documents``) at ``cases/<pk>/documents/<slug>/`` (a
document of the case) or ``cases/<pk>/documents/<slug>/<record>/`` (one of several records
of a kind: a 送达回执 per service, a 询问笔录 per interview).

To add a document:

    register(CaseDocument(
        slug="hearing-notice",
        title="听证通知书",
        template="documents/penalty_hearing_notice.html",
        build=hearing_notice_context,          # (case, record, *, reveal) -> dict
        order=FileOrder.HEARING,               # where it files in the case file (卷内目录)
        records=lambda case: [...],            # the records that print it ([] = not yet)
        number=lambda case, record: "...",     # its 文号 / 编号 ("" if none)
        date=lambda case, record: date,        # the document's date
        party_facing=True,                     # served on the party (has a 送达回执)
        not_ready="听证尚未安排",                # why it cannot print yet
        simple=False,                          # made in the simple procedure too?
    ))

in a module imported by ``penalties/documents/__init__.py``. ``records`` defaults to
``[case]`` once ``ready(case)`` holds. The context a template gets: ``doc_title``,
``OFFICE_NAME`` and what ``build`` returns (``common_context`` gives case, party,
violation, officers).

``documents_of(case)`` lists every document the case has, in case-file order: what the
cover and the 卷内目录 print. Load the case with ``case_for_documents`` (prefetching what
every document reads) so a case file costs a fixed number of queries."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from django.shortcuts import get_object_or_404

from core.documents import render_pdf
from penalties.choices import PartyKind
from penalties.models import PenaltyCase


class FileOrder(IntEnum):
    """Where a document files in the case file (卷内目录): the conclusion first (决定书),
    then the documents in the order the procedure makes them (案卷评查's usual order)."""

    COVER = 0
    INDEX = 1
    DECISION = 10
    ON_SPOT_DECISION = 11
    ACCEPTANCE = 20
    FILING = 21
    EVIDENCE = 30
    PRESERVATION = 31
    INVESTIGATION_REPORT = 40
    DISCUSSION = 41
    NOTICE = 50
    CORRECTION_ORDER = 51
    STATEMENT = 52
    HEARING = 53  # 听证告知书
    HEARING_NOTICE = 54
    HEARING_RECORD = 55
    HEARING_OPINION = 56
    LEGAL_REVIEW = 60
    COLLECTIVE_DISCUSSION = 61
    DECISION_APPROVAL = 62
    EXTENSION = 63
    SERVICE = 70
    EXECUTION = 80
    TRANSFER = 85
    CLOSING = 90
    NOTE = 99


class DocumentNotReady(Exception):
    """The case has not reached the step that produces this document."""


def _case_only(case) -> list:
    return [case]


@dataclass(frozen=True)
class DocumentEntry:
    """One document a case has: what the cover and the 卷内目录 list."""

    document: "CaseDocument"
    case: object
    record: object
    number: str
    date: datetime.date | None

    @property
    def title(self) -> str:
        return self.document.title

    def url(self) -> str:
        return self.document.url(self.case, self.record)


@dataclass(frozen=True)
class CaseDocument:
    slug: str
    title: str
    template: str
    build: Callable
    order: int
    # The records that print this document: [case] for a document of the case, or the
    # records of a kind. Empty: the case has not reached it.
    records: Callable = _case_only
    ready: Callable = field(default=lambda case: True)
    number: Callable = field(default=lambda case, record: "")
    date: Callable = field(default=lambda case, record: None)
    # Served on the party (a 送达回执 goes with it); an internal form is not.
    party_facing: bool = False
    # Whether ``reveal`` prints a person's full ID number (internal forms never do).
    can_reveal: bool = True
    not_ready: str = ""
    # Why there is none yet, as "案件 X <not_ready>（当前环节：…），还没有《title》。"
    # One document per case (records -> [case]) or one per record.
    single: bool = True
    # Part of the case file (cover, 卷内目录); False for a form printed blank to take along.
    in_file: bool = True
    # Made in the simple procedure (当场处罚) too. The ordinary procedure's documents (立案,
    # 告知, 听证, 审批, 决定书…) are not: an on-spot case has its 当场行政处罚决定书 instead.
    simple: bool = False

    def url(self, case, record=None) -> str:
        from django.urls import reverse

        if self.single or record is None:
            return reverse("penalties:case_document", args=[case.pk, self.slug])
        return reverse("penalties:case_document_record", args=[case.pk, self.slug, record.pk])

    def records_of(self, case) -> list:
        if case.is_simple and not self.simple:
            return []
        if not self.ready(case):
            return []
        return list(self.records(case))

    def entries(self, case) -> list[DocumentEntry]:
        return [
            DocumentEntry(
                self, case, record, self.number(case, record) or "", self.date(case, record)
            )
            for record in self.records_of(case)
        ]

    def record_of(self, case, record_pk=None):
        """The record to print, or DocumentNotReady saying why there is none."""
        records = self.records_of(case)
        if self.single:
            if records:
                return records[0]
        else:
            for record in records:
                if record_pk is not None and record.pk == record_pk:
                    return record
        why = self.not_ready or "尚未办理到这一步"
        raise DocumentNotReady(
            f"案件 {case.number} {why}（当前环节：{case.get_status_display()}），"
            f"还没有《{self.title}》。"
        )

    def filename(self, case, record=None) -> str:
        number = self.number(case, record if record is not None else case) or case.number
        return f"{self.title}_{number}.pdf".replace("/", "-")

    def reveals(self, case, reveal: bool) -> bool:
        """Whether this print shows a person's full ID number."""
        return reveal and self.can_reveal and case.party_kind == PartyKind.PERSON

    def context(self, case, record=None, *, reveal=False) -> dict:
        record = record if record is not None else self.record_of(case)
        return {
            "doc_title": self.title,
            **self.build(case, record, reveal=self.reveals(case, reveal)),
        }

    def render(self, case, record=None, *, reveal=False) -> bytes:
        if record is None:
            record = self.record_of(case)
        return render_pdf(self.template, self.context(case, record, reveal=reveal))


REGISTRY: dict[str, CaseDocument] = {}


def register(document: CaseDocument) -> CaseDocument:
    if document.slug in REGISTRY and REGISTRY[document.slug] is not document:
        raise ValueError(f"case document '{document.slug}' registered twice")
    REGISTRY[document.slug] = document
    return document


def document_get(slug: str) -> CaseDocument | None:
    return REGISTRY.get(slug)


def documents_of(case) -> list[DocumentEntry]:
    """Every document the case has, in case-file order (order, then date, then number)."""
    entries = [
        entry
        for document in REGISTRY.values()
        if document.order > FileOrder.INDEX and document.in_file
        for entry in document.entries(case)
    ]
    return sorted(
        entries,
        key=lambda e: (e.document.order, e.date or datetime.date.min, e.number, e.title),
    )


# Relations every document may read: registered modules add theirs with
# ``prefetch_for_documents`` so one load serves the whole case file.
SELECT_RELATED = [
    "violation",
    "establishment",
    "inspection__opinion",
    "hearing",
    "created_by",
    "legal_reviewer",
]
PREFETCH_RELATED = ["officers", "penalties", "evidence", "statements", "steps"]


def prefetch_for_documents(*, select=(), prefetch=()) -> None:
    for name in select:
        if name not in SELECT_RELATED:
            SELECT_RELATED.append(name)
    for name in prefetch:
        if name not in PREFETCH_RELATED:
            PREFETCH_RELATED.append(name)


def case_for_documents(pk) -> PenaltyCase:
    """The case with everything its documents show, in a fixed number of queries."""
    return get_object_or_404(
        PenaltyCase.objects.select_related(*SELECT_RELATED).prefetch_related(*PREFETCH_RELATED),
        pk=pk,
    )
