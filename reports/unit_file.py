"""reports' section of the unit's file (premises/unit_file.py): the information cards
(信息卡) about the unit, its inspections and its cases, reported or still due or late.
Registered in ReportsConfig.ready(); a fixed number of queries (one per card kind, the
calendar and the reports made), whatever the number of records."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from core.calendar import WorkingDays
from premises.unit_file import Entry, Section, register_section
from reports.models import CardKind, InfoCardReport
from reports.models.cards import (
    DUE,
    LATE,
    RULES,
    STATES,
    late_condition,
    today,
    unreported,
)

VIEW = "reports.view_infocardreport"
ADD = "reports.add_infocardreport"
UNREPORTED_SHOWN = 10

# Which of a kind's records are about the unit.
_ABOUT_UNIT = {
    CardKind.UNIT: lambda unit: Q(pk=unit.pk),
    CardKind.INSPECTION: lambda unit: Q(establishment=unit),
    CardKind.CASE_DECISION: lambda unit: Q(establishment=unit),
    CardKind.CASE_CLOSURE: lambda unit: Q(establishment=unit),
    CardKind.CASE_SINGLE: lambda unit: Q(establishment=unit),
}


def _record_label(kind, record) -> str:
    if kind == CardKind.UNIT:
        return record.name
    if kind == CardKind.INSPECTION:
        return f"{record.inspected_at:%Y-%m-%d} {record.get_kind_display()}"
    return record.number


def _unreported(establishment, may_record) -> list[dict]:
    """The unit's records whose card is not reported yet, oldest first, with ``late``."""
    calendar, on = WorkingDays(), today()
    rows = []
    for kind, about in _ABOUT_UNIT.items():
        rule = RULES[kind]
        late = late_condition(rule, on, calendar)
        records = unreported(rule).filter(about(establishment))  # REPORTING_SINCE applied there
        for record in records.annotate(late=ExpressionWrapper(late, BooleanField())):
            record_url = ""
            if may_record:
                record_url = reverse(
                    "reports:reporting_record", kwargs={"kind": kind.value, "object_id": record.pk}
                )
            rows.append(
                {
                    "kind": kind.label,
                    "record": _record_label(kind, record),
                    "url": record.get_absolute_url(),
                    "event_on": record.event_on,
                    "state": STATES[LATE if record.late else DUE],
                    "late": record.late,
                    "record_url": record_url,
                }
            )
    rows.sort(key=lambda r: (not r["late"], r["event_on"]))
    return rows


def _reported(establishment) -> list[InfoCardReport]:
    about = (
        Q(establishment=establishment)
        | Q(inspection__establishment=establishment, inspection__voided_at__isnull=True)
        | Q(case__establishment=establishment)
    )
    return list(
        InfoCardReport.objects.filter(about)
        .select_related("establishment", "inspection", "case", "reported_by")
        .order_by("-reported_on", "-id")
    )


def _card_record(card):
    if card.inspection_id:
        kind = CardKind.INSPECTION
        return _record_label(kind, card.inspection), card.inspection.get_absolute_url()
    if card.case_id:
        return card.case.number, card.case.get_absolute_url()
    return card.establishment.name, ""


def cards_section(establishment, request):
    if not request.user.has_perm(VIEW):
        return None
    reported = _reported(establishment)
    entries = []
    for card in reported:
        card.record_label, card.record_url = _card_record(card)
        entries.append(
            Entry(
                day=card.reported_on,
                title="报告信息卡",
                text=f"{card.get_kind_display()}：{card.record_label}",
                url=card.record_url,
            )
        )
    unreported = _unreported(establishment, request.user.has_perm(ADD))
    late = sum(r["late"] for r in unreported)
    return Section(
        title="信息报告（信息卡）",
        template="reports/unit_file/_cards.html",
        context={
            "reported": reported,
            "unreported": unreported[:UNREPORTED_SHOWN],
            "unreported_count": len(unreported),
            "late": late,
            "overview_url": reverse("reports:reporting"),
        },
        count=len(reported),
        alert=f"{late} 张逾期未报" if late else "",
        entries=entries,
    )


def register():
    register_section("cards", cards_section, order=70, label="信息卡")
