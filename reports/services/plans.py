"""Focused inspection plans: save a plan (its campaign, its fields and its target rows) and
record a summary table as sent to the city (the exact file kept, never changed)."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inspections.services import campaign_save
from reports.models import FocusedPlan, PlanSubmission, PlanTable, PlanTarget
from reports.presentation.plan_tables import plan_filename, plan_workbook

CAMPAIGN_FIELDS = ("name", "start_date", "end_date", "domains", "categories", "townships")
PLAN_FIELDS = ("year", "document_number", "issuer", "tables", "due_date", "remind_days")
MAX_FILE_BYTES = 10 * 1024 * 1024


@transaction.atomic
def plan_save(*, user, plan: FocusedPlan | None = None, targets=None, **fields) -> FocusedPlan:
    """Create a focused plan with its campaign, or change one. ``targets``: a list of
    dicts (item, measure, target) replacing the plan's rows; None keeps them."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS) - set(PLAN_FIELDS) - {"description"}
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    campaign_fields = {k: fields[k] for k in (*CAMPAIGN_FIELDS, "description") if k in fields}
    start, end = campaign_fields.get("start_date"), campaign_fields.get("end_date")
    year = fields.get("year")
    if year and start and end and not (start.year <= year <= end.year):
        raise ValidationError({"year": "计划年度应在检查期间之内。"})
    campaign = campaign_save(
        user=user, campaign=plan.campaign if plan is not None else None, **campaign_fields
    )
    if plan is None:
        plan = FocusedPlan(campaign=campaign, created_by=user)
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    plan.full_clean(exclude=["created_by", "campaign"])
    plan._history_user = user
    plan.save()
    if targets is not None:
        rows = [
            PlanTarget(plan=plan, position=i, **row)
            for i, row in enumerate(targets, start=1)
            if row.get("item")
        ]
        for row in rows:
            row.full_clean(exclude=["plan"])
        plan.targets.all().delete()
        PlanTarget.objects.bulk_create(rows)
    return plan


@transaction.atomic
def plan_submission_record(
    *,
    user,
    plan: FocusedPlan,
    table: str,
    submitted_on: datetime.date,
    reason: str = "",
    note: str = "",
    upload=None,
) -> PlanSubmission:
    """Record that ``table`` was sent to the city on ``submitted_on``. The file kept is
    ``upload`` (the file actually sent, when it was not the one this system makes) or the
    table built now. A table already sent may be sent again only with a reason; the new
    record replaces the last one, which stays as it was."""
    if table not in plan.tables:
        raise ValidationError({"table": "该计划不要求上报此汇总表。"})
    today = timezone.localdate()
    if submitted_on > today:
        raise ValidationError({"submitted_on": "上报日期不能晚于今天。"})
    if submitted_on < plan.campaign.start_date - datetime.timedelta(days=366):
        raise ValidationError({"submitted_on": "上报日期早于计划期间一年以上，请核对。"})
    # The plan's row is locked: two submissions of one table at once are made one by one.
    FocusedPlan.objects.select_for_update().filter(pk=plan.pk).first()
    last = (
        PlanSubmission.objects.filter(plan=plan, table=table)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    reason = (reason or "").strip()
    if last is not None and not reason:
        raise ValidationError({"reason": "该汇总表已上报过；重新上报须说明原因。"})
    if last is None:
        reason = ""
    if upload is not None:
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError({"upload": "文件不能超过 10 MB。"})
        content = upload.read()
        filename = upload.name[-200:]
    else:
        content = plan_workbook(plan, table)
        filename = plan_filename(plan, table)
    submission = PlanSubmission(
        plan=plan,
        table=PlanTable(table),
        submitted_on=submitted_on,
        submitted_by=user,
        replaces=last,
        reason=reason,
        note=(note or "").strip(),
        filename=filename,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded=upload is not None,
        recorded_by=user,
    )
    submission.full_clean(exclude=["plan", "submitted_by", "recorded_by", "replaces", "content"])
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        raise ValidationError({"table": "该汇总表刚刚已登记上报，请刷新后查看。"}) from exc
    return submission
