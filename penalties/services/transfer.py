"""案件移送: a case outside the office's power goes to the organ that has it (行政处罚法第二
十七条: a suspected crime to the 司法机关; 无管辖权 to the competent organ). The seized or
preserved items go with it and the party is told in writing (行政强制法第二十一条).

``case_transfer`` records the 案件移送书 (numbered in its own series) and closes the case
as 移送其他机关 through ``case_terminate``."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.numbering import number_take
from penalties.choices import CaseOutcome
from penalties.models import CaseTransfer, TransferOrganKind
from penalties.services.base import case_lock, check_date
from penalties.services.ending import case_terminate

SERIES = "penalty-transfer"


@transaction.atomic
def case_transfer(
    *,
    case,
    user,
    transferred_on,
    organ_kind,
    organ,
    reason,
    basis,
    materials,
    seized_items="",
    party_told_on=None,
    party_told_how="",
) -> CaseTransfer:
    """Transfer the case and close it as 移送其他机关. Once: a case transferred already gives
    its transfer back."""
    case = case_lock(case)
    existing = CaseTransfer.objects.filter(case=case).first()
    if existing is not None:
        return existing
    errors = {}
    if organ_kind not in TransferOrganKind.values:
        errors["organ_kind"] = "请选择接收机关类别。"
    for name, value, message in (
        ("organ", organ, "请填写接收机关的全称。"),
        ("reason", reason, "请写明移送理由（涉嫌犯罪的事实，或本机关无管辖权的理由）。"),
        ("basis", basis, "请写明移送依据（如行政处罚法第二十七条）。"),
        ("materials", materials, "请列明随案移送的材料。"),
    ):
        if not (value or "").strip():
            errors[name] = message
    seized_items = (seized_items or "").strip()
    if seized_items and party_told_on is None:
        errors["party_told_on"] = (
            "涉案物品随案移交的，应书面告知当事人（行政强制法第二十一条），请填写告知日期。"
        )
    if party_told_on is not None:
        if not (party_told_how or "").strip():
            errors["party_told_how"] = "请填写书面告知当事人的方式（如送达移送告知书）。"
        try:
            check_date(
                party_told_on,
                field="party_told_on",
                label="书面告知日期",
                not_before=case.filed_on,
                not_before_label="立案日期",
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        check_date(
            transferred_on,
            field="transferred_on",
            label="移送日期",
            not_before=case.filed_on,
            not_before_label="立案日期",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    organ = organ.strip()
    case_terminate(
        case=case,
        user=user,
        done_on=transferred_on,
        outcome=CaseOutcome.TRANSFERRED,
        reason=f"移送{organ}：{reason.strip()}",
    )
    transfer = CaseTransfer(
        case=case,
        organ_kind=organ_kind,
        organ=organ[:200],
        reason=reason.strip(),
        basis=basis.strip(),
        materials=materials.strip(),
        seized_items=seized_items,
        party_told_on=party_told_on,
        party_told_how=(party_told_how or "").strip()[:100],
        transferred_on=transferred_on,
        created_by=user,
        number=number_take(series=SERIES, year=transferred_on.year).text,
    )
    transfer._history_user = user
    transfer.save()
    return transfer
