"""Reports' tables: the saved summaries' list, the reporting-upward lists, and how a
drill-down lists each kind of record behind a figure — the columns (page and .xlsx) taken
from the apps' own tables (premises, inspections, licensing, penalties: a unit, an
inspection or a permit is shown as on its own list), the default order, the related rows
fetched with the page, and the path from the record to its unit's category (to narrow the
list to a cell of table 1)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Max, Model, QuerySet
from django.urls import reverse
from django.utils.html import format_html

from core.tables import Column, Table, count, date, date_column, date_time, person, unit
from inspections.models import Complaint, Inspection, Sample, SupervisionOpinion
from inspections.tables import COMPLAINTS, DRAWS, INSPECTIONS, OPINIONS
from licensing.health.models import HealthCertificate
from licensing.models import Application, Consultation, Permit
from licensing.tables import APPLICATIONS, CONSULTATIONS, PERMITS
from penalties.models import PenaltyCase
from penalties.tables import CASES
from premises.models import Establishment, Practitioner
from premises.tables import ESTABLISHMENTS, PRACTITIONERS
from reports.models import CardKind

# ---------------------------------------------------------------- saved summaries

SUMMARIES = Table(
    Column("title", "标题", attrgetter("title"), ("title",), link=True, width=40),
    date_column("start", "统计起始"),
    date_column("end", "统计截止"),
    Column("domain", "监督专业", lambda r: r.domain.name if r.domain else "全部专业", width=14),
    Column("township", "乡镇（街道）", lambda r: r.township.name if r.township else "", width=14),
    Column("status", "状态", lambda r: r.get_status_display(), ("status",), width=8),
    Column(
        "computed_at",
        "数据计算时间",
        attrgetter("computed_at"),
        ("computed_at",),
        width=18,
        kind=date_time,
    ),
    person("created_by", "编写人", "created_by", width=10),
)

# ---------------------------------------------------------------- drill-downs


@dataclass(frozen=True)
class RecordKind:
    label: str
    model: type[Model]
    columns: Table
    default_sort: str
    # record → its unit ("" for a unit itself), for the table-1 narrowing by kind: of all
    # domains by the unit's main kind; of a domain by the unit's kind there (main or
    # further), or an inspection's by the kind it was made under (``inspected_kind``)
    unit_path: str
    inspected_kind: str | None = None  # record → the kind its inspection was made under
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    decorate: Callable[[list], list] | None = None
    export_annotate: dict = field(default_factory=dict)
    # What the records' own list adds to its queryset for its columns (e.g. a permit's
    # status today: PermitQuerySet.with_state), applied to the page and the export.
    prepare: Callable[[QuerySet], QuerySet] | None = None


def _latest_exams(practitioners: list) -> list:
    """Each practitioner's latest health-examination date, for one page (one query)."""
    latest = dict(
        HealthCertificate.objects.filter(practitioner__in=[p.pk for p in practitioners])
        .order_by()
        .values("practitioner")
        .annotate(last=Max("exam_date"))
        .values_list("practitioner", "last")
    )
    for p in practitioners:
        p.latest_exam = latest.get(p.pk)
    return practitioners


# Samples have no list of their own: their columns are declared here.
SAMPLES = Table(
    Column("taken_at", "采样时间", attrgetter("taken_at"), ("taken_at",), width=16, kind=date_time),
    unit("inspection.establishment"),
    Column("sample_type", "样品类型", attrgetter("sample_type"), ("sample_type",)),
    Column("location", "采样点", attrgetter("location"), width=16),
    Column("verdict", "结论", lambda s: s.get_verdict_display(), ("verdict",), width=8),
)

UNIT = RecordKind(
    label="被监督单位",
    model=Establishment,
    default_sort="name",
    unit_path="",
    related=("category", "township"),
    columns=ESTABLISHMENTS.pick(
        "name", "credit_code", "category", "township", "status", "opened_on", "address"
    ),
)

INSPECTION = RecordKind(
    label="监督检查",
    model=Inspection,
    default_sort="-inspected_at",
    unit_path="establishment__",
    inspected_kind="category",
    related=("establishment__township", "category__domain"),
    prefetch=("inspectors",),
    columns=INSPECTIONS.pick(
        "inspected_at", "establishment", "township", "kind", "domain", "result", "inspectors"
    ),
)

PRACTITIONER = RecordKind(
    label="从业人员",
    model=Practitioner,
    default_sort="establishment",
    unit_path="establishment__",
    related=("establishment",),
    decorate=_latest_exams,
    export_annotate={"latest_exam": Max("health_certificates__exam_date")},
    columns=PRACTITIONERS.pick("name", "id_number", "establishment", "post", "hired_on", "left_on")
    + (
        Column(
            "latest_exam",
            "最近体检日期",
            lambda p: getattr(p, "latest_exam", None),
            width=12,
            kind=date,
        ),
    ),
)

OPINION = RecordKind(
    label="卫生监督意见书",
    model=SupervisionOpinion,
    default_sort="-issued_at",
    unit_path="inspection__establishment__",
    inspected_kind="inspection__category",
    related=("inspection__establishment",),
    columns=OPINIONS.pick("number", "establishment", "issued_at", "deadline", "status"),
)

