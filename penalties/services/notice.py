"""The notice of the intended penalty and the party's rights: statement and defence,
hearing. Each refuses to run out of order."""

from django.core.exceptions import ValidationError
from django.db import transaction

from penalties.choices import (
    CaseStatus,
    PenaltyStage,
    TimeLimitCode,
)
from penalties.models import Hearing, PartyStatement, TimeLimit
from penalties.services.base import (
    case_lock,
    case_save,
    check_date,
    latest_record,
    penalties_save,
    require_status,
    step_record,
    together,
)
from penalties.services.discretion import (
    PenaltyInput,
    discretion_level,
    penalties_check,
)
from penalties.services.numbers import case_number_take
from penalties.services.orders import correction_check, correction_from_input, hearing_right

NOTICE_SERIES = "penalty-notice"
HEARING_RIGHTS_SERIES = "penalty-hearing-rights"
HEARING_SERIES = "penalty-hearing"


def _earlier_notice_note(case, step) -> str:
    """What a re-notice replaces, kept in the notice step's note: the earlier notice and
    the hearing asked under it (the party may ask again under the new notice)."""
    parts = [f"重新告知：原告知书 {case.notice_number}（{case.notified_on:%Y-%m-%d}）作废"]
    hearing = getattr(case, "hearing", None)
    if hearing is not None:
        text = f"原告知书下的听证：{hearing.requested_on:%Y-%m-%d} 申请"
        if hearing.held_on:
            text += f"，{hearing.held_on:%Y-%m-%d} 举行（主持人 {hearing.host}）：{hearing.summary}"
        elif hearing.scheduled_for:
            text += f"，原定 {hearing.scheduled_for:%Y-%m-%d} 举行"
        parts.append(text)
    if step.note:
        parts.append(step.note)
    return "；".join(parts)


def _notify_check(case, *, done_on, severity, penalties: PenaltyInput, departure_reason) -> list:
    """Whether the case may be notified (or re-notified) on ``done_on`` with this proposal;
    the proposal's lines."""
    if case.status in (CaseStatus.DECIDED, CaseStatus.SERVED, CaseStatus.EXECUTED):
        raise ValidationError(
            {
                "status": f"案件已作出处罚决定（{case.decision_number}），不能再告知或重新告知；如需更正请办理更正。"
            }
        )
    require_status(case, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="告知拟处罚")
    latest, latest_label = latest_record(case)
    check_date(
        done_on,
        field="done_on",
        label="告知日期",
        not_before=latest,
        not_before_label=latest_label,
    )
    if not case.evidence.exists():
        raise ValidationError({"evidence": "尚未登记任何证据：调查取证后才能告知拟处罚。"})
    lines = penalties.lines()
    level = discretion_level(case.violation, severity)
    penalties_check(
        level=level, lines=lines, departure_reason=departure_reason, gains=penalties.gains()
    )
    return lines


def _renotice_reset(case) -> None:
    """What no longer counts after a re-notice: the hearing asked for, a waiver of the
    rights, the legal review of the earlier proposal."""
    Hearing.objects.filter(case=case).delete()
    case._state.fields_cache.pop("hearing", None)
    case.rights_waived, case.rights_waived_on = False, None
    case.legal_reviewer, case.legal_reviewed_on = None, None
    case.legal_review_opinion, case.legal_review_approved = "", None


def _notice_served_on(case, *, field):
    """The day the current notice was served; refused while it is not."""
    from penalties.services.service import NOTICE, service_of

    service = service_of(case, NOTICE)
    if service is None:
        raise ValidationError(
            {
                field: f"告知书 {case.notice_number} 尚未登记送达：当事人的权利自收到告知书之日起计算，请先登记送达。"
            }
        )
    return service.served_on


