"""Complaints and reports (投诉举报): register → assign (分办) → accept (受理) → handle
(inspections linked; penalty cases linked by penalties) → reply (答复) → close (办结).

Who: the clerk registers (``add_complaint``); the manager assigns, extends and voids
(``assign_complaint``); the officer it is assigned to handles it (``handle_complaint``), and
so may the manager. A closed complaint changes only through a recorded amendment by a
manager, or is voided with a reason.

The same form sent twice records one complaint: pages through their submission key
(core.submissions), the API through ``Idempotency-Key`` (core.idempotency).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.calendar import WorkingDays
from core.numbering import number_take
from core.people import display_name
from core.roster import on_roster
from inspections.models import Complaint, ComplaintAmendment, Inspection
from inspections.models.complaints import (
    COMPLAINANT_MASKS,
    WITHOUT_ACCEPTANCE,
    ComplaintLimitCode,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
    ComplaintTimeLimit,
    ReplyMethod,
)

SERIES = "complaint"
ADD = "inspections.add_complaint"
ASSIGN = "inspections.assign_complaint"
HANDLE = "inspections.handle_complaint"
VIEW_COMPLAINANT = "inspections.view_complainant"
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
CLOSED = "该投诉举报已办结，不能再修改；如有错误，请由管理者“更正”（须说明原因）。"
VOIDED = "该投诉举报已作废。"


# ---------------------------------------------------------------- who may


def may_handle(user, complaint) -> bool:
    """The officer it is assigned to, or a manager (who assigns)."""
    if user.has_perm(ASSIGN):
        return True
    return user.has_perm(HANDLE) and complaint.assigned_to_id == user.pk


def may_see_complainant(user, complaint) -> bool:
    """Who may see the complainant's full particulars (each view logged): holders of
    ``view_complainant``, and the officer handling the complaint (who answers them)."""
    if user.has_perm(VIEW_COMPLAINANT):
        return True
    return user.has_perm(HANDLE) and complaint.assigned_to_id == user.pk


def may_amend(user, complaint) -> bool:
    if complaint.is_closed:
        return user.has_perm(ASSIGN)
    return user.has_perm(ADD) or may_handle(user, complaint)


# Outcomes that say the complaint was looked into and dealt with: a linked inspection or
# penalty case must show it.
HANDLED = (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY)
NOT_YET_ASSIGNED = (
    "尚未受理：请先分办、受理；决定不予受理或转送的，分办后由承办人登记告知（答复）。"
)


def may_reply_now(complaint) -> bool:
    """答复 once accepted; before acceptance only once it is given to an officer, who may
    decide not to take it up (不予受理, 转送) and record that 告知 as the reply. Never at
    待分办: nobody has decided anything yet."""
    if complaint.is_voided or complaint.is_closed or complaint.replied_on is not None:
        return False
    return complaint.accepted_on is not None or complaint.assigned_to_id is not None


def close_outcomes(complaint) -> list[str]:
    """The outcomes a complaint may be closed with at its status: 投诉人撤回 at any time;
    不予受理 and 转送 once assigned and while not accepted; once accepted, anything but
    不予受理."""
    if complaint.accepted_on is not None:
        return [o for o in ComplaintOutcome.values if o != ComplaintOutcome.NOT_ACCEPTED]
    if complaint.assigned_to_id is None:
        return [ComplaintOutcome.WITHDRAWN]
    return [str(o) for o in WITHOUT_ACCEPTANCE]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(complaint) -> Complaint:
    """The complaint's row, locked, as it is now; refused when voided."""
    complaint = Complaint.all_objects.select_for_update().get(pk=complaint.pk)
    if complaint.is_voided:
        raise ValidationError(VOIDED)
    return complaint


def _open(complaint) -> None:
    if complaint.is_closed:
        raise ValidationError(CLOSED)


def _day_errors(field, day, *, earliest, label) -> dict:
    today = timezone.localdate()
    if day is None:
        return {field: "请填写日期。"}
    if day > today:
        return {field: "日期不能晚于今天。"}
    if earliest and day < earliest:
        return {field: f"不能早于{label}（{earliest:%Y-%m-%d}）。"}
    return {}


