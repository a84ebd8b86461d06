import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import StaleRecord
from core.numbering import number_take
from core.people import display_name
from inspections.choices import InspectionResult, OpinionStatus, Verdict
from inspections.models import Inspection, OpinionAmendment, OpinionItem, SupervisionOpinion

SERIES = "opinion"


def sample_rectification_items(sample) -> list[tuple[str, str]]:
    """What a failing sample proposes for the opinion: one item per failing value."""
    items = []
    for result in sample.results.select_related("limit"):
        if result.verdict != Verdict.FAIL:
            continue
        limit = result.limit
        measured = (
            "检出" if limit.not_detected else f"{result.value.normalize():f} {limit.unit}".strip()
        )
        where = f"（{sample.location}）" if sample.location else ""
        items.append(
            (
                f"{sample.sample_type}{where}{limit.parameter}为 {measured}，"
                f"不符合 {limit.standard}（{limit.limit_text}）。",
                f"立即整改{sample.sample_type}{limit.parameter}，整改后重新检测，"
                f"检测合格前采取必要的控制措施。",
            )
        )
    return items


def _points(value) -> str:
    return f"{value.normalize():f}"


def opinion_proposed_items(inspection) -> list[tuple[str, str]]:
    """The rows the opinion form starts with, one per problem found: each ticked problem
    type (with its default requirement text, ProblemType.requirement), each checklist item
    that lost points (not those not applicable), then each failing value of a sample."""
    items = []
    for problem in inspection.problems.all():
        requirement = problem.requirement or f"立即整改“{problem.name}”的问题。"
        items.append((f"{problem.name}。", requirement))
    scores = inspection.scores.select_related("item").filter(not_applicable=False)
    for score in scores:
        item = score.item
        if score.score >= item.max_points:
            continue
        lost = _points(item.max_points - score.score)
        note = f"：{score.note.rstrip('。.；;')}" if score.note else ""
        key = "（关键项）" if item.is_key else ""
        items.append(
            (
                f"{item.section}{key}不符合要求，扣{lost}分{note}。",
                f"按要求整改：{item.content}",
            )
        )
    for sample in inspection.samples.filter(verdict=Verdict.FAIL):
        items += sample_rectification_items(sample)
    return items


def _clean_items(items):
    cleaned = [(p.strip(), r.strip()) for p, r in items if (p or "").strip() or (r or "").strip()]
    if not cleaned:
        raise ValidationError({"items": "意见书至少要有一项发现的问题和整改要求。"})
    for problem, requirement in cleaned:
        if not problem or not requirement:
            raise ValidationError({"items": "每一项都要填写发现的问题和整改要求。"})
    return cleaned


# A rectification period longer than this is taken for a wrong year (2062 for 2026): a
# deadline so far off would never show as overdue.
DEADLINE_MAX_DAYS = 366


def _deadline_check(deadline: datetime.date, issued_on: datetime.date) -> None:
    if deadline < issued_on:
        raise ValidationError({"deadline": "整改期限不能早于签发日期。"})
    if (deadline - issued_on).days > DEADLINE_MAX_DAYS:
        raise ValidationError(
            {"deadline": f"整改期限 {deadline:%Y-%m-%d} 距签发日期超过一年，请核对年份。"}
        )


@transaction.atomic
def opinion_issue(
    *, inspection: Inspection, items, deadline: datetime.date, user, issued_at=None
) -> SupervisionOpinion:
    """Issue the supervision opinion of an inspection with the next number of the year."""
    issued_at = issued_at or timezone.now()
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if SupervisionOpinion.objects.filter(inspection=inspection).exists():
        raise ValidationError({"inspection": "该次检查已下达意见书；如需更正请办理更正。"})
    cleaned = _clean_items(items)
    _deadline_check(deadline, timezone.localdate(issued_at))
    year = timezone.localdate(issued_at).year
    number = number_take(series=SERIES, year=year)
    opinion = SupervisionOpinion.objects.create(
        inspection=inspection,
        year=year,
        sequence=number.sequence,
        number=number.text,
        issued_at=issued_at,
        deadline=deadline,
        issued_by=user,
    )
    OpinionItem.objects.bulk_create(
        OpinionItem(opinion=opinion, problem=p, requirement=r, order=i)
        for i, (p, r) in enumerate(cleaned, start=1)
    )
    if inspection.result != InspectionResult.OPINION:
        inspection.result = InspectionResult.OPINION
        inspection._history_user = user
        inspection._change_reason = f"下达意见书 {opinion.number}"
        inspection.save(update_fields=["result"])
    return opinion


def opinion_version(opinion: SupervisionOpinion) -> str:
    """The opinion as last amended: the id of its latest amendment ("0": never)."""
    latest = opinion.amendments.order_by("-id").values_list("id", flat=True).first()
    return str(latest or 0)


@transaction.atomic
def opinion_amend(
    *,
    opinion: SupervisionOpinion,
    user,
    reason: str,
    deadline=None,
    items=None,
    seen_amendment: str | None = None,
):
    """Correct an issued opinion. The change is recorded with its reason, before and after;
    the number never changes.

    ``seen_amendment``: the opinion's version the user's page showed
    (:func:`opinion_version`); an opinion amended by someone since is refused, never
    overwritten. None: not checked (commands)."""
    opinion = SupervisionOpinion.objects.select_for_update().get(pk=opinion.pk)
    if seen_amendment is not None and seen_amendment != opinion_version(opinion):
        latest = opinion.amendments.select_related("amended_by").order_by("-id").first()
        if not seen_amendment or latest is None:
            message = "提交的内容缺少意见书版本，您的更正未保存。请刷新页面后重新填写。"
        else:
            who = display_name(latest.amended_by)
            when = f"{timezone.localtime(latest.amended_at):%Y-%m-%d %H:%M}"
            message = (
                f"此意见书在您打开页面后已被{who}更正（{when}），您的更正未保存。"
                "请刷新页面查看最新内容后重新填写。"
            )
        raise StaleRecord({"opinion": message})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写更正原因。"})
    if opinion.status != OpinionStatus.ISSUED:
        raise ValidationError({"opinion": "已整改关闭的意见书不能更正。"})
    changes = {}
    if deadline is not None and deadline != opinion.deadline:
        _deadline_check(deadline, timezone.localdate(opinion.issued_at))
        changes["deadline"] = {
            "before": opinion.deadline.isoformat(),
            "after": deadline.isoformat(),
        }
        opinion.deadline = deadline
    if items is not None:
        cleaned = _clean_items(items)
        before = [[i.problem, i.requirement] for i in opinion.items.all()]
        if [list(i) for i in cleaned] != before:
            changes["items"] = {"before": before, "after": [list(i) for i in cleaned]}
            opinion.items.all().delete()
            OpinionItem.objects.bulk_create(
                OpinionItem(opinion=opinion, problem=p, requirement=r, order=i)
                for i, (p, r) in enumerate(cleaned, start=1)
            )
    if not changes:
        raise ValidationError({"reason": "没有需要更正的内容。"})
    opinion.save(update_fields=["deadline"])
    return OpinionAmendment.objects.create(
        opinion=opinion, reason=reason.strip(), changes=changes, amended_by=user
    )