@transaction.atomic
def case_notify(*, case, user, done_on, severity, penalties: PenaltyInput, departure_reason=""):
    """Notify the party of the intended penalty (事先告知), with the right to state a
    defence and to ask for a hearing. The proposal is checked against the discretion table.

    On a notified case not yet decided this is a re-notice (重新告知), e.g. to propose a
    heavier penalty: a new notice number, new dates and windows, the proposal replaced, a
    waiver, a hearing request and a legal review under the earlier notice no longer count.
    The notice step keeps the earlier number in its note; the history keeps the rest."""
    case = case_lock(case)
    renotice = case.status == CaseStatus.NOTIFIED
    lines, waiver = together(
        lambda: _notify_check(
            case,
            done_on=done_on,
            severity=severity,
            penalties=penalties,
            departure_reason=departure_reason,
        ),
        lambda: correction_check(case, penalties),
    )
    number = case_number_take(case=case, series=NOTICE_SERIES, year=done_on.year)
    step = case.steps.get(step=CaseStatus.NOTIFIED) if renotice else None
    note = _earlier_notice_note(case, step) if renotice else ""
    reason = f"事先告知 {number.text}"
    if renotice:
        reason = f"重新告知 {number.text}（原告知书 {case.notice_number}）"
        _renotice_reset(case)
    case.status = CaseStatus.NOTIFIED
    case.notice_number = number.text
    case.notified_on = done_on
    case.notice_facts = case.facts
    case.proposed_severity = severity
    case.proposal_departure_reason = (departure_reason or "").strip()
    case.proposal_correction_waiver = case.correction_waiver = waiver
    # The windows run from the notice's service (services.service_record), not from today.
    case.statement_due = None
    # The hearing right only where the law gives it (行政处罚法第六十三条).
    case.hearing_offered, case.hearing_reason = hearing_right(case, lines)
    # The 听证告知书 is a document of its own, numbered in its own series.
    case.hearing_rights_number = (
        case_number_take(case=case, series=HEARING_RIGHTS_SERIES, year=done_on.year).text
        if case.hearing_offered
        else None
    )
    case.hearing_request_due = None
    gains = penalties.gains()
    if gains is not None:
        case.illegal_gains = gains
    case_save(case, user=user, reason=reason)
    penalties_save(case, PenaltyStage.PROPOSED, lines)
    correction_from_input(case=case, user=user, issued_on=done_on, penalties=penalties)
    document = f"行政处罚事先告知书 {number.text}"
    if renotice:
        step.done_on, step.officer, step.document, step.note = done_on, user, document, note
        step.save(update_fields=["done_on", "officer", "document", "note"])
    else:
        step_record(
            case=case, step=CaseStatus.NOTIFIED, done_on=done_on, user=user, document=document
        )
    return case


@transaction.atomic
def statement_record(*, case, user, received_on, content, adopted: bool, reply) -> PartyStatement:
    """The party's statement and defence (陈述申辩) and the office's reply after review."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="记录陈述申辩")
    check_date(
        received_on,
        field="received_on",
        label="陈述申辩日期",
        not_before=case.notified_on,
        not_before_label="告知日期",
    )
    errors = {}
    if not (content or "").strip():
        errors["content"] = "请填写陈述申辩内容。"
    if not (reply or "").strip():
        errors["reply"] = "请填写复核意见（采纳或不采纳的理由）。"
    if adopted is None:
        errors["adopted"] = "请选择是否采纳。"
    if errors:
        raise ValidationError(errors)
    statement = PartyStatement.objects.create(
        case=case,
        received_on=received_on,
        content=content.strip(),
        adopted=adopted,
        reply=reply.strip(),
        recorded_by=user,
    )
    case_save(case, user=user, reason="记录陈述申辩")
    return statement


@transaction.atomic
def rights_waive(*, case, user, waived_on):
    """The party declares in writing, on ``waived_on``, that it states no defence and asks
    no hearing: the decision may then come before the windows end, not before that day."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="记录放弃陈述申辩和听证")
    if hasattr(case, "hearing"):
        raise ValidationError({"rights_waived": "当事人已申请听证，不能记录为放弃。"})
    served = _notice_served_on(case, field="waived_on")
    check_date(
        waived_on,
        field="waived_on",
        label="放弃日期",
        not_before=served,
        not_before_label="告知书送达日期",
    )
    case.rights_waived = True
    case.rights_waived_on = waived_on
    case_save(case, user=user, reason="当事人放弃陈述申辩和听证")
    return case


