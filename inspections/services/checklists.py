from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from inspections.choices import ChecklistPurpose
from inspections.models import ChecklistItem, ChecklistTemplate

ITEM_FIELDS = ("section", "subsection", "content", "max_points", "guidance", "order", "is_key")


@transaction.atomic
def checklist_revise(
    *, template: ChecklistTemplate, user, items=None, **changes
) -> ChecklistTemplate:
    """Make a new version of a checklist; the old one stays as it was for the inspections
    scored with it. ``items``: list of dicts with ITEM_FIELDS (default: copy the old ones)."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_current:
        raise ValidationError({"template": "只能修订现行版本。"})
    allowed = {
        "name",
        "description",
        "pass_mark",
        "excellent_mark",
        "converted_factor",
        "domain",
        "categories",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown checklist fields: {sorted(unknown)}")
    template.is_current = False
    template.save(update_fields=["is_current"])
    new = ChecklistTemplate(
        code=template.code,
        version=template.version + 1,
        name=changes.get("name", template.name),
        description=changes.get("description", template.description),
        pass_mark=changes.get("pass_mark", template.pass_mark),
        converted_factor=changes.get("converted_factor", template.converted_factor),
        purpose=template.purpose,
        excellent_mark=changes.get("excellent_mark", template.excellent_mark),
        domain=changes.get("domain", template.domain),
        is_current=True,
    )
    new.full_clean()
    new._history_user = user
    new.save()
    new.categories.set(changes.get("categories", template.categories.all()))
    source = (
        items
        if items is not None
        else [{f: getattr(i, f) for f in ITEM_FIELDS} for i in template.items.all()]
    )
    new_items = [ChecklistItem(template=new, **item) for item in source]
    for item in new_items:
        item.full_clean(exclude=["template"])
    ChecklistItem.objects.bulk_create(new_items)
    if new.pass_mark > new.total_points:
        raise ValidationError(
            {
                "pass_mark": f"合格分 {new.pass_mark.normalize():f} 超过总分 {new.total_points.normalize():f}。"
            }
        )
    return new


def checklist_scores_check(checklist, scores) -> dict:
    """Problems with ``scores`` ({item id: (score, note)}) for ``checklist``: every item
    scored once, within 0..max. A score of None marks an item not applicable (合理缺项),
    which only an inspection checklist allows (a case review scores every item), and not
    every item of a sheet can be. Returns {"scores": [messages]} or {}. Shared by
    inspections and case review."""
    items = {item.pk: item for item in checklist.items.all()}
    problems = []
    unknown = set(scores) - set(items)
    if unknown:
        problems.append(f"评分项目不属于“{checklist}”：{sorted(unknown)}。")
    missing = [items[pk] for pk in items if pk not in scores]
    if missing:
        problems.append(f"还有 {len(missing)} 项未评分（如“{missing[0].content[:20]}”）。")
    may_skip = checklist.purpose == ChecklistPurpose.INSPECTION
    skipped = 0
    for pk, (score, _note) in scores.items():
        item = items.get(pk)
        if item is None:
            continue
        if score is None:
            skipped += 1
            if not may_skip:
                problems.append(
                    f"“{item.content[:20]}”未评分（{checklist.name}的项目不能不适用）。"
                )
            continue
        try:
            value = Decimal(str(score))
        except (InvalidOperation, ValueError):
            problems.append(f"“{item.content[:20]}”的得分“{score}”不是数字。")
            continue
        if value < 0 or value > item.max_points:
            problems.append(
                f"“{item.content[:20]}”的得分应在 0 到 {item.max_points.normalize():f} 之间。"
            )
    if items and skipped == len(items):
        problems.append("所有项目都不适用，无法评分；不使用评分表时请选择“不使用评分表”。")
    return {"scores": problems} if problems else {}


def score_rows(scores) -> list[tuple]:
    """The rows to keep from ``scores`` ({item id: (score or None, note)}): (item id, score,
    note, not applicable); an item not applicable is kept with a score of 0."""
    return [
        (pk, Decimal("0") if score is None else Decimal(str(score)), note or "", score is None)
        for pk, (score, note) in scores.items()
    ]