def _save(complaint, user, reason: str = "", fields=None) -> Complaint:
    complaint._history_user = user
    if reason:
        complaint._change_reason = reason
    complaint.save(update_fields=fields)
    return complaint


def _received_day(complaint) -> datetime.date:
    return timezone.localtime(complaint.received_at).date()


# ---------------------------------------------------------------- register


def _register_errors(
    *,
    received_at,
    source,
    establishment,
    place_name,
    domain,
    content,
    anonymous,
    complainant_name,
    complainant_phone,
    complainant_address,
) -> dict:
    errors = {}
    if received_at is None:
        errors["received_at"] = "请填写收到时间。"
    elif received_at > timezone.now() + CLOCK_TOLERANCE:
        errors["received_at"] = "收到时间不能晚于现在。"
    if source not in ComplaintSource.values:
        errors["source"] = "请选择来源。"
    if establishment is None and not place_name.strip():
        errors["place_name"] = "请选择被投诉单位，或填写未建档的被投诉对象。"
    if domain is None and establishment is None:
        errors["domain"] = "请选择监督专业。"
    if not content.strip():
        errors["content"] = "请填写投诉举报内容。"
    if anonymous and (complainant_name or complainant_phone or complainant_address):
        errors["anonymous"] = "匿名投诉不登记投诉人信息；如投诉人留有联系方式，请取消“匿名”。"
    return errors


@transaction.atomic
def complaint_register(
    *,
    user,
    received_at,
    source,
    content,
    domain=None,
    establishment=None,
    place_name="",
    place_address="",
    source_reference="",
    anonymous=False,
    complainant_name="",
    complainant_phone="",
    complainant_address="",
) -> Complaint:
    """Register a complaint as received: numbered in the series ``complaint``, with the
    limit to decide on its acceptance counted from the day it was received."""
    _require(user.has_perm(ADD), "没有登记投诉举报的权限。")
    place_name, place_address = (place_name or "").strip(), (place_address or "").strip()
    complainant_name = (complainant_name or "").strip()
    complainant_phone = (complainant_phone or "").strip()
    complainant_address = (complainant_address or "").strip()
    errors = _register_errors(
        received_at=received_at,
        source=source,
        establishment=establishment,
        place_name=place_name,
        domain=domain,
        content=content or "",
        anonymous=anonymous,
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        complainant_address=complainant_address,
    )
    if errors:
        raise ValidationError(errors)
    received_day = timezone.localtime(received_at).date()
    accept_due = ComplaintTimeLimit.current(ComplaintLimitCode.ACCEPT, source).due_from(
        received_day
    )
    number = number_take(series=SERIES, year=received_day.year)
    complaint = Complaint(
        number=number.text,
        year=number.year,
        sequence=number.sequence,
        received_at=received_at,
        source=source,
        source_reference=(source_reference or "").strip(),
        establishment=establishment,
        place_name="" if establishment is not None else place_name,
        place_address=place_address,
        domain=domain or establishment.domain,
        content=content.strip(),
        anonymous=anonymous,
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        complainant_address=complainant_address,
        registered_by=user,
        accept_due=accept_due,
        next_due=accept_due,
    )
    complaint.full_clean(exclude=["registered_by", "number", "year", "sequence"])
    return _save(complaint, user)


# ---------------------------------------------------------------- assign, accept, extend


@transaction.atomic
def complaint_assign(*, user, complaint, assigned_to) -> Complaint:
    """分办: give the complaint to an officer of the roster (again: to another one)."""
    _require(user.has_perm(ASSIGN), "只有管理者可以分办投诉举报。")
    complaint = _locked(complaint)
    _open(complaint)
    if assigned_to is None or not on_roster(assigned_to):
        raise ValidationError({"assigned_to": "请选择监督员名录中的承办人。"})
    if complaint.assigned_to_id == assigned_to.pk:
        raise ValidationError({"assigned_to": f"已由{display_name(assigned_to)}承办。"})
    complaint.assigned_to = assigned_to
    complaint.assigned_at = timezone.now()
    complaint.assigned_by = user
    if complaint.status == ComplaintStatus.REGISTERED:
        complaint.status = ComplaintStatus.ASSIGNED
    return _save(complaint, user, f"分办给{display_name(assigned_to)}")