@transaction.atomic
def hearing_request(*, case, user, requested_on) -> Hearing:
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="登记听证申请")
    if hasattr(case, "hearing"):
        raise ValidationError({"requested_on": "该案已登记听证申请。"})
    if case.rights_waived:
        raise ValidationError({"requested_on": "当事人已书面放弃陈述申辩和听证。"})
    if case.hearing_offered is False:
        raise ValidationError(
            {
                "requested_on": f"告知书未告知听证权利：{case.hearing_reason or '拟处罚不属于行政处罚法第六十三条规定的情形'}。当事人可以陈述申辩。"
            }
        )
    served = _notice_served_on(case, field="requested_on")
    check_date(
        requested_on,
        field="requested_on",
        label="听证申请日期",
        not_before=served,
        not_before_label="告知书送达日期",
    )
    if requested_on > case.hearing_request_due:
        raise ValidationError(
            {
                "requested_on": f"已超过申请听证期限（告知后至 {case.hearing_request_due:%Y-%m-%d}），视为放弃听证。"
            }
        )
    hearing = Hearing.objects.create(case=case, requested_on=requested_on)
    case_save(case, user=user, reason="当事人申请听证")
    return hearing


def _names(user) -> set[str]:
    """The ways a user's name may be written: Chinese order (family name first) included."""
    first, last = user.first_name.strip(), user.last_name.strip()
    return {
        n
        for n in (user.username, f"{last}{first}", f"{first}{last}", f"{first} {last}".strip())
        if n
    }