SAMPLE = RecordKind(
    label="检测样品",
    model=Sample,
    default_sort="-taken_at",
    unit_path="inspection__establishment__",
    inspected_kind="inspection__category",
    related=("inspection__establishment",),
    columns=SAMPLES,
)

APPLICATION = RecordKind(
    label="许可申请",
    model=Application,
    default_sort="-received_on",
    unit_path="establishment__",
    related=("establishment", "permit_type"),
    columns=APPLICATIONS.pick(
        "receipt_number", "received_on", "establishment", "permit_type", "kind", "path", "status"
    ).change("path", html=True),
)

CONSULTATION = RecordKind(
    label="许可咨询",
    model=Consultation,
    default_sort="-consulted_on",
    unit_path="establishment__",
    related=("establishment", "answered_by"),
    columns=CONSULTATIONS,
)

COMPLAINT = RecordKind(
    label="投诉举报",
    model=Complaint,
    default_sort="-received_at",
    unit_path="establishment__",
    related=("establishment", "domain", "assigned_to"),
    columns=COMPLAINTS,
)

PERMIT = RecordKind(
    label="卫生许可证",
    model=Permit,
    default_sort="-issued_on",
    unit_path="establishment__",
    related=("establishment", "permit_type"),
    columns=PERMITS.pick(
        "number", "issued_on", "establishment", "permit_type", "expires_on", "state"
    ),
    prepare=lambda permits: permits.with_state(),
)

CASE = RecordKind(
    label="行政处罚案件",
    model=PenaltyCase,
    default_sort="-filed_on",
    unit_path="establishment__",
    related=("violation",),
    columns=CASES.pick("number", "filed_on", "party_name", "violation", "status")
    + (date_column("decided_on", "决定日期"),),
)


RECORD_KINDS = {
    "establishment": UNIT,
    "inspection": INSPECTION,
    "practitioner": PRACTITIONER,
    "opinion": OPINION,
    "sample": SAMPLE,
    "application": APPLICATION,
    "consultation": CONSULTATION,
    "complaint": COMPLAINT,
    "permit": PERMIT,
    "case": CASE,
}


# ---------------------------------------------------------------- reporting upward


def _days_left(deadline, today) -> str:
    days = (deadline - today).days
    if days > 0:
        return f"剩 {days} 天"
    if days == 0:
        return "今日到期"
    return f"逾期 {-days} 天"


def _timeliness(deadline, reported_on) -> str:
    late = (reported_on - deadline).days
    return "按期" if late <= 0 else f"逾期 {late} 天"


def card_record_columns(kind) -> Table:
    """The columns of the record a card is about, as on the record's own list."""
    if kind == CardKind.UNIT:
        return ESTABLISHMENTS.pick("name", "credit_code", "township") + (
            Column(
                "event",
                "起算事项",
                lambda o: "首次发证" if o.event_on == o.first_permit_on else "首次监督检查",
            ),
        )
    if kind == CardKind.INSPECTION:
        return INSPECTIONS.pick("establishment", "kind", "result").change(
            "establishment", link=True
        )
    if kind == CardKind.CASE_SINGLE:
        return CASES.pick("number", "party_name") + (
            Column("procedure", "程序", lambda o: o.get_procedure_display()),
            Column("outcome", "结案类型", lambda o: o.get_outcome_display()),
        )
    if kind in (CardKind.CASE_DECISION, CardKind.CASE_CLOSURE):
        columns = CASES.pick("number", "party_name", "decision_number").change(
            "decision_number", html=True
        )
        if kind == CardKind.CASE_DECISION:
            columns += (
                Column(
                    "event",
                    "生效依据",
                    lambda o: "送达" if o.served_on else "决定（未登记送达）",
                ),
            )
        return columns
    return DRAWS.pick("name") + (
        Column("assignments", "抽查户数", attrgetter("assignment_count"), kind=count),
    )


def card_columns(kind, rule, *, state_reported, deadline, today, can_record) -> Table:
    """A reporting list: the record's columns, its event and deadline, then when it was
    reported (reported cards) or the days left and, for who may, the record buttons."""
    event_order = ("inspected_at",) if kind == CardKind.INSPECTION else ("event_on",)
    columns = card_record_columns(kind) + (
        Column("event_on", rule.date_label, attrgetter("event_on"), event_order, kind=date),
        Column("deadline", "报告期限", deadline, kind=date),
    )
    if state_reported:
        return columns + (
            Column(
                "reported_on",
                "报告日期",
                attrgetter("card_reported_on"),
                ("card_reported_on",),
                kind=date,
            ),
            Column("reference", "系统编号或公示网址", attrgetter("card_reference"), width=30),
            Column(
                "timeliness",
                "报告时限",
                lambda o: _timeliness(deadline(o), o.card_reported_on),
            ),
        )
    columns += (Column("days_left", "剩余/逾期", lambda o: _days_left(deadline(o), today)),)
    if can_record:

        def record_link(obj):
            url = reverse("reports:reporting_record", kwargs={"kind": kind, "object_id": obj.pk})
            return format_html('<a class="button" href="{}">登记报告</a>', url)

        def checkbox(obj):
            return format_html(
                '<input type="checkbox" name="ids" value="{}" form="bulk-record" '
                'aria-label="选择 {}">',
                obj.pk,
                obj,
            )

        columns += (
            Column("record", "登记报告", record_link, export=False),
            Column("pick", "选择", checkbox, export=False),
        )
    return columns