@transaction.atomic
def complaint_accept(*, user, complaint, accepted_on) -> Complaint:
    """受理: the complaint is taken up; the limit to close it runs from this day."""
    complaint = _locked(complaint)
    _require(may_handle(user, complaint), "只有承办人或管理者可以受理。")
    _open(complaint)
    if complaint.accepted_on is not None:
        raise ValidationError({"accepted_on": "该投诉举报已受理。"})
    errors = _day_errors(
        "accepted_on", accepted_on, earliest=_received_day(complaint), label="收到日期"
    )
    if errors:
        raise ValidationError(errors)
    limit = ComplaintTimeLimit.current(ComplaintLimitCode.CLOSE, complaint.source)
    complaint.accepted_on = accepted_on
    complaint.accepted_by = user
    complaint.close_due = limit.due_from(accepted_on)
    complaint.next_due = complaint.close_due
    if complaint.status in (ComplaintStatus.REGISTERED, ComplaintStatus.ASSIGNED):
        complaint.status = ComplaintStatus.ACCEPTED
    return _save(complaint, user, "受理")


@transaction.atomic
def complaint_extend(*, user, complaint, days, reason) -> Complaint:
    """延长办理期限, approved by the manager: once, up to the limit ``extend``."""
    _require(user.has_perm(ASSIGN), "延长办理期限须经管理者（负责人）批准。")
    complaint = _locked(complaint)
    _open(complaint)
    errors = {}
    if complaint.accepted_on is None:
        errors["days"] = "尚未受理，不能延长办结期限。"
    elif complaint.extended_days:
        errors["days"] = f"已延长过 {complaint.extended_days} 日，不能再次延长。"
    longest = ComplaintTimeLimit.current(ComplaintLimitCode.EXTEND, complaint.source)
    if not days or days < 1:
        errors["days"] = "请填写延长天数。"
    elif days > longest.days:
        errors["days"] = f"延长不能超过 {longest.days} 日（{longest.basis}）。"
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "请填写延长理由。"
    if errors:
        raise ValidationError(errors)
    limit = ComplaintTimeLimit.current(ComplaintLimitCode.CLOSE, complaint.source)
    limit.days += days
    complaint.close_due = limit.due_from(complaint.accepted_on)
    complaint.next_due = complaint.close_due
    complaint.extended_days = days
    complaint.extension_reason = reason[:200]
    complaint.extended_by = user
    return _save(complaint, user, f"延长办理期限 {days} 日：{reason}")


# ---------------------------------------------------------------- handle


@transaction.atomic
def complaint_link_inspection(*, user, complaint, inspection) -> Complaint:
    """An inspection the complaint led to (of the unit it names, when it names one)."""
    complaint = _locked(complaint)
    _require(may_handle(user, complaint), "只有承办人或管理者可以关联检查。")
    _open(complaint)
    inspection = Inspection.all_objects.filter(pk=getattr(inspection, "pk", None)).first()
    if inspection is None or inspection.is_voided:
        raise ValidationError({"inspection": "请选择一次有效的监督检查（已作废的不能关联）。"})
    if complaint.establishment_id and inspection.establishment_id != complaint.establishment_id:
        raise ValidationError({"inspection": "该检查不是对被投诉单位的检查。"})
    if inspection.inspected_at < complaint.received_at - datetime.timedelta(days=1):
        raise ValidationError({"inspection": "该检查早于收到投诉举报的时间，不是由此引起的。"})
    if complaint.inspections.filter(pk=inspection.pk).exists():
        raise ValidationError({"inspection": "该检查已关联。"})
    complaint._history_user = user
    complaint.inspections.add(inspection)
    return complaint


