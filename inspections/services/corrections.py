"""Corrections of field records (更正 / 作废): never in place without a record.

An inspection's author (who recorded it or one of its inspectors; a photo's uploader) and
a manager may correct it. An amendment keeps who, when, why and every changed field's old
and new value (RecordAmendment); a void keeps who, when and why on the record itself, and
the voided record drops out of every list and figure (the models' default managers).

Legal-record rule: once a supervision opinion was issued or a penalty case was filed from
the visit, the inspection can only be amended, never voided (nor its failing samples)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.people import display_names
from core.roster import team_check
from inspections.choices import InspectionResult, OpinionStatus, Verdict
from inspections.models import (
    Inspection,
    InspectionPhoto,
    OnSiteRecord,
    RecordAmendment,
    RecordKind,
    Sample,
    SupervisionOpinion,
)
from inspections.services.checklists import checklist_scores_check
from inspections.services.inspections import domain_day_error

# What an amendment may change, with the label its record shows. The unit, the kind and
# what the kind names (campaign, draw, opinion followed) are not amended: a visit recorded
# against the wrong unit or kind is voided and recorded again.
AMENDABLE = {
    "inspected_at": "检查时间",
    "inspectors": "监督员",
    "person_present": "单位在场人员",
    "findings": "检查情况",
    "problems": "发现问题",
    "result": "处理结果",
    "scores": "评分",
}

ANY = "inspections.correct_any_inspection"
OWN = "inspections.correct_inspection"


# ---------------------------------------------------------------- who may correct


def is_author(user, inspection) -> bool:
    if inspection.recorded_by_id == user.pk:
        return True
    return inspection.inspectors.filter(pk=user.pk).exists()


def can_correct(user, inspection) -> bool:
    """May ``user`` amend or void ``inspection`` (and its samples)?"""
    if not user.is_authenticated:
        return False
    if user.has_perm(ANY):
        return True
    return user.has_perm(OWN) and is_author(user, inspection)


def can_correct_photo(user, photo) -> bool:
    if user.is_authenticated and user.has_perm(OWN) and photo.uploaded_by_id == user.pk:
        return True
    return can_correct(user, photo.inspection)


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("只有录入人、参加检查的监督员或管理者可以更正或作废此记录。")


def _reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写原因。"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过 200 字。"})
    return reason


def legal_records(inspection) -> list[str]:
    """What grew out of the visit and keeps it from being voided: its opinion, its cases,
    its signed on-site records, the permit applications it was the on-site review of."""
    found = [
        f"卫生监督意见书 {number}"
        for number in SupervisionOpinion.objects.filter(inspection=inspection).values_list(
            "number", flat=True
        )
    ]
    # penalties.PenaltyCase.inspection (related_name="penalty_cases"): read through the
    # relation, as inspections does not import penalties.
    found += [
        f"案件 {number}" for number in inspection.penalty_cases.values_list("number", flat=True)
    ]
    # An on-site record someone signed (the party, an officer, a witness) is evidence.
    found += [
        f"已签名的{record.get_kind_display()}（第{record.version}版）"
        for record in OnSiteRecord.objects.filter(
            inspection=inspection, signatures__isnull=False
        ).distinct()
    ]
    # licensing.Application.review_inspection (related_name="permit_reviews"), likewise.
    found += [
        f"许可申请 {number}（现场审查）"
        for number in inspection.permit_reviews.values_list("receipt_number", flat=True)
    ]
    return found


# ---------------------------------------------------------------- inspections


def _text(field: str, value) -> str:
    if value is None:
        return ""
    if field == "inspected_at":
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if field == "result":
        return InspectionResult(value).label
    if field == "inspectors":
        return display_names(value)
    if field == "problems":
        return "、".join(p.name for p in value) or "未发现问题"
    return str(value)


def _time_errors(inspection, inspected_at: datetime.datetime) -> dict:
    if inspected_at > timezone.now():
        return {"inspected_at": "检查时间不能晚于现在。"}
    day = timezone.localdate(inspected_at)
    unit = inspection.establishment
    if unit.closed_on and day > unit.closed_on:
        return {"inspected_at": f"该单位已于 {unit.closed_on:%Y-%m-%d} 关闭。"}
    domain_error = domain_day_error(unit, inspection.category.domain, day)
    if domain_error:
        return {"inspected_at": domain_error}
    campaign = inspection.campaign
    if campaign is not None and not campaign.start_date <= day <= campaign.end_date:
        return {
            "inspected_at": f"检查日期不在专项整治期间（{campaign.start_date:%Y-%m-%d} 至 "
            f"{campaign.end_date:%Y-%m-%d}）。"
        }
    followed = inspection.follows_opinion
    if followed is not None and inspected_at < followed.issued_at.replace(second=0, microsecond=0):
        return {"inspected_at": f"复查时间不能早于意见书 {followed.number} 的签发时间。"}
    own = SupervisionOpinion.objects.filter(inspection=inspection).first()
    if own is not None and inspected_at > own.issued_at:
        return {"inspected_at": f"检查时间不能晚于其意见书 {own.number} 的签发时间。"}
    return {}


def _score_text(label, value, not_applicable, note) -> str:
    shown = "不适用" if not_applicable else f"{value.normalize():f}"
    return f"{label}：{shown}" + (f"（{note}）" if note else "")


def _score_changes(inspection, scores) -> tuple[list, list, list]:
    """(rows to save, old texts, new texts) of the changed scores; ValidationError when
    the checklist, completed with them, does not add up. A score of None: the item is not
    applicable (合理缺项)."""
    if inspection.checklist_id is None:
        raise ValidationError({"scores": "该次检查未使用评分表，没有评分可更正。"})
    current = {s.item_id: s for s in inspection.scores.select_related("item")}
    merged = {pk: (None if s.not_applicable else s.score, s.note) for pk, s in current.items()}
    for pk, (score, note) in scores.items():
        kept = current[pk].note if pk in current else ""
        merged[pk] = (score, kept if note is None else note)
    problems = checklist_scores_check(inspection.checklist, merged)
    if problems:
        raise ValidationError(problems)
    rows, before, after = [], [], []
    for pk, (score, note) in scores.items():
        row = current.get(pk)
        if row is None:
            continue
        skipped = score is None
        value = Decimal("0") if skipped else Decimal(str(score))
        note = row.note if note is None else (note or "")
        if (row.not_applicable, row.note) == (skipped, note) and (skipped or row.score == value):
            continue
        label = row.item.content[:30]
        before.append(_score_text(label, row.score, row.not_applicable, row.note))
        after.append(_score_text(label, value, skipped, note))
        row.score, row.note, row.not_applicable = value, note, skipped
        rows.append(row)
    return rows, before, after


@transaction.atomic
def inspection_amend(
    *,
    inspection,
    user,
    reason,
    inspected_at=None,
    inspectors=None,
    person_present=None,
    findings=None,
    problems=None,
    result=None,
    scores=None,
) -> RecordAmendment:
    """Correct an inspection on the record. Each argument left None stays as it is;
    ``scores``: {item id: (score or None: not applicable, note or None: unchanged)} of
    the items to correct.
    Returns the amendment: {field: [old, new]} as the inspection's page shows them."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    _allowed(can_correct(user, inspection))
    if inspection.is_voided:
        raise ValidationError({"reason": "已作废的检查记录不能更正。"})
    reason = _reason(reason)
    errors, changes, fields = {}, {}, []

    def change(field, old, new):
        changes[field] = [_text(field, old), _text(field, new)]

    if inspected_at is not None and inspected_at != inspection.inspected_at:
        errors.update(_time_errors(inspection, inspected_at))
        change("inspected_at", inspection.inspected_at, inspected_at)
        inspection.inspected_at = inspected_at
        fields.append("inspected_at")
    for field, value in (("person_present", person_present), ("findings", findings)):
        if value is not None and value.strip() != getattr(inspection, field):
            if field == "person_present" and not value.strip():
                errors[field] = "请填写单位在场人员。"
            change(field, getattr(inspection, field), value.strip())
            setattr(inspection, field, value.strip())
            fields.append(field)
    if result is not None and result != inspection.result:
        if result not in InspectionResult.values:
            errors["result"] = "处理结果无效。"
        elif SupervisionOpinion.objects.filter(inspection=inspection).exists():
            errors["result"] = "该次检查已下达意见书，处理结果不能改为其他。"
        else:
            change("result", inspection.result, result)
            inspection.result = result
            fields.append("result")
    team = None
    if inspectors is not None:
        old_team = list(inspection.inspectors.order_by("pk"))
        new_team = sorted(inspectors, key=lambda u: u.pk)
        if [u.pk for u in new_team] != [u.pk for u in old_team]:
            try:
                team = team_check(
                    new_team,
                    field="inspectors",
                    too_few="执法检查须有两名以上监督员。",
                    outside="{names} 不在监督员名录中。",
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
            change("inspectors", old_team, new_team)
    problem_set = None
    if problems is not None:
        old = list(inspection.problems.order_by("order", "code"))
        new = sorted(problems, key=lambda p: (p.order, p.code))
        if [p.pk for p in new] != [p.pk for p in old]:
            # a problem added is of the domain inspected (one recorded before stays)
            foreign = [
                m for m in (p.misfit(inspection.category.domain) for p in new if p not in old) if m
            ]
            if foreign:
                errors["problems"] = foreign
            change("problems", old, new)
            problem_set = new
    score_rows = []
    if scores:
        try:
            score_rows, before, after = _score_changes(inspection, scores)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            if score_rows:
                changes["scores"] = ["；".join(before), "；".join(after)]
    if errors:
        raise ValidationError(errors)
    if not changes:
        raise ValidationError({"reason": "没有需要更正的内容。"})
    inspection._history_user = user
    inspection._change_reason = f"更正：{reason}"
    inspection.save(update_fields=fields or None)
    if team is not None:
        inspection.inspectors.set(team)
    if problem_set is not None:
        inspection.problems.set(problem_set)
    for row in score_rows:
        row._history_user = user
        row._change_reason = f"更正：{reason}"
        row.save(update_fields=["score", "note", "not_applicable"])
    return RecordAmendment.objects.create(
        kind=RecordKind.INSPECTION,
        record_id=inspection.pk,
        reason=reason,
        changes=changes,
        amended_by=user,
    )


def _mark_void(record, user, reason) -> None:
    record.voided_at = timezone.now()
    record.voided_by = user
    record.void_reason = reason
    record._history_user = user
    record._change_reason = f"作废：{reason}"
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])


