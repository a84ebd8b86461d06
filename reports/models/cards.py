"""Reporting upward (全国卫生监督信息报告系统): which information cards (信息卡) are due and
which are late (recording that one was reported: reports.services.card_report).

Each card kind has a rule: the record it is about, the event that starts its clock, and a
limit in working days. A card is due from its event until the limit's last day, late after
it, and neither once reported. Working days follow core.calendar.WorkingDays (weekends,
holidays and 调休 kept as data in core.models.CalendarDay).

The lists are SQL filters, never loops over all rows: deadlines grow with the event date
(adding working days is monotonic), so for today there is one latest event date whose
deadline has passed (the cutoff); late = not reported and event on or before the cutoff,
due = not reported and event after it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from core.calendar import WorkingDays
from inspections.models import DrawAssignment, Inspection, RandomDraw
from licensing.choices import PermitOrigin
from licensing.models import Permit
from penalties.choices import TERMINAL_OUTCOMES, Procedure
from penalties.models import PenaltyCase
from premises.models import Establishment
from reports.models.reporting import CardKind, InfoCardReport

# Limits in working days. Source: 《卫生监督信息报告管理规定》 (原卫生部, 2011), as summarised
# in DOMAIN.md "Reporting upward": the 被监督单位信息卡 within 5 working days of licensing or
# of the first inspection; the 监督检查信息卡 within 5 working days of the inspection; the
# 案件查处信息卡 twice ("一案一卡两次报告"), within 5 working days of the decision taking
# effect and again within 5 working days of closure.
UNIT_DAYS = 5
INSPECTION_DAYS = 5
CASE_DECISION_DAYS = 5
CASE_CLOSURE_DAYS = 5
# A simple-procedure case and a case closed without a penalty decision are reported once,
# within 5 working days of closure (issue #17; same source).
CASE_SINGLE_DAYS = 5
# 双随机、一公开: results made public within 20 working days of the end of the inspections
# (国务院办公厅《关于推广随机抽查规范事中事后监管的通知》, 国办发〔2015〕58号, and the
# health sector's random-inspection rules; DOMAIN.md "Reporting upward").
DRAW_PUBLICATION_DAYS = 20

DUE, LATE, REPORTED = "due", "late", "reported"
STATES = {DUE: "待报告", LATE: "已逾期", REPORTED: "已报告"}


def tracking_since() -> datetime.date | None:
    """settings.REPORTING_SINCE: events before this day are not listed as due or late (what
    was reported before the office used Weijian is not recorded here)."""
    value = getattr(settings, "REPORTING_SINCE", "")
    return datetime.date.fromisoformat(value) if value else None


def today() -> datetime.date:
    """Today in the office's time zone (one place, so tests can move the clock)."""
    return timezone.localdate()


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


# ---------------------------------------------------------------- the rules


def _units():
    first_permit = Subquery(
        Permit.objects.filter(establishment=OuterRef("pk"))
        .order_by("issued_on")
        .values("issued_on")[:1]
    )
    registered_first = Permit.objects.filter(
        establishment=OuterRef("pk"),
        origin=PermitOrigin.REGISTERED,
        issued_on__lte=OuterRef("event_on"),
    )
    first_visit = Subquery(
        Inspection.objects.filter(establishment=OuterRef("pk"))
        .order_by("inspected_at")
        .annotate(day=TruncDate("inspected_at"))
        .values("day")[:1]
    )
    # Least() of a NULL is NULL on SQLite: give each side the other as a fallback.
    return (
        # 被监督单位信息卡: registered units only (no card for a 家庭, 社区, 行政村 or a
        # person registered for 无证行医; a case against a person has its own card).
        Establishment.objects.units()
        .annotate(first_permit_on=first_permit, first_visit_on=first_visit)
        .annotate(
            event_on=Least(
                Coalesce("first_permit_on", "first_visit_on"),
                Coalesce("first_visit_on", "first_permit_on"),
            )
        )
        .filter(event_on__isnull=False)
        # A unit first known by a registered permit (补录: issued before the office used
        # Weijian) is no new unit: its card belonged to the permit's time, so nothing is
        # due for it, and a later inspection does not make it new (issue #19: 106 "late"
        # cards came from permits registered from 2021).
        .filter(~Exists(registered_first))
        .select_related("township")
    )


