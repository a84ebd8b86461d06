"""The radiation register's figures for seed 004's 汇总表 1 (医疗机构放射诊疗工作监督检查情况汇总表):
what the 放射卫生重点监督检查计划 checks — 放射工作人员的职业健康监护 (workers, dose monitoring,
examinations), 放射诊疗建设项目职业病危害评价 (projects and their assessments), 《放射工作人员证》
— and the devices, for the radiation units of one scope (a period, a township or all), by
the kind each unit counts under in the radiation domain.

Definitions (the units are those of ``RecordSets(scope).units()``: radiation units by main
kind or by a further domain, operating at some time in the period):
- devices: in use at some time in the period (installed by its last day, not retired
  before its first);
- workers: doing radiation work at some time in the period;
- monitored: workers with a dose reading whose period ends in the period; over the limit:
  of those, with a reading flagged over the dose limits (premises.DoseLimit);
- examined: workers with an occupational health examination dated in the period;
- certified: workers holding a 放射工作人员证 valid on the period's last day (or on the day
  they left radiation work, if they left in the period);
- projects: begun by the period's last day (the first of its assessment dates, else the day
  it was registered) and not accepted (竣工验收) before its first;
  pre-assessed / control-assessed: of those, with a 预评价 / 控制效果评价 report dated by the
  period's last day; accepted: 竣工验收 dated in the period.

A fixed number of queries whatever the data size (one per figure family).
"""

from collections import Counter, defaultdict

from django.utils import timezone

from premises.models import (
    DoseReading,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from reports.sets import RecordSets

FIGURES = (
    "devices",
    "workers",
    "monitored",
    "over_limit",
    "examined",
    "certified",
    "projects",
    "pre_assessed",
    "control_assessed",
    "accepted",
)


def register_figures(records: RecordSets) -> dict:
    """``{kind_pk: {figure: count}}`` for the scope of ``records`` (a radiation scope)."""
    start, end = records.start, records.end
    kind_of = dict(records.units_by_kind().values_list("pk", "kind"))
    units = list(kind_of)
    figures: dict = defaultdict(Counter)

    def add(figure, unit_ids):
        for unit_id in unit_ids:
            figures[kind_of.get(unit_id)][figure] += 1

    add(
        "devices",
        RadiationDevice.objects.filter(establishment__in=units)
        .in_use_between(start, end)
        .values_list("establishment_id", flat=True),
    )
    workers = list(
        RadiationWorker.objects.filter(establishment__in=units)
        .working_between(start, end)
        .values_list(
            "pk", "establishment_id", "left_on", "certificate_issued_on", "certificate_valid_until"
        )
    )
    unit_of = {pk: unit for pk, unit, *_ in workers}
    add("workers", unit_of.values())
    for _pk, unit, left_on, issued, valid_until in workers:
        day = left_on if left_on and left_on < end else end
        if issued and issued <= day and (valid_until is None or valid_until >= day):
            add("certified", [unit])
    readings = (
        DoseReading.objects.filter(worker__in=unit_of, period_end__range=(start, end))
        .order_by()
        .values_list("worker_id", "over_limit")
    )
    monitored, over = set(), set()
    for worker_id, over_limit in readings:
        monitored.add(worker_id)
        if over_limit:
            over.add(worker_id)
    add("monitored", [unit_of[w] for w in monitored])
    add("over_limit", [unit_of[w] for w in over])
    examined = (
        RadiationExam.objects.filter(worker__in=unit_of, examined_on__range=(start, end))
        .order_by()
        .values_list("worker_id", flat=True)
        .distinct()
    )
    add("examined", [unit_of[w] for w in examined])
    projects = RadiationProject.objects.filter(establishment__in=units).values_list(
        "establishment_id",
        "recorded_at",
        "pre_assessed_on",
        "pre_approved_on",
        "control_assessed_on",
        "accepted_on",
    )
    for unit, recorded_at, pre, approved, control, accepted in projects:
        dated = [d for d in (pre, approved, control, accepted) if d]
        begun = min(dated) if dated else timezone.localtime(recorded_at).date()
        if begun > end or (accepted and accepted < start):
            continue
        add("projects", [unit])
        if pre and pre <= end:
            add("pre_assessed", [unit])
        if control and control <= end:
            add("control_assessed", [unit])
        if accepted and start <= accepted <= end:
            add("accepted", [unit])
    return figures
