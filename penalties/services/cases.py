"""Opening a case and what can be done to it before and after the decision."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import add_years
from core.numbering import number_take
from core.roster import team_check
from core.validators import validate_credit_code, validate_id_number
from penalties.choices import CaseSource, CaseStatus, PartyKind, TimeLimitCode
from penalties.models import CaseAmendment, CaseExtension, PenaltyCase, TimeLimit
from penalties.services.base import case_lock, case_save, check_date, require_status, step_record

SERIES = "penalty-case"


def _officers_check(officers) -> list:
    return team_check(
        officers,
        field="officers",
        too_few="行政处罚案件须有两名以上执法人员承办。",
        outside="{names} 不在执法人员名录中。",
    )


def _party_code_check(kind, code) -> str:
    code = (code or "").strip().upper()
    if not code:
        return ""
    validate = validate_id_number if kind == PartyKind.PERSON else validate_credit_code
    try:
        validate(code)
    except ValidationError as exc:
        raise ValidationError({"party_code": exc.messages}) from None
    return code


@transaction.atomic
def case_file(
    *,
    user,
    source,
    violation,
    occurred_on: datetime.date,
    facts: str,
    officers,
    filed_on: datetime.date | None = None,
    inspection=None,
    establishment=None,
    party_kind: str | None = None,
    party_name: str = "",
    party_code: str = "",
    party_legal_representative: str = "",
    party_address: str = "",
    party_phone: str = "",
    source_note: str = "",
) -> PenaltyCase:
    """File a case (立案) with the next case number of the year.

    From an inspection, the party is the inspected unit. A registered unit's particulars
    are copied as they stand at filing; an unregistered party (e.g. 非法行医) is entered
    with name, ID number or credit code and address."""
    filed_on = filed_on or timezone.localdate()
    errors = {}
    if source not in CaseSource.values:
        errors["source"] = "请选择案件来源。"
    if source == CaseSource.INSPECTION:
        if inspection is None:
            errors["inspection"] = "来源为监督检查的案件须选择该次检查。"
        else:
            establishment = inspection.establishment
            party_kind = PartyKind.UNIT
    elif inspection is not None:
        errors["inspection"] = "只有来源为监督检查的案件才关联检查记录。"
    if party_kind is None:
        party_kind = PartyKind.UNIT if establishment is not None else None
    if party_kind not in PartyKind.values:
        errors["party_kind"] = "请选择当事人类型。"
    elif party_kind == PartyKind.UNIT:
        if establishment is None:
            errors["establishment"] = "请选择被监督单位；不在册的当事人请选择“未登记个人/单位”。"
        else:
            party_name = establishment.name
            party_code = establishment.credit_code or ""
            party_legal_representative = establishment.legal_representative
            party_address = establishment.address
            party_phone = party_phone or establishment.phone
    else:
        if establishment is not None:
            errors["establishment"] = "未登记的当事人不关联被监督单位。"
        if not party_name.strip():
            errors["party_name"] = "请填写当事人姓名或名称。"
        if not party_address.strip():
            errors["party_address"] = "请填写当事人住址或地址。"
        try:
            party_code = _party_code_check(party_kind, party_code)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if violation is None:
        errors["violation"] = "请选择违法行为。"
    elif not violation.is_active:
        errors["violation"] = f"“{violation}”已停用。"
    if not (facts or "").strip():
        errors["facts"] = "请填写案情摘要（违法事实）。"
    try:
        officers = _officers_check(officers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        check_date(filed_on, field="filed_on", label="立案日期")
        check_date(occurred_on, field="occurred_on", label="违法行为发生日期")
        if occurred_on > filed_on:
            raise ValidationError({"occurred_on": "违法行为发生日期不能晚于立案日期。"})
        if inspection is not None and filed_on < timezone.localdate(inspection.inspected_at):
            raise ValidationError({"filed_on": "立案日期不能早于来源检查的日期。"})
        if violation is not None:
            years = violation.limitation_years
            if filed_on > add_years(occurred_on, years):
                raise ValidationError(
                    {
                        "occurred_on": f"违法行为发生已超过 {years} 年的追责时效（行政处罚法第三十六条），不再给予行政处罚。"
                    }
                )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    number = number_take(series=SERIES, year=filed_on.year)
    case = PenaltyCase(
        year=number.year,
        sequence=number.sequence,
        number=number.text,
        source=source,
        source_note=source_note.strip(),
        inspection=inspection,
        party_kind=party_kind,
        establishment=establishment if party_kind == PartyKind.UNIT else None,
        party_name=party_name.strip(),
        party_code=party_code,
        party_legal_representative=party_legal_representative.strip(),
        party_address=party_address.strip(),
        party_phone=party_phone.strip(),
        violation=violation,
        occurred_on=occurred_on,
        facts=facts.strip(),
        filed_on=filed_on,
        decision_due=TimeLimit.due(TimeLimitCode.DECISION, filed_on),
        created_by=user,
    )
    case.full_clean(exclude=["officers"])
    case_save(case, user=user, reason=f"立案 {case.number}")
    case.officers.set(officers)
    step_record(
        case=case,
        step=CaseStatus.FILED,
        done_on=filed_on,
        user=user,
        document=f"立案审批表 {case.number}",
    )
    return case


UPDATABLE = (
    "facts",
    "source_note",
    "party_legal_representative",
    "party_address",
    "party_phone",
)


def editable_check(case) -> None:
    """A case is edited directly only before the notice: the notice told the party the
    facts, and they change after it only by a re-notice or a recorded amendment."""
    if case.status == CaseStatus.NOTIFIED:
        raise ValidationError(
            {
                "status": f"案件已告知当事人（告知书 {case.notice_number}），不能直接修改：违法事实或处罚有变的请重新告知，其他内容请由负责人办理更正。"
            }
        )
    require_status(case, CaseStatus.FILED, CaseStatus.INVESTIGATING, action="直接修改")


@transaction.atomic
def case_update(*, case, user, officers=None, **changes) -> PenaltyCase:
    """Correct a case before the notice (the party has been told nothing yet)."""
    case = case_lock(case)
    editable_check(case)
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"not updatable: {sorted(unknown)}")
    if "facts" in changes and not (changes["facts"] or "").strip():
        raise ValidationError({"facts": "请填写案情摘要（违法事实）。"})
    for field, value in changes.items():
        setattr(case, field, (value or "").strip())
    if officers is not None:
        officers = _officers_check(officers)
    case.full_clean(exclude=["officers"])
    case_save(case, user=user, reason="修改案件信息")
    if officers is not None:
        case.officers.set(officers)
    return case


@transaction.atomic
def case_investigate(*, case, user, done_on, note="") -> PenaltyCase:
    """Start the investigation (调查取证)."""
    case = case_lock(case)
    require_status(case, CaseStatus.FILED, action="开始调查取证")
    check_date(
        done_on,
        field="done_on",
        label="调查日期",
        not_before=case.filed_on,
        not_before_label="立案日期",
    )
    case.status = CaseStatus.INVESTIGATING
    case_save(case, user=user, reason="调查取证")
    step_record(
        case=case,
        step=CaseStatus.INVESTIGATING,
        done_on=done_on,
        user=user,
        document="询问笔录、现场笔录等调查取证材料",
        note=note.strip(),
    )
    return case


@transaction.atomic
def case_extend(*, case, user, approved_on, new_due, reason) -> CaseExtension:
    """Record the approved extension of the time limit for the decision."""
    case = case_lock(case)
    require_status(
        case,
        CaseStatus.FILED,
        CaseStatus.INVESTIGATING,
        CaseStatus.NOTIFIED,
        action="延长办案期限",
    )
    if not user.has_perm("penalties.approve_extension"):
        raise ValidationError({"approved_by": "只有负责人可以批准延长办案期限。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写延期理由。"})
    check_date(
        approved_on,
        field="approved_on",
        label="批准日期",
        not_before=case.filed_on,
        not_before_label="立案日期",
    )
    if approved_on > case.decision_due:
        raise ValidationError(
            {"approved_on": f"办案期限已于 {case.decision_due:%Y-%m-%d} 届满，延期须在届满前批准。"}
        )
    if new_due is None or new_due <= case.decision_due:
        raise ValidationError(
            {"new_due": f"延长后的期限须晚于原期限 {case.decision_due:%Y-%m-%d}。"}
        )
    extension = CaseExtension.objects.create(
        case=case,
        reason=reason.strip(),
        approved_by=user,
        approved_on=approved_on,
        previous_due=case.decision_due,
        new_due=new_due,
    )
    case.decision_due = new_due
    case_save(case, user=user, reason=f"延长办案期限至 {new_due:%Y-%m-%d}")
    return extension


AMENDABLE = (
    "facts",
    "party_name",
    "party_code",
    "party_legal_representative",
    "party_address",
    "party_phone",
    "execution_note",
    "closing_summary",
)

# Amendable fields that may not be emptied.
REQUIRED_TEXT = ("facts", "party_name", "party_address", "execution_note", "closing_summary")


@transaction.atomic
def case_amend(*, case, user, reason, **changes) -> CaseAmendment:
    """Correct a notified, decided or closed case: the change is recorded with its reason,
    before and after; numbers, dates and penalties never change (the notice keeps printing
    the facts it stated)."""
    case = case_lock(case)
    if case.status in (CaseStatus.FILED, CaseStatus.INVESTIGATING):
        raise ValidationError({"status": "案件尚未告知，可直接修改，无需办理更正。"})
    if not user.has_perm("penalties.amend_case"):
        raise ValidationError({"reason": "只有负责人可以更正已告知、已决定或已结案的案件。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写更正原因。"})
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValidationError({"reason": f"以下内容不能更正：{'、'.join(sorted(unknown))}。"})
    if "execution_note" in changes and not case.executed_on:
        raise ValidationError({"execution_note": "案件尚未执行完毕，没有执行情况可更正。"})
    if "closing_summary" in changes and not case.closed_on:
        raise ValidationError({"closing_summary": "案件尚未结案，没有结案报告可更正。"})
    recorded = {}
    for field, value in changes.items():
        value = (value or "").strip()
        if field == "party_code":
            value = _party_code_check(case.party_kind, value)
        before = getattr(case, field)
        if value != before:
            if field in REQUIRED_TEXT and not value:
                raise ValidationError({field: "此项不能为空。"})
            recorded[field] = {"before": before, "after": value}
            setattr(case, field, value)
    if not recorded:
        raise ValidationError({"reason": "没有需要更正的内容。"})
    case.full_clean(exclude=["officers"])
    case_save(case, user=user, reason=f"更正：{reason.strip()}")
    return CaseAmendment.objects.create(
        case=case, reason=reason.strip(), changes=recorded, amended_by=user
    )
