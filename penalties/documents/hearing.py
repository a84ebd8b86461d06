"""The hearing's documents (行政处罚法第六十三、六十四条; DOCUMENTS.md §2.2, §6):
听证告知书 (only where the law gives the right: ``case.hearing_offered``), 听证通知书 (time,
place, 主持人, 回避, 代理人, absence = waiver; at least seven working days before), 听证笔录
(checked and signed by the party, or the refusal noted) and 听证意见书 (the 主持人's opinion
to the 负责人: internal, never on the decision)."""

from core.officers import officer_label, officer_rows
from penalties.choices import CaseStatus, TimeLimitCode
from penalties.documents.base import CaseDocument, FileOrder, register
from penalties.documents.context import common_context, limits_by_code, penalty_lines
from penalties.documents.ordinary import days_in_words


def _hearing(case):
    return getattr(case, "hearing", None)


def _investigators(case, on) -> list[str]:
    officers = officer_rows(sorted(case.officers.all(), key=lambda u: u.pk), on or case.filed_on)
    return [officer_label(row) for row in officers]


def rights_context(case, record, *, reveal=False) -> dict:
    context = common_context(case, full_id=reveal, on=case.notified_on)
    limits = limits_by_code()
    context.update(
        {
            "penalties": penalty_lines(case, "proposed"),
            "hearing_days": days_in_words(limits.get(TimeLimitCode.HEARING_REQUEST), 5),
        }
    )
    return context


def notice_context(case, hearing, *, reveal=False) -> dict:
    context = common_context(case, full_id=reveal, on=hearing.party_notified_on)
    context["hearing"] = hearing
    return context


def record_context(case, hearing, *, reveal=False) -> dict:
    context = common_context(case, full_id=False, on=hearing.held_on)
    context.update({"hearing": hearing, "investigators": _investigators(case, hearing.held_on)})
    return context


def opinion_context(case, hearing, *, reveal=False) -> dict:
    context = common_context(case, full_id=False, on=hearing.opinion_on)
    context.update({"hearing": hearing, "penalties": penalty_lines(case, "proposed")})
    return context


def _held(case) -> list:
    hearing = _hearing(case)
    return [hearing] if hearing is not None and hearing.held_on else []


HEARING_RIGHTS = register(
    CaseDocument(
        slug="hearing-rights",
        title="听证告知书",
        template="documents/penalty_hearing_rights.html",
        build=rights_context,
        order=FileOrder.HEARING,
        ready=lambda case: (
            case.hearing_offered is True
            and case.reached(CaseStatus.NOTIFIED)
            and bool(case.notice_number)
        ),
        # Its own number; a case notified before it had one printed the notice's.
        number=lambda case, record: case.hearing_rights_number or case.notice_number or "",
        date=lambda case, record: case.notified_on,
        party_facing=True,
        not_ready="未告知听证权利（拟处罚不属于行政处罚法第六十三条规定的情形，或尚未告知）",
    )
)
HEARING_NOTICE = register(
    CaseDocument(
        slug="hearing-notice",
        title="听证通知书",
        template="documents/penalty_hearing_notice.html",
        build=notice_context,
        order=FileOrder.HEARING_NOTICE,
        records=lambda case: (
            [_hearing(case)] if _hearing(case) is not None and _hearing(case).scheduled_for else []
        ),
        number=lambda case, record: getattr(record, "notice_number", "") or "",
        date=lambda case, record: getattr(record, "party_notified_on", None),
        party_facing=True,
        not_ready="听证尚未安排",
    )
)
HEARING_RECORD = register(
    CaseDocument(
        slug="hearing-record",
        title="听证笔录",
        template="documents/penalty_hearing_record.html",
        build=record_context,
        order=FileOrder.HEARING_RECORD,
        records=_held,
        date=lambda case, record: getattr(record, "held_on", None),
        can_reveal=False,
        not_ready="听证尚未举行",
    )
)
HEARING_OPINION = register(
    CaseDocument(
        slug="hearing-opinion",
        title="听证意见书",
        template="documents/penalty_hearing_opinion.html",
        build=opinion_context,
        order=FileOrder.HEARING_OPINION,
        records=lambda case: [h for h in _held(case) if h.opinion],
        date=lambda case, record: getattr(record, "opinion_on", None),
        can_reveal=False,
        not_ready="听证主持人尚未提出意见",
    )
)
