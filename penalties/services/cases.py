"""What can be done to a case before and after the decision (filing: penalties.services.filing)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from penalties.choices import CaseStatus
from penalties.models import CaseAmendment, CaseExtension, PenaltyCase
from penalties.services.approvals import extension_check, filing_require
from penalties.services.base import case_lock, case_save, check_date, require_status, step_record
from penalties.services.filing import officers_check, party_code_check

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
        officers = officers_check(officers)
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
    filing_require(case, action="开始调查取证")
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
def case_extend(
    *, case, user, approved_on, new_due, reason, approving_organ="", approval_document=""
) -> CaseExtension:
    """Record an extension of the time limit for the decision approved as the case's
    procedure rule says: by the superior organ (卫生部令第53号: ``approving_organ`` and its
    ``approval_document`` number, recorded by a 负责人), or by the 负责人 ``user`` himself.
    (An officer's request approved in the system: services.approval_request, kind extension.)"""
    case = case_lock(case)
    require_status(
        case,
        CaseStatus.FILED,
        CaseStatus.INVESTIGATING,
        CaseStatus.NOTIFIED,
        action="延长办案期限",
    )
    rule = case.procedure_rule
    if not user.has_perm("penalties.approve_extension"):
        raise ValidationError({"approved_by": "只有负责人可以批准或登记延长办案期限。"})
    organ = (approving_organ or "").strip()
    document = (approval_document or "").strip()
    if rule is not None and rule.extension_by_superior:
        errors = {}
        if not organ:
            errors["approving_organ"] = (
                f"本案适用{rule.name}，延期由{rule.extension_approver}批准：请填写批准机关。"
            )
        if not document:
            errors["approval_document"] = "请填写上级机关批准延期的文号。"
        if errors:
            raise ValidationError(errors)
    elif not organ:
        organ = rule.extension_approver if rule else "本机关负责人"
    check_date(
        approved_on,
        field="approved_on",
        label="批准日期",
        not_before=case.filed_on,
        not_before_label="立案日期",
    )
    extension_check(case, approved_on=approved_on, new_due=new_due, reason=reason)
    extension = CaseExtension.objects.create(
        case=case,
        reason=reason.strip(),
        approved_by=user,
        approved_on=approved_on,
        approving_organ=organ,
        approval_document=document,
        previous_due=case.decision_due,
        new_due=new_due,
    )
    case.decision_due = new_due
    case_save(case, user=user, reason=f"延长办案期限至 {new_due:%Y-%m-%d}（{organ}批准）")
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
            value = party_code_check(case.party_kind, value)
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
