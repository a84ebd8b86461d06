"""Opening a case (立案): who the party is, the two officers, the dates and the limitation
period; then the case number of the year."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.numbering import number_take
from core.roster import team_check
from core.validators import mask_id_number, validate_credit_code, validate_id_number
from penalties.choices import CaseSource, CaseStatus, PartyKind
from penalties.models import ApprovalKind, CaseApproval, PenaltyCase
from penalties.services.approvals import decision_due_for, filing_summary, rule_for
from penalties.services.base import case_save, check_date, step_record
from penalties.services.orders import limitation_check
from premises.choices import SubjectKind

SERIES = "penalty-case"


def officers_check(officers) -> list:
    """The officers of a case as a list: two at least, all on the roster."""
    return team_check(
        officers,
        field="officers",
        too_few="行政处罚案件须有两名以上执法人员承办。",
        outside="{names} 不在执法人员名录中。",
    )


def party_code_check(kind, code) -> str:
    """An unregistered party's ID number (a person) or credit code, normalized and checked."""
    code = (code or "").strip().upper()
    if not code:
        return ""
    validate = validate_id_number if kind == PartyKind.PERSON else validate_credit_code
    try:
        validate(code)
    except ValidationError as exc:
        raise ValidationError({"party_code": exc.messages}) from None
    return code


@dataclass(frozen=True)
class Party:
    """The party of a case as filed: a registered unit's particulars as they stand at
    filing, or an unregistered party as entered."""

    kind: str | None
    establishment: object
    name: str
    code: str
    legal_representative: str
    address: str
    phone: str
    sex: str = ""  # a person's (性别), printed on the documents


def _person_party(establishment, phone) -> Party:
    """A person registered as a subject (自然人, e.g. 无证行医): the party is that person,
    with name, sex, ID number and address as registered at filing."""
    return Party(
        kind=PartyKind.PERSON,
        establishment=establishment,
        name=establishment.name.strip(),
        code=establishment.id_number or "",
        legal_representative="",
        address=establishment.address.strip(),
        phone=(phone or establishment.phone).strip(),
        sex=establishment.sex,
    )


def _party_derive(
    *,
    source,
    inspection,
    establishment,
    kind,
    name,
    code,
    legal_representative,
    address,
    phone,
    sex="",
) -> Party:
    """Who the party is: from an inspection, the inspected unit unless another party was
    chosen (a person practising without a licence found at the inspected clinic is the
    party, not the clinic); a registered unit's particulars are copied; an unregistered
    party's are taken as entered."""
    if (
        source == CaseSource.INSPECTION
        and inspection is not None
        and kind in (None, PartyKind.UNIT)
        and establishment is None
    ):
        establishment, kind = inspection.establishment, PartyKind.UNIT
    if (
        establishment is not None
        and kind in (None, PartyKind.UNIT, PartyKind.PERSON)
        and establishment.is_person
    ):
        return _person_party(establishment, phone)
    if kind is None and establishment is not None:
        kind = PartyKind.UNIT
    if kind == PartyKind.UNIT and establishment is not None:
        return Party(
            kind=kind,
            establishment=establishment,
            name=establishment.name.strip(),
            code=establishment.credit_code or "",
            legal_representative=establishment.legal_representative.strip(),
            address=establishment.address.strip(),
            phone=(phone or establishment.phone).strip(),
        )
    return Party(
        kind=kind,
        establishment=establishment,
        name=(name or "").strip(),
        code=(code or "").strip().upper(),
        legal_representative=(legal_representative or "").strip(),
        address=(address or "").strip(),
        phone=(phone or "").strip(),
        sex=(sex or "") if kind == PartyKind.PERSON else "",
    )


def _party_errors(party: Party) -> dict:
    errors = {}
    if party.kind not in PartyKind.values:
        errors["party_kind"] = "请选择当事人类型。"
    elif party.kind == PartyKind.UNIT:
        if party.establishment is None:
            errors["establishment"] = "请选择被监督单位；不在册的当事人请选择“未登记个人/单位”。"
        elif party.establishment.subject_kind == SubjectKind.FAMILY:
            errors["establishment"] = (
                f"“{party.establishment.name}”登记为家庭，不能作为单位当事人；"
                "请以户主个人为当事人（未登记个人）立案。"
            )
    elif (
        party.kind == PartyKind.PERSON
        and party.establishment is not None
        and party.establishment.is_person
    ):
        # A person registered as a subject: particulars copied; the ID number as checked.
        if not party.address:
            errors["party_address"] = "登记的自然人没有住址，请先补全其登记信息。"
    else:
        if party.establishment is not None:
            errors["establishment"] = "未登记的当事人不关联被监督单位。"
        if not party.name:
            errors["party_name"] = "请填写当事人姓名或名称。"
        if not party.address:
            errors["party_address"] = "请填写当事人住址或地址。"
        try:
            party_code_check(party.kind, party.code)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            errors.update(_same_person_check(party))
    return errors


def _same_person_check(party: Party) -> dict:
    """One ID number is one person: a citizen already a party under this number with
    another name is a typing error in the name or in the number (an organisation may have
    been renamed, so its credit code is not held to one name)."""
    if party.kind != PartyKind.PERSON or not party.code or not party.name:
        return {}
    earlier = (
        PenaltyCase.objects.filter(party_kind=PartyKind.PERSON, party_code=party.code.upper())
        .exclude(party_name=party.name)
        .order_by("-filed_on", "-pk")
        .first()
    )
    if earlier is None:
        return {}
    return {
        "party_name": (
            f"身份证号码 {mask_id_number(party.code)} 在案件 {earlier.number} 中登记的姓名为"
            f"“{earlier.party_name}”，与本次填写的“{party.name}”不同：请核对姓名和身份证号码。"
        )
    }


