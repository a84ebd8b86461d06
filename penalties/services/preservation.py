"""证据先行登记保存 (行政处罚法第五十六条): asked of the 负责人 and approved BEFORE the
measure; taken with its 物品清单 (卫生部令第87号第二十二条) and the 证据先行登记保存决定书;
decided on within 7 working days (TimeLimitCode.EVIDENCE, 第八十五条) by the
先行登记保存物品处理决定书, item by item or for all at once.

1. ``preservation_request``: the record, its items and a CaseApproval (kind preservation).
2. The 负责人 decides the approval (penalties.services.approvals).
3. ``preservation_take``: only after the approval; numbers the 决定书, sets the due day.
4. ``preservation_dispose``: the 处理决定 for every item; numbers the 处理决定书.
``preservations_due``: taken, not yet decided on, due within the warning days or past."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.numbering import number_take
from core.roster import team_check
from penalties.choices import CaseStatus, TimeLimitCode
from penalties.models import (
    ApprovalKind,
    EvidencePreservation,
    PreservationDisposal,
    PreservedItem,
    TimeLimit,
)
from penalties.services.approvals import approval_request, filing_require
from penalties.services.base import case_lock, check_date, require_status

SERIES = "penalty-preservation"
DISPOSAL_SERIES = "penalty-preservation-disposal"
OPEN_STATUSES = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED)


@dataclass
class ItemInput:
    name: str
    quantity: object
    unit: str
    specification: str = ""
    producer: str = ""
    production_date: str = ""
    batch_number: str = ""
    note: str = ""


def _items_check(items) -> list[PreservedItem]:
    rows, errors = [], []
    for n, item in enumerate(items or [], 1):
        if isinstance(item, dict):
            item = ItemInput(**item)
        name = (item.name or "").strip()
        unit = (item.unit or "").strip()
        if not name and not str(item.quantity or "").strip():
            continue
        try:
            quantity = Decimal(str(item.quantity).strip())
        except (InvalidOperation, ValueError):
            quantity = None
        if not name:
            errors.append(f"第 {n} 项：请填写物品名称。")
        if quantity is None or quantity <= 0 or not quantity.is_finite():
            errors.append(f"第 {n} 项：数量须为大于 0 的数字。")
        if not unit:
            errors.append(f"第 {n} 项：请填写单位。")
        rows.append(
            PreservedItem(
                name=name[:100],
                quantity=quantity if quantity is not None else Decimal("0"),
                unit=unit[:20],
                specification=(item.specification or "").strip()[:100],
                producer=(item.producer or "").strip()[:200],
                production_date=(item.production_date or "").strip()[:30],
                batch_number=(item.batch_number or "").strip()[:60],
                note=(item.note or "").strip()[:200],
            )
        )
    if errors:
        raise ValidationError({"items": errors})
    if not rows:
        raise ValidationError({"items": "请至少登记一项物品（物品清单）。"})
    return rows


@transaction.atomic
def preservation_request(
    *, case, user, requested_on, reason, place_kept, items, officers, keeper=""
) -> EvidencePreservation:
    """Ask the 负责人 to approve preserving ``items`` (a list of ItemInput or dicts)."""
    case = case_lock(case)
    require_status(case, *OPEN_STATUSES, action="先行登记保存证据")
    filing_require(case, action="报请先行登记保存")
    errors = {}
    try:
        check_date(
            requested_on,
            field="requested_on",
            label="报请日期",
            not_before=case.filed_on,
            not_before_label="立案日期",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (reason or "").strip():
        errors["reason"] = "请写明先行登记保存的理由（证据可能灭失或者以后难以取得的情形）。"
    if not (place_kept or "").strip():
        errors["place_kept"] = "请填写保存地点。"
    try:
        officers = team_check(
            officers or [],
            field="officers",
            too_few="须有两名以上执法人员承办。",
            outside="{names} 不在监督员名录中。",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        rows = _items_check(items)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    lines = "；".join(f"{r.name} {r.quantity.normalize():f}{r.unit}" for r in rows)
    approval = approval_request(
        case=case,
        kind=ApprovalKind.PRESERVATION,
        user=user,
        requested_on=requested_on,
        summary=f"拟对下列物品先行登记保存：{lines}。理由：{reason.strip()}",
        content={"items": lines, "place_kept": place_kept.strip(), "reason": reason.strip()},
    )
    preservation = EvidencePreservation.objects.create(
        case=case,
        approval=approval,
        reason=reason.strip(),
        place_kept=place_kept.strip()[:200],
        keeper=(keeper or "").strip()[:100],
        created_by=user,
    )
    preservation.officers.set(officers)
    for row in rows:
        row.preservation = preservation
    PreservedItem.objects.bulk_create(rows)
    return preservation


def _lock(preservation) -> EvidencePreservation:
    return (
        EvidencePreservation.objects.select_for_update(of=("self",))
        .select_related("approval")
        .get(pk=preservation.pk)
    )


@transaction.atomic
def preservation_take(
    *, preservation, user, taken_on, party_signer="", party_refused=False, refusal_note=""
) -> EvidencePreservation:
    """Take the measure the 负责人 approved: the 决定书 is numbered and dated, and the 7
    working days for the 处理决定 start. Never before the approval."""
    preservation = _lock(preservation)
    case = case_lock(preservation.case)
    require_status(case, *OPEN_STATUSES, action="先行登记保存证据")
    if preservation.taken_on:
        return preservation  # taken already: once
    approval = preservation.approval
    if approval is None or approval.approved is None:
        raise ValidationError(
            {"taken_on": "先行登记保存须经负责人批准后方可实施（行政处罚法第五十六条）。"}
        )
    if not approval.approved:
        raise ValidationError({"taken_on": "负责人不予批准，不能实施先行登记保存。"})
    check_date(
        taken_on,
        field="taken_on",
        label="采取措施日期",
        not_before=approval.decided_on,
        not_before_label="负责人批准日期",
    )
    party_signer = (party_signer or "").strip()
    refusal_note = (refusal_note or "").strip()
    if party_refused and not refusal_note:
        raise ValidationError({"refusal_note": "当事人拒绝签名的，请写明情况和见证人。"})
    if not party_refused and not party_signer:
        raise ValidationError(
            {"party_signer": "请填写在物品清单上签名的当事人（或记录拒绝签名）。"}
        )
    preservation.taken_on = taken_on
    preservation.due = TimeLimit.due(TimeLimitCode.EVIDENCE, taken_on)
    preservation.party_signer = party_signer[:50]
    preservation.party_refused = bool(party_refused)
    preservation.refusal_note = refusal_note[:200]
    preservation.number = number_take(series=SERIES, year=taken_on.year).text
    preservation._history_user = user
    preservation.save()
    return preservation


@transaction.atomic
def preservation_dispose(
    *, preservation, user, disposed_on, disposal=None, per_item=None, note=""
) -> EvidencePreservation:
    """The 处理决定: ``disposal`` for every item, or ``per_item`` {item pk: (disposal,
    note)} one by one (every item must have one). Numbers the 处理决定书; once."""
    preservation = _lock(preservation)
    if preservation.disposed_on:
        return preservation
    if not preservation.taken_on:
        raise ValidationError({"disposed_on": "尚未实施先行登记保存，不能作出处理决定。"})
    check_date(
        disposed_on,
        field="disposed_on",
        label="处理决定日期",
        not_before=preservation.taken_on,
        not_before_label="采取措施日期",
    )
    items = list(preservation.items.all())
    per_item = per_item or {}
    errors = []
    for item in items:
        choice, item_note = per_item.get(item.pk, (disposal, ""))
        if choice not in PreservationDisposal.values:
            errors.append(f"请选择“{item.name}”的处理决定。")
            continue
        item.disposal = choice
        item.disposal_note = (item_note or "").strip()[:200]
    if errors:
        raise ValidationError({"disposal": errors})
    PreservedItem.objects.bulk_update(items, ["disposal", "disposal_note"])
    preservation.disposed_on = disposed_on
    preservation.disposal_note = (note or "").strip()
    preservation.disposal_number = number_take(series=DISPOSAL_SERIES, year=disposed_on.year).text
    preservation._history_user = user
    preservation.save()
    return preservation


def preservations_due(today: datetime.date | None = None):
    """Preservations taken and not decided on whose 7 working days end within the warning
    days, or have ended (overdue first)."""
    today = today or timezone.localdate()
    warn = TimeLimit.warn_days_by_code().get(TimeLimitCode.EVIDENCE, 2)
    return (
        EvidencePreservation.objects.filter(
            taken_on__isnull=False,
            disposed_on__isnull=True,
            due__lte=today + datetime.timedelta(days=warn),
        )
        .select_related("case")
        .order_by("due", "pk")
    )