@transaction.atomic
def complaint_unlink_inspection(*, user, complaint, inspection) -> Complaint:
    complaint = _locked(complaint)
    _require(may_handle(user, complaint), "只有承办人或管理者可以取消关联。")
    _open(complaint)
    complaint._history_user = user
    complaint.inspections.remove(inspection)
    return complaint


@transaction.atomic
def complaint_reply(*, user, complaint, replied_on, method, content) -> Complaint:
    """答复: the answer given to the complainant (or to the hotline or petition platform
    for an anonymous one). Recorded once; corrected by an amendment."""
    complaint = _locked(complaint)
    _require(may_handle(user, complaint), "只有承办人或管理者可以答复。")
    _open(complaint)
    errors = {}
    if complaint.replied_on is not None:
        errors["replied_on"] = "已答复；如需更正，请使用“更正”。"
    elif not may_reply_now(complaint):
        errors["replied_on"] = NOT_YET_ASSIGNED
    errors.update(
        _day_errors("replied_on", replied_on, earliest=_received_day(complaint), label="收到日期")
    )
    if method not in ReplyMethod.values:
        errors["method"] = "请选择答复方式。"
    if not (content or "").strip():
        errors["content"] = "请填写答复内容。"
    if errors:
        raise ValidationError(errors)
    complaint.replied_on = replied_on
    complaint.reply_method = method
    complaint.reply_content = content.strip()
    complaint.replied_by = user
    if complaint.status == ComplaintStatus.ACCEPTED:
        complaint.status = ComplaintStatus.REPLIED
    return _save(complaint, user, "答复")


@transaction.atomic
def complaint_close(*, user, complaint, closed_on, outcome, note="") -> Complaint:
    """办结. A complaint taken up (属实/部分属实/不属实) must have been accepted; a
    complainant who left a way to reach them must have been answered (不予受理 and 转送
    are answers too: record the 告知 as the reply), unless they withdrew it."""
    complaint = _locked(complaint)
    _require(may_handle(user, complaint), "只有承办人或管理者可以办结。")
    _open(complaint)
    errors = {}
    if outcome not in ComplaintOutcome.values:
        errors["outcome"] = "请选择办理结果。"
    elif outcome not in WITHOUT_ACCEPTANCE and complaint.accepted_on is None:
        errors["outcome"] = "尚未受理：请先受理，或选择“不予受理”“已转送”“投诉人撤回”。"
    elif outcome == ComplaintOutcome.NOT_ACCEPTED and complaint.accepted_on is not None:
        errors["outcome"] = "已受理的投诉举报不能以“不予受理”办结。"
    elif outcome not in close_outcomes(complaint):
        errors["outcome"] = NOT_YET_ASSIGNED
    elif outcome in HANDLED and not (
        # penalties.CaseComplaint (related_name="case_links"), read through the relation.
        complaint.inspections.exists() or complaint.case_links.exists()
    ):
        errors["outcome"] = (
            f"“{ComplaintOutcome(outcome).label}”须至少关联一次监督检查或一件行政处罚案件。"
        )
    if (
        "outcome" not in errors
        and outcome != ComplaintOutcome.WITHDRAWN
        and complaint.has_contact
        and complaint.replied_on is None
    ):
        errors["outcome"] = "投诉人留有联系方式，办结前须先登记答复（告知）。"
    earliest = complaint.accepted_on or _received_day(complaint)
    if complaint.replied_on and complaint.replied_on > earliest:
        earliest = complaint.replied_on
    errors.update(_day_errors("closed_on", closed_on, earliest=earliest, label="受理或答复日期"))
    if errors:
        raise ValidationError(errors)
    complaint.closed_on = closed_on
    complaint.outcome = outcome
    complaint.close_note = (note or "").strip()
    complaint.closed_by = user
    complaint.status = ComplaintStatus.CLOSED
    complaint.next_due = None
    return _save(complaint, user, "办结")


# ---------------------------------------------------------------- corrections