@transaction.atomic
def inspection_void(*, inspection, user, reason) -> Inspection:
    """Void a mistaken inspection: it stays, marked, and leaves every list and figure. A
    follow-up that closed its opinion reopens it. Refused once an opinion or a penalty case
    grew out of the visit (those records keep it: amend it instead)."""
    inspection = Inspection.all_objects.select_for_update().get(pk=inspection.pk)
    _allowed(can_correct(user, inspection))
    if inspection.is_voided:
        raise ValidationError({"reason": "该检查记录已作废。"})
    reason = _reason(reason)
    grown = legal_records(inspection)
    if grown:
        raise ValidationError(
            {
                "reason": f"该次检查已有{'、'.join(grown)}，依法不能作废：请先撤销意见书或案件，"
                "或改为“更正”本记录。"
            }
        )
    SupervisionOpinion.objects.filter(closed_by=inspection).update(
        status=OpinionStatus.ISSUED, closed_by=None
    )
    _mark_void(inspection, user, reason)
    return inspection


@transaction.atomic
def sample_void(*, sample, user, reason) -> Sample:
    """Void a mistaken sample (it stays on its inspection's page, marked, and leaves the
    figures). A failing sample of a visit that led to an opinion or a case is kept."""
    sample = Sample.all_objects.select_for_update().select_related("inspection").get(pk=sample.pk)
    _allowed(can_correct(user, sample.inspection))
    if sample.is_voided:
        raise ValidationError({"reason": "该样品已作废。"})
    if sample.inspection.is_voided:
        raise ValidationError({"reason": "所属检查已作废。"})
    reason = _reason(reason)
    grown = legal_records(sample.inspection)
    if grown and sample.verdict == Verdict.FAIL:
        raise ValidationError(
            {"reason": f"该不合格样品所属检查已有{'、'.join(grown)}，依法不能作废。"}
        )
    _mark_void(sample, user, reason)
    return sample


@transaction.atomic
def photo_void(*, photo, user, reason) -> InspectionPhoto:
    """Void a mistaken photo: the file is kept (evidence is never deleted), the photo is
    shown only on its inspection's page, marked."""
    photo = (
        InspectionPhoto.all_objects.select_for_update()
        .select_related("inspection")
        .get(pk=photo.pk)
    )
    _allowed(can_correct_photo(user, photo))
    if photo.is_voided:
        raise ValidationError({"reason": "该照片已作废。"})
    reason = _reason(reason)
    photo.voided_at = timezone.now()
    photo.voided_by = user
    photo.void_reason = reason
    photo.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return photo


def amendments_of(kind: str, record_ids) -> dict[int, list]:
    """{record id: its amendments, oldest first} (one query)."""
    found: dict[int, list] = {}
    for amendment in RecordAmendment.objects.filter(
        kind=kind, record_id__in=list(record_ids)
    ).select_related("amended_by"):
        amendment.rows = [
            (AMENDABLE.get(field, field), old, new)
            for field, (old, new) in amendment.changes.items()
        ]
        found.setdefault(amendment.record_id, []).append(amendment)
    return found