def _dates_check(*, occurred_on, filed_on, inspection, violation, limitation=None) -> None:
    """The filing date, the date of the violation, and the limitation period (追责时效):
    ``limitation`` the case's continuing / ended_on / harms_life_health / harm_reason."""
    check_date(filed_on, field="filed_on", label="立案日期")
    check_date(occurred_on, field="occurred_on", label="违法行为发生日期")
    if occurred_on > filed_on:
        raise ValidationError({"occurred_on": "违法行为发生日期不能晚于立案日期。"})
    if inspection is not None and filed_on < timezone.localdate(inspection.inspected_at):
        raise ValidationError({"filed_on": "立案日期不能早于来源检查的日期。"})
    limitation_check(occurred_on=occurred_on, filed_on=filed_on, **(limitation or {}))


def _filing_check(
    *,
    source,
    inspection,
    party: Party,
    violation,
    facts,
    officers,
    occurred_on,
    filed_on,
    limitation=None,
) -> list:
    """Every reason the case cannot be filed, at once; the officers as a list."""
    errors = {}
    if source not in CaseSource.values:
        errors["source"] = "请选择案件来源。"
    if source == CaseSource.INSPECTION:
        if inspection is None:
            errors["inspection"] = "来源为监督检查的案件须选择该次检查。"
        elif (
            party.kind == PartyKind.UNIT
            and party.establishment is not None
            and inspection.establishment_id not in (None, party.establishment.pk)
        ):
            errors["establishment"] = (
                f"来源检查的被检查单位是“{inspection.establishment}”，当事人却选了"
                f"“{party.establishment}”：另一单位的违法行为请以其自己的来源立案，"
                "或选择“未登记个人/单位”登记现场发现的其他当事人。"
            )
    elif inspection is not None:
        errors["inspection"] = "只有来源为监督检查的案件才关联检查记录。"
    errors.update(_party_errors(party))
    if violation is None:
        errors["violation"] = "请选择违法行为。"
    elif not violation.is_active:
        errors["violation"] = f"“{violation}”已停用。"
    if not (facts or "").strip():
        errors["facts"] = "请填写案情摘要（违法事实）。"
    try:
        officers = officers_check(officers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _dates_check(
            occurred_on=occurred_on,
            filed_on=filed_on,
            inspection=inspection,
            violation=violation,
            limitation=limitation,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return officers


def _case_write(
    *,
    user,
    source,
    source_note,
    inspection,
    party: Party,
    violation,
    occurred_on,
    facts,
    filed_on,
    officers,
    limitation=None,
) -> PenaltyCase:
    number = number_take(
        series=SERIES,
        year=filed_on.year,
        category=violation.domain.code if violation.domain_id else "",
    )
    case = PenaltyCase(
        year=number.year,
        sequence=number.sequence,
        number=number.text,
        source=source,
        source_note=source_note.strip(),
        inspection=inspection,
        party_kind=party.kind,
        # a registered unit, or a person registered as a subject (自然人)
        establishment=party.establishment,
        party_name=party.name,
        party_code=party.code,
        party_legal_representative=party.legal_representative,
        party_address=party.address,
        party_phone=party.phone,
        party_sex=party.sex,
        violation=violation,
        occurred_on=occurred_on,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in (limitation or {}).items()},
        facts=facts.strip(),
        filed_on=filed_on,
        procedure_rule=rule_for(filed_on),
        decision_due=decision_due_for(rule_for(filed_on), filed_on),
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
    CaseApproval.objects.create(
        case=case,
        kind=ApprovalKind.FILING,
        requested_by=user,
        requested_on=filed_on,
        summary=filing_summary(case),
    )
    return case


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
    party_sex: str = "",
    source_note: str = "",
    continuing: bool = False,
    ended_on: datetime.date | None = None,
    harms_life_health: bool = False,
    harm_reason: str = "",
) -> PenaltyCase:
    """Report a case for filing (立案报告) with the next case number of the year; the
    负责人's approval (services.approval_decide) files it: the 立案日期 becomes the approval
    date, and the steps after wait for it. ``filed_on``: the report's date.

    From an inspection, the party is the inspected unit. A registered unit's particulars
    are copied as they stand at filing; an unregistered party (e.g. 非法行医) is entered
    with name, ID number or credit code and address.

    追责时效: two years from the violation, or from its end when ``continuing``; five
    with ``harms_life_health`` and its ``harm_reason``."""
    limitation = {
        "continuing": bool(continuing),
        "ended_on": ended_on,
        "harms_life_health": bool(harms_life_health),
        "harm_reason": harm_reason or "",
    }
    filed_on = filed_on or timezone.localdate()
    party = _party_derive(
        source=source,
        inspection=inspection,
        establishment=establishment,
        kind=party_kind,
        name=party_name,
        code=party_code,
        legal_representative=party_legal_representative,
        address=party_address,
        phone=party_phone,
        sex=party_sex,
    )
    officers = _filing_check(
        source=source,
        inspection=inspection,
        party=party,
        violation=violation,
        facts=facts,
        officers=officers,
        occurred_on=occurred_on,
        filed_on=filed_on,
        limitation=limitation,
    )
    return _case_write(
        user=user,
        source=source,
        source_note=source_note,
        inspection=inspection,
        party=party,
        violation=violation,
        occurred_on=occurred_on,
        facts=facts,
        filed_on=filed_on,
        officers=officers,
        limitation=limitation,
    )
