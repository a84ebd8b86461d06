from django.core.exceptions import ValidationError
from django.db import transaction

from inspections.models import ChecklistItem, ChecklistTemplate

ITEM_FIELDS = ("section", "subsection", "content", "max_points", "guidance", "order")


@transaction.atomic
def checklist_revise(
    *, template: ChecklistTemplate, user, items=None, **changes
) -> ChecklistTemplate:
    """Make a new version of a checklist; the old one stays as it was for the inspections
    scored with it. ``items``: list of dicts with ITEM_FIELDS (default: copy the old ones)."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_current:
        raise ValidationError({"template": "只能修订现行版本。"})
    allowed = {"name", "description", "pass_mark", "converted_factor"}
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
        is_current=True,
    )
    new.full_clean()
    new._history_user = user
    new.save()
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
