"""A unit's further domains (premises/models/supervisions.py): registered, ended with a
reason, or removed when registered by mistake and nothing was done under them yet."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from premises.models import Establishment, Supervision
from premises.services.registry import _save


@transaction.atomic
def supervision_add(
    *,
    user,
    establishment: Establishment,
    category,
    started_on: datetime.date,
    notes: str = "",
) -> Supervision:
    """Supervise a unit under a further domain, as the kind ``category``. Idempotent: the
    same domain and kind registered again (a double submit) returns the row there is."""
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    rows = list(establishment.supervisions.filter(domain_id=category.domain_id))
    there = next((r for r in rows if r.ended_on is None), None)
    if there is not None:
        if there.category_id == category.pk and there.started_on == started_on:
            return there  # the same registration sent again
        raise ValidationError(
            {
                "category": f"本单位已登记“{category.domain.name}”专业（{there.category.name}，"
                f"{there.started_on:%Y-%m-%d} 起）；如类别或日期有误，请先删除或终止该登记。"
            }
        )
    last = max((r.ended_on for r in rows), default=None)
    if last is not None and started_on <= last:
        raise ValidationError(
            {
                "started_on": f"本单位此前在该专业的监管已于 {last:%Y-%m-%d} 终止，新的纳入监管日期须晚于此日。"
            }
        )
    if started_on < establishment.opened_on:
        raise ValidationError(
            {
                "started_on": f"纳入监管日期不能早于单位开业日期（{establishment.opened_on:%Y-%m-%d}）。"
            }
        )
    if establishment.closed_on and started_on > establishment.closed_on:
        raise ValidationError({"started_on": f"单位已于 {establishment.closed_on:%Y-%m-%d} 关闭。"})
    supervision = Supervision(
        establishment=establishment,
        category=category,
        started_on=started_on,
        notes=notes,
        recorded_by=user,
    )
    return _save(supervision, user=user, reason="登记其他监督专业")


@transaction.atomic
def supervision_end(
    *, user, supervision: Supervision, ended_on: datetime.date, reason: str
) -> Supervision:
    """The unit is no longer supervised under the domain from ``ended_on`` (it stopped the
    X-ray service, the well was closed): kept, with its dates, for the years it counted."""
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if supervision.ended_on is not None:
        raise ValidationError(
            {"ended_on": f"该专业已于 {supervision.ended_on:%Y-%m-%d} 终止监管。"}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "终止监管日期不能晚于今天。"})
    supervision.ended_on = ended_on
    supervision.end_reason = reason
    return _save(supervision, user=user, reason=f"终止监管：{reason}")


@transaction.atomic
def supervision_remove(*, user, supervision: Supervision, reason: str) -> None:
    """Undo a registration made by mistake, while nothing was recorded under it: no
    inspection of the unit in that domain (read through the unit's reverse relation).
    Otherwise it is ended, and its records keep counting where they were made."""
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    unit = supervision.establishment
    if unit.inspections.filter(category__domain_id=supervision.domain_id).exists():
        raise ValidationError(
            f"本单位已有“{supervision.domain.name}”专业的检查记录，不能删除该专业登记；"
            "如已不再监管，请登记终止监管。"
        )
    if not reason.strip():
        raise ValidationError({"reason": "请填写删除原因。"})
    supervision._history_user = user
    supervision._change_reason = f"删除（登记错误）：{reason}"
    supervision.delete()