def _units_not_due(units: list) -> dict:
    """Units first known by a registered (补录) permit: they are not new units."""
    first = {}
    for permit in Permit.objects.filter(establishment__in=units).order_by("issued_on", "pk"):
        first.setdefault(permit.establishment_id, permit)
    return {
        unit: f"“{unit}”首次登记的是补录的许可证（{permit.number}，{permit.issued_on:%Y-%m-%d} "
        "发证，系统启用前已持证），不是新单位，无需报告被监督单位信息卡。"
        for unit in units
        if (permit := first.get(unit.pk)) is not None and permit.origin == PermitOrigin.REGISTERED
    }


def _inspections():
    return Inspection.objects.annotate(event_on=TruncDate("inspected_at")).select_related(
        "establishment"
    )


def _decided_cases():
    # The decision takes effect when it is served on the party (送达): served_on when
    # recorded, else the decision date (decided_on). Ordinary procedure only: a simple
    # case has its one card (_single_cases).
    return PenaltyCase.objects.filter(
        decided_on__isnull=False, procedure=Procedure.ORDINARY
    ).annotate(event_on=Coalesce("served_on", "decided_on"))


def _closed_cases():
    # Only cases closed after a penalty decision: a case ended without one (不予处罚,
    # 撤销立案, 移送) has no decision card to follow up.
    return PenaltyCase.objects.filter(
        decided_on__isnull=False, closed_on__isnull=False, procedure=Procedure.ORDINARY
    ).annotate(event_on=F("closed_on"))


def _single_cases():
    # One card at closure: a simple-procedure case, or a case that ended without a penalty
    # decision after filing (不予行政处罚, 撤销立案, 移送; 不予立案 was never a case).
    return PenaltyCase.objects.filter(
        Q(procedure=Procedure.SIMPLE) | Q(decided_on__isnull=True, outcome__in=TERMINAL_OUTCOMES),
        closed_on__isnull=False,
    ).annotate(event_on=F("closed_on"))


def _draws():
    uninspected = DrawAssignment.objects.filter(draw=OuterRef("pk")).filter(
        ~Exists(Inspection.objects.filter(draw_assignment=OuterRef("pk")))
    )
    last_visit = Subquery(
        Inspection.objects.filter(draw_assignment__draw=OuterRef("pk"))
        .order_by("-inspected_at")
        .annotate(day=TruncDate("inspected_at"))
        .values("day")[:1]
    )
    return RandomDraw.objects.annotate(
        event_on=last_visit, assignment_count=_assignment_count()
    ).filter(~Exists(uninspected), event_on__isnull=False)


