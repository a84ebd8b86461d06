"""Reports' tables: the saved summaries' list and how a
drill-down lists each kind of record behind a figure — the columns (page and .xlsx) taken
from the apps' own tables (premises, inspections, licensing, penalties: a unit, an
inspection or a permit is shown as on its own list), the default order, the related rows
fetched with the page, and the path from the record to its unit's category (to narrow the
list to a cell of table 1). The reporting-upward lists and the cards' fields are
reports.tables.cards'."""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Max, Model, QuerySet

from core.tables import (
    Column,
    Table,
    date,
    date_column,
    date_time,
    long_date_time,
    person,
    unit,
)
from inspections.models import (
    Complaint,
    DrawAssignment,
    Inspection,
    RandomDraw,
    Sample,
    SupervisionOpinion,
)
from inspections.tables import COMPLAINTS, DRAWS, INSPECTIONS, OPINIONS
from licensing.health.models import HealthCertificate, TrainingAttendance, TrainingSession
from licensing.health.tables import TRAININGS
from licensing.models import Application, Consultation, Permit
from licensing.tables import APPLICATIONS, CONSULTATIONS, PERMITS
from penalties.models import PenaltyCase
from penalties.tables import CASES
from premises.models import Establishment, Practitioner
from premises.tables import ESTABLISHMENTS, PRACTITIONERS

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
    related=("establishment", "post"),
    decorate=_latest_exams,
    export_annotate={"latest_exam": Max("health_certificates__exam_date")},
    columns=PRACTITIONERS.pick(
        "name", "id_number", "establishment", "post", "serves_customers", "hired_on", "left_on"
    )
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

# ---------------------------------------------------------------- the office's work

OFFICER_VISIT = RecordKind(
    label="出动监督员",
    model=Inspection.inspectors.through,
    default_sort="-inspected_at",
    unit_path="inspection__establishment__",
    inspected_kind="inspection__category",
    related=("inspection__establishment__township", "inspection__category__domain", "user"),
    columns=Table(
        Column(
            "inspected_at",
            "检查时间",
            attrgetter("inspection.inspected_at"),
            ("inspection__inspected_at",),
            width=18,
            kind=long_date_time,
        ),
        unit("inspection.establishment", header="被检查单位"),
        Column("kind", "检查类型", lambda r: r.inspection.get_kind_display(), width=10),
        person("inspector", "监督员", "user", order_by=("user__last_name", "user__first_name")),
    ),
)

TRAINING_SESSION = RecordKind(
    label="卫生培训",
    model=TrainingSession,
    default_sort="date",
    unit_path="attendances__practitioner__establishment__",
    columns=TRAININGS.pick("date", "topic", "place", "organiser"),
)

TRAINING_ATTENDANCE = RecordKind(
    label="培训签到",
    model=TrainingAttendance,
    default_sort="date",
    unit_path="practitioner__establishment__",
    related=("session", "practitioner__establishment"),
    columns=Table(
        date_column("date", "培训日期", "session.date"),
        Column("topic", "培训内容", attrgetter("session.topic"), width=30),
        Column("practitioner", "从业人员", attrgetter("practitioner.name"), width=12),
        unit("practitioner.establishment"),
    ),
)

DRAW = RecordKind(
    label="双随机抽查",
    model=RandomDraw,
    default_sort="created_at",
    unit_path="assignments__establishment__",
    columns=DRAWS.pick("name", "created_at", "count"),
)

DRAW_ASSIGNMENT = RecordKind(
    label="抽查任务",
    model=DrawAssignment,
    default_sort="draw",
    unit_path="establishment__",
    related=("draw", "establishment__township", "inspector_a", "inspector_b"),
    columns=Table(
        Column(
            "draw",
            "双随机抽查",
            attrgetter("draw.name"),
            ("draw__created_at", "position"),
            width=24,
        ),  # fmt: skip
        Column("position", "序号", attrgetter("position"), width=6),
        unit(),
        person("inspector_a", "监督员一", "inspector_a"),
        person("inspector_b", "监督员二", "inspector_b"),
    ),
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
    "officer_visit": OFFICER_VISIT,
    "training_session": TRAINING_SESSION,
    "training_attendance": TRAINING_ATTENDANCE,
    "draw": DRAW,
    "draw_assignment": DRAW_ASSIGNMENT,
}
