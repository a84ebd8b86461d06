"""How a drill-down lists each kind of record behind a figure: the columns (page and
.xlsx), the default order, the related rows fetched with the page, and the path from the
record to its unit's category (to narrow the list to a cell of table 1)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Max, Model

from core.lists import Column
from core.people import display_name, display_names
from inspections.models import Inspection, Sample, SupervisionOpinion
from licensing.health.models import HealthCertificate
from licensing.models import Application, Consultation, Permit
from penalties.models import PenaltyCase
from premises.models import Establishment, Practitioner


@dataclass(frozen=True)
class RecordKind:
    label: str
    model: type[Model]
    columns: tuple[Column, ...]
    default_sort: str
    category_path: str  # record → its unit's category, for the table-1 narrowing
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    decorate: Callable[[list], list] | None = None
    export_annotate: dict = field(default_factory=dict)


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


TOWNSHIP_ORDER = ("establishment__township__order", "establishment__township__code")

UNIT = RecordKind(
    label="被监督单位",
    model=Establishment,
    default_sort="name",
    category_path="category",
    related=("category__parent", "township"),
    columns=(
        Column("name", "单位名称", lambda e: e.name, ("name",), link=True, width=30),
        Column(
            "credit_code", "统一社会信用代码", lambda e: e.credit_code, ("credit_code",), width=22
        ),
        Column(
            "category",
            "类别",
            lambda e: str(e.category),
            ("category__parent__order", "category__order"),
            width=24,
        ),
        Column("township", "乡镇（街道）", lambda e: e.township.name, ("township__order",)),
        Column("status", "当前状态", lambda e: e.get_status_display(), ("status",), width=8),
        Column("opened_on", "开业日期", lambda e: e.opened_on, ("opened_on",), width=12),
        Column("address", "地址", lambda e: e.address, html=False, width=30),
    ),
)

INSPECTION = RecordKind(
    label="监督检查",
    model=Inspection,
    default_sort="-inspected_at",
    category_path="establishment__category",
    related=("establishment__township",),
    prefetch=("inspectors",),
    columns=(
        Column("inspected_at", "检查时间", lambda i: i.inspected_at, ("inspected_at",), link=True),
        Column(
            "establishment",
            "被检查单位",
            lambda i: i.establishment.name,
            ("establishment__name",),
            width=30,
        ),
        Column("township", "乡镇（街道）", lambda i: i.establishment.township.name, TOWNSHIP_ORDER),
        Column("kind", "检查类型", lambda i: i.get_kind_display(), ("kind",), width=10),
        Column("result", "处理结果", lambda i: i.get_result_display(), ("result",), width=18),
        Column(
            "inspectors",
            "监督员",
            lambda i: display_names(i.inspectors.all()),
            width=18,
        ),
    ),
)

PRACTITIONER = RecordKind(
    label="从业人员",
    model=Practitioner,
    default_sort="establishment",
    category_path="establishment__category",
    related=("establishment",),
    decorate=_latest_exams,
    export_annotate={"latest_exam": Max("health_certificates__exam_date")},
    columns=(
        Column("name", "姓名", lambda p: p.name, ("name",), link=True, width=12),
        # Lists never show a full ID number, whoever reads them.
        Column("id_number", "身份证号码", lambda p: p.id_number_masked, width=22),
        Column(
            "establishment",
            "所在单位",
            lambda p: p.establishment.name,
            ("establishment__name",),
            width=30,
        ),
        Column("post", "岗位", lambda p: p.post, ("post",)),
        Column("hired_on", "入职日期", lambda p: p.hired_on, ("hired_on",), width=12),
        Column("left_on", "离职日期", lambda p: p.left_on, ("left_on",), width=12),
        Column("latest_exam", "最近体检日期", lambda p: getattr(p, "latest_exam", None), width=12),
    ),
)

OPINION = RecordKind(
    label="卫生监督意见书",
    model=SupervisionOpinion,
    default_sort="-issued_at",
    category_path="inspection__establishment__category",
    related=("inspection__establishment",),
    columns=(
        Column("number", "文号", lambda o: o.number, ("year", "sequence"), link=True, width=22),
        Column(
            "establishment",
            "单位",
            lambda o: o.inspection.establishment.name,
            ("inspection__establishment__name",),
            width=30,
        ),
        Column("issued_at", "签发时间", lambda o: o.issued_at, ("issued_at",), width=16),
        Column("deadline", "整改期限", lambda o: o.deadline, ("deadline",), width=12),
        Column("status", "状态", lambda o: o.get_status_display(), ("status",), width=8),
    ),
)

SAMPLE = RecordKind(
    label="检测样品",
    model=Sample,
    default_sort="-taken_at",
    category_path="inspection__establishment__category",
    related=("inspection__establishment",),
    columns=(
        Column("taken_at", "采样时间", lambda s: s.taken_at, ("taken_at",), width=16),
        Column(
            "establishment",
            "单位",
            lambda s: s.inspection.establishment.name,
            ("inspection__establishment__name",),
            width=30,
        ),
        Column("sample_type", "样品类型", lambda s: s.sample_type, ("sample_type",)),
        Column("location", "采样点", lambda s: s.location, width=16),
        Column("verdict", "结论", lambda s: s.get_verdict_display(), ("verdict",), width=8),
    ),
)

APPLICATION = RecordKind(
    label="许可申请",
    model=Application,
    default_sort="-received_on",
    category_path="establishment__category",
    related=("establishment", "permit_type"),
    columns=(
        Column(
            "receipt_number",
            "受理编号",
            lambda a: a.receipt_number,
            ("receipt_number",),
            link=True,
            width=22,
        ),
        Column("received_on", "受理日期", lambda a: a.received_on, ("received_on",), width=12),
        Column(
            "establishment",
            "申请单位",
            lambda a: a.establishment.name,
            ("establishment__name",),
            width=30,
        ),
        Column("permit_type", "许可类型", lambda a: a.permit_type.name, ("permit_type__code",)),
        Column("kind", "申请事项", lambda a: a.get_kind_display(), ("kind",), width=8),
        Column("path", "办理方式", lambda a: a.get_path_display(), ("path",), width=12),
        Column("status", "状态", lambda a: a.get_status_display(), ("status",), width=10),
    ),
)

CONSULTATION = RecordKind(
    label="许可咨询",
    model=Consultation,
    default_sort="-consulted_on",
    category_path="establishment__category",
    related=("establishment", "answered_by"),
    columns=(
        Column("consulted_on", "日期", lambda c: c.consulted_on, ("consulted_on",), width=12),
        Column("topic", "咨询事项", lambda c: c.topic, width=30),
        Column("visitor", "咨询人", lambda c: c.visitor, ("visitor",), width=12),
        Column(
            "establishment",
            "单位",
            lambda c: c.establishment.name if c.establishment_id else "",
            ("establishment__name",),
            width=30,
        ),
        Column("answered_by", "接待人", lambda c: display_name(c.answered_by), width=12),
    ),
)

PERMIT = RecordKind(
    label="卫生许可证",
    model=Permit,
    default_sort="-issued_on",
    category_path="establishment__category",
    related=("establishment", "permit_type"),
    columns=(
        Column("number", "许可证号", lambda p: p.number, ("number",), link=True, width=24),
        Column("issued_on", "发证日期", lambda p: p.issued_on, ("issued_on",), width=12),
        Column(
            "establishment",
            "单位",
            lambda p: p.establishment.name,
            ("establishment__name",),
            width=30,
        ),
        Column("permit_type", "许可类型", lambda p: p.permit_type.name, ("permit_type__code",)),
        Column("expires_on", "有效期至", lambda p: p.expires_on, ("expires_on",), width=12),
        Column("status", "状态", lambda p: p.get_status_display(), ("status",), width=8),
    ),
)


CASE = RecordKind(
    label="行政处罚案件",
    model=PenaltyCase,
    default_sort="-filed_on",
    category_path="establishment__category",
    related=("violation",),
    columns=(
        Column("number", "案号", lambda c: c.number, ("year", "sequence"), link=True, width=22),
        Column("filed_on", "立案日期", lambda c: c.filed_on, ("filed_on",), width=12),
        Column("party_name", "当事人", lambda c: c.party_name, ("party_name",), width=30),
        Column("violation", "违法行为", lambda c: c.violation.name, width=30),
        Column("status", "环节", lambda c: c.get_status_display(), ("status",), width=8),
        Column("decided_on", "决定日期", lambda c: c.decided_on, ("decided_on",), width=12),
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
    "permit": PERMIT,
    "case": CASE,
}