PARTICULARS = (
    "source_reference",
    "establishment",
    "place_name",
    "place_address",
    "domain",
    "content",
    "anonymous",
    "complainant_name",
    "complainant_phone",
    "complainant_address",
)
AFTER_REPLY = ("reply_method", "reply_content")
AFTER_CLOSE = ("outcome", "close_note")


def _shown(complaint, field, value) -> str:
    if value is None or value == "":
        return ""
    if field in COMPLAINANT_MASKS:
        return COMPLAINANT_MASKS[field](value)
    if field == "anonymous":
        return "是" if value else "否"
    if field == "reply_method":
        return ReplyMethod(value).label
    if field == "outcome":
        return ComplaintOutcome(value).label
    return str(value)


@transaction.atomic
def complaint_amend(*, user, complaint, reason, **fields) -> ComplaintAmendment:
    """Correct a complaint on the record: each field given that differs is changed, and the
    change kept (old → new, the complainant's particulars masked) with its reason. Open:
    by who registers or handles it; closed: by a manager only."""
    complaint = _locked(complaint)
    _require(may_amend(user, complaint), "没有更正此投诉举报的权限。")
    allowed = PARTICULARS
    if complaint.replied_on:
        allowed += AFTER_REPLY
    if complaint.is_closed:
        allowed += AFTER_CLOSE
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({name: "此时不能更正该项。" for name in unknown})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    changes = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        old = getattr(complaint, name)
        if old != value:
            changes[name] = [_shown(complaint, name, old), _shown(complaint, name, value)]
            setattr(complaint, name, value)
    if not changes:
        raise ValidationError({"reason": "没有需要更正的内容。"})
    if complaint.establishment_id:
        complaint.place_name = complaint.place_name if "place_name" in fields else ""
    if complaint.anonymous:
        for name in COMPLAINANT_MASKS:
            if getattr(complaint, name):
                raise ValidationError({"anonymous": "匿名投诉不登记投诉人信息。"})
    if (
        complaint.is_closed
        and complaint.outcome not in WITHOUT_ACCEPTANCE
        and not complaint.accepted_on
    ):
        raise ValidationError({"outcome": "未受理的投诉举报只能以不予受理、转送或撤回办结。"})
    if (
        complaint.is_closed
        and complaint.accepted_on
        and complaint.outcome == ComplaintOutcome.NOT_ACCEPTED
    ):
        raise ValidationError({"outcome": "已受理的投诉举报不能以“不予受理”办结。"})
    complaint.full_clean(exclude=["registered_by", "number", "year", "sequence"])
    _save(complaint, user, f"更正：{reason}")
    return ComplaintAmendment.objects.create(
        complaint=complaint, reason=reason[:200], changes=changes, amended_by=user
    )


@transaction.atomic
def complaint_void(*, user, complaint, reason) -> Complaint:
    """Void a complaint registered in error (a duplicate, not a complaint): it stays,
    marked 已作废, and leaves every list and figure. Refused once a penalty case is linked."""
    _require(user.has_perm(ASSIGN), "只有管理者可以作废投诉举报。")
    complaint = _locked(complaint)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写作废原因。"})
    # penalties.CaseComplaint (related_name="case_links"), read through the relation: this
    # app does not import penalties.
    cases = list(complaint.case_links.values_list("case__number", flat=True))
    if cases:
        raise ValidationError(
            {"reason": f"已关联行政处罚案件 {'、'.join(cases)}，不能作废：请改为更正。"}
        )
    complaint.voided_at = timezone.now()
    complaint.voided_by = user
    complaint.void_reason = reason[:200]
    return _save(complaint, user, f"作废：{reason}", ["voided_at", "voided_by", "void_reason"])


def due_dates_preview(*, source, received_on) -> dict:
    """The limits a complaint received on ``received_on`` from ``source`` would run against
    (the register page shows them)."""
    calendar = WorkingDays()
    accept = ComplaintTimeLimit.current(ComplaintLimitCode.ACCEPT, source)
    return {"accept_due": accept.due_from(received_on, calendar), "accept_limit": accept}
