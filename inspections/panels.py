"""Sections inspections adds to its own inspection page (core/panels.py): the on-site
records (现场笔录, 询问笔录, 复查记录) made from it, and a warning when an officer of the
inspection held no valid enforcement certificate (执法证) on its date."""

from core.panels import Panel
from inspections.models import PaperKind
from inspections.services.records import certificate_warnings


def onsite_records_panel(inspection, request):
    if not request.user.has_perm("inspections.view_onsiterecord"):
        return None
    records = list(
        inspection.onsite_records.select_related("superseded_by").order_by("kind", "version", "pk")
    )
    kinds = [
        (value, label)
        for value, label in PaperKind.choices
        if value != PaperKind.FOLLOW_UP or inspection.kind == "follow_up"
    ]
    return Panel(
        title=f"现场文书（{len(records)}）",
        template="inspections/_records_panel.html",
        context={
            "inspection": inspection,
            "records": records,
            "kinds": kinds,
            "warnings": certificate_warnings(inspection),
            "can_make": request.user.has_perm("inspections.add_onsiterecord"),
        },
        order=10,
    )