def _assignment_count():
    return Subquery(
        DrawAssignment.objects.filter(draw=OuterRef("pk"))
        .order_by()
        .values("draw")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


@dataclass(frozen=True)
class Rule:
    kind: str
    days: int
    field: str  # the InfoCardReport foreign key naming the record
    records: Callable  # → queryset of the records that have their event, with event_on
    record_label: str
    event_label: str
    date_label: str  # the event's date, as a column header and in messages
    # Filter for "event on or before the day": inspections compare their time stamp, so
    # the index on inspected_at serves the lists.
    on_or_before: Callable[[datetime.date], Q] = lambda day: Q(event_on__lte=day)
    # Why records without their event owe no card, when it is not simply "not yet": a
    # record → message map for the records given (one query).
    not_due: Callable[[list], dict] = lambda records: {}

    @property
    def label(self) -> str:
        return CardKind(self.kind).label

    @property
    def description(self) -> str:
        verb = "公示" if self.kind == CardKind.DRAW_PUBLICATION else "报告"
        return f"{self.event_label}后 {self.days} 个工作日内{verb}"


RULES = {
    CardKind.UNIT: Rule(
        CardKind.UNIT,
        UNIT_DAYS,
        "establishment",
        _units,
        "单位",
        "首次发证或首次监督检查",
        "起算日期",
        not_due=_units_not_due,
    ),
    CardKind.INSPECTION: Rule(
        CardKind.INSPECTION,
        INSPECTION_DAYS,
        "inspection",
        _inspections,
        "监督检查",
        "监督检查",
        "检查日期",
        on_or_before=lambda day: Q(inspected_at__lt=_day_start(day + datetime.timedelta(days=1))),
    ),
    CardKind.CASE_DECISION: Rule(
        CardKind.CASE_DECISION,
        CASE_DECISION_DAYS,
        "case",
        _decided_cases,
        "案件",
        "处罚决定生效（送达）",
        "决定生效日期",
    ),
    CardKind.CASE_CLOSURE: Rule(
        CardKind.CASE_CLOSURE,
        CASE_CLOSURE_DAYS,
        "case",
        _closed_cases,
        "案件",
        "结案",
        "结案日期",
    ),
    CardKind.CASE_SINGLE: Rule(
        CardKind.CASE_SINGLE,
        CASE_SINGLE_DAYS,
        "case",
        _single_cases,
        "案件",
        "结案",
        "结案日期",
    ),
    CardKind.DRAW_PUBLICATION: Rule(
        CardKind.DRAW_PUBLICATION,
        DRAW_PUBLICATION_DAYS,
        "draw",
        _draws,
        "双随机抽查",
        "抽查任务全部检查完毕（最后一户检查）",
        "最后一户检查日期",
    ),
}


def rule_for(kind) -> Rule:
    try:
        return RULES[CardKind(kind)]
    except ValueError:
        raise ValidationError({"kind": f"没有“{kind}”这类信息报告。"}) from None


def _report_of(rule: Rule):
    return InfoCardReport.objects.filter(kind=rule.kind, **{rule.field: OuterRef("pk")})


def unreported(rule: Rule):
    """The records of ``rule`` whose card is owed: not reported, and with their event on
    or after REPORTING_SINCE (due or late: in_state splits them)."""
    qs = rule.records().filter(~Exists(_report_of(rule)))
    since = tracking_since()
    if since is not None:  # records from before the office tracked its reports
        qs = qs.exclude(rule.on_or_before(since - datetime.timedelta(days=1)))
    return qs


def late_condition(rule: Rule, on: datetime.date, calendar=None) -> Q:
    """The filter of the records whose deadline passed before ``on``."""
    return rule.on_or_before((calendar or WorkingDays()).cutoff(rule.days, on))


def in_state(kind, state: str, *, on: datetime.date | None = None, calendar=None):
    """The records of ``kind`` in ``state`` (due, late or reported) on day ``on``, each
    with ``event_on``; reported ones also with ``card_reported_on`` and ``card_reference``."""
    rule = rule_for(kind)
    report = _report_of(rule)
    qs = rule.records()
    if state == REPORTED:
        return qs.filter(Exists(report)).annotate(
            card_reported_on=Subquery(report.values("reported_on")[:1]),
            card_reference=Subquery(report.values("reference")[:1]),
        )
    if state not in (DUE, LATE):
        raise ValidationError({"state": f"状态“{state}”不对，应为 due、late 或 reported。"})
    late = late_condition(rule, on or today(), calendar)
    qs = unreported(rule)
    return qs.filter(late) if state == LATE else qs.exclude(late)


def overview(*, on: datetime.date | None = None) -> list[dict]:
    """Per kind: due, late (from REPORTING_SINCE, as the lists) and reported this year (a
    query per kind, plus the calendar and one for the reports)."""
    on = on or today()
    calendar = WorkingDays()
    reported = dict(
        InfoCardReport.objects.filter(reported_on__year=on.year)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    rows = []
    for kind, rule in RULES.items():
        late = late_condition(rule, on, calendar)
        counts = unreported(rule).aggregate(
            late=Count("pk", filter=late), due=Count("pk", filter=~late)
        )
        rows.append(
            {
                "kind": kind.value,
                "label": rule.label,
                "rule": rule.description,
                "days": rule.days,
                "due": counts["due"],
                "late": counts["late"],
                "reported": reported.get(kind.value, 0),
            }
        )
    return rows


def event_of(kind, record) -> datetime.date | None:
    """The day the record's clock started, or None when nothing is due for it yet."""
    rule = rule_for(kind)
    return rule.records().filter(pk=record.pk).values_list("event_on", flat=True).first()