@transaction.atomic
def hearing_schedule(
    *, case, user, party_notified_on, scheduled_for, place, host, public=True
) -> Hearing:
    """Fix the hearing and tell the party at least seven (working) days before, with the
    听证通知书 (numbered in the series penalty-hearing)."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="安排听证")
    hearing = getattr(case, "hearing", None)
    if hearing is None:
        raise ValidationError({"scheduled_for": "当事人未申请听证。"})
    if hearing.held_on:
        raise ValidationError({"scheduled_for": "听证已经举行。"})
    check_date(
        party_notified_on,
        field="party_notified_on",
        label="通知当事人日期",
        not_before=hearing.requested_on,
        not_before_label="听证申请日期",
    )
    earliest = TimeLimit.due(TimeLimitCode.HEARING_NOTICE, party_notified_on)
    if scheduled_for is None or scheduled_for < earliest:
        raise ValidationError(
            {
                "scheduled_for": f"应在举行听证七日前通知当事人：{party_notified_on:%Y-%m-%d} 通知的，最早 {earliest:%Y-%m-%d} 举行。"
            }
        )
    errors = {}
    if not (place or "").strip():
        errors["place"] = "请填写听证地点。"
    if not (host or "").strip():
        errors["host"] = "请填写听证主持人。"
    elif any(host.strip() in _names(o) for o in case.officers.all()):
        errors["host"] = "听证主持人不能是本案调查人员（行政处罚法第六十四条）。"
    if errors:
        raise ValidationError(errors)
    hearing.party_notified_on = party_notified_on
    hearing.scheduled_for = scheduled_for
    hearing.place = place.strip()
    hearing.host = host.strip()
    hearing.public = public
    if not hearing.notice_number:
        # 听证通知书: numbered once; a new date or place is a corrected notice.
        hearing.notice_number = case_number_take(
            case=case, series=HEARING_SERIES, year=party_notified_on.year
        ).text
    hearing.save()
    case_save(case, user=user, reason=f"安排听证 {scheduled_for:%Y-%m-%d}")
    return hearing


def _hearing_notice_served_check(case, hearing) -> dict:
    """A hearing is held only after its 听证通知书 reached the party seven days before
    (行政处罚法第六十四条第（二）项), counted from the recorded service, not the typed date."""
    from penalties.services.service import service_of  # service reads the document registry

    served = service_of(case, "hearing-notice")
    if served is None:
        return {
            "held_on": f"听证通知书 {hearing.notice_number} 尚未登记送达：请先登记送达当事人，"
            "再记录听证（应在举行听证七日前通知当事人）。"
        }
    earliest = TimeLimit.due(TimeLimitCode.HEARING_NOTICE, served.served_on)
    if hearing.scheduled_for < earliest:
        return {
            "held_on": f"听证通知书于 {served.served_on:%Y-%m-%d} 送达，距听证日期 "
            f"{hearing.scheduled_for:%Y-%m-%d} 不足七日：请重新安排听证（最早 {earliest:%Y-%m-%d}）。"
        }
    return {}


@transaction.atomic
def hearing_hold(
    *,
    case,
    user,
    held_on,
    summary,
    clerk="",
    participants="",
    agents="",
    record="",
    party_statement="",
    party_signed=None,
    signature_note="",
    opinion="",
) -> Hearing:
    """The hearing held: the 听证笔录 (who took part, what was said), checked and signed by
    the party, or the party's refusal noted by the 主持人 (行政处罚法第六十四条第（八）项);
    ``opinion``: the 主持人's opinion (听证意见书) when written the same day (else
    ``hearing_opinion``)."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="记录听证")
    hearing = getattr(case, "hearing", None)
    if hearing is None or hearing.scheduled_for is None:
        raise ValidationError({"held_on": "听证尚未安排。"})
    check_date(
        held_on,
        field="held_on",
        label="听证日期",
        not_before=hearing.scheduled_for,
        not_before_label="通知的听证日期",
    )
    errors = _hearing_notice_served_check(case, hearing)
    if not (summary or "").strip():
        errors["summary"] = "请填写听证笔录要点及意见。"
    if party_signed is False and not (signature_note or "").strip():
        errors["signature_note"] = "当事人拒绝签名的，请由主持人注明情况。"
    names = [
        n for n in (agents or "").replace("，", "、").replace(",", "、").split("、") if n.strip()
    ]
    if len(names) > 2:
        errors["agents"] = "当事人可以委托一至二人代理（行政处罚法第六十四条）。"
    if errors:
        raise ValidationError(errors)
    hearing.held_on = held_on
    hearing.summary = summary.strip()
    hearing.clerk = (clerk or "").strip()
    hearing.participants = (participants or "").strip()
    hearing.agents = (agents or "").strip()
    hearing.record = (record or "").strip()
    hearing.party_statement = (party_statement or "").strip()
    hearing.party_signed = party_signed
    hearing.signature_note = "" if party_signed else (signature_note or "").strip()
    if (opinion or "").strip():
        hearing.opinion, hearing.opinion_on = opinion.strip(), held_on
    hearing.save()
    case_save(case, user=user, reason="举行听证")
    return hearing


@transaction.atomic
def hearing_opinion(*, case, user, opinion, opinion_on) -> Hearing:
    """The 主持人's opinion after the hearing (听证意见书), for the 负责人: internal, never
    printed on the decision."""
    case = case_lock(case)
    require_status(case, CaseStatus.NOTIFIED, action="提出听证意见")
    hearing = getattr(case, "hearing", None)
    if hearing is None or hearing.held_on is None:
        raise ValidationError({"opinion": "听证尚未举行。"})
    check_date(
        opinion_on,
        field="opinion_on",
        label="意见日期",
        not_before=hearing.held_on,
        not_before_label="听证日期",
    )
    if not (opinion or "").strip():
        raise ValidationError({"opinion": "请填写主持人意见。"})
    hearing.opinion = opinion.strip()
    hearing.opinion_on = opinion_on
    hearing.save(update_fields=["opinion", "opinion_on"])
    case_save(case, user=user, reason="听证主持人提出意见")
    return hearing
