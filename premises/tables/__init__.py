"""The registry's tables: units and practitioners, as their list pages and exports show them
(and a drill-down or a panel picks from them, core.tables)."""

from operator import attrgetter

from core import formatting
from core.tables import Column, Table, boolean, count, date_column, township, unit
from core.validators import mask_id_number
from premises.models import PROJECT_STAGES
from premises.models.occupational import catalogue_order


def category(path: str = "", header: str = "类别", **options) -> Column:
    """The unit's kind (类别) by name, sorted by its code; of the unit at ``path`` if given."""
    prefix = f"{path}." if path else ""
    options.setdefault("order_by", (f"{prefix}category__code".replace(".", "__"),))
    return Column("category", header, attrgetter(f"{prefix}category.name"), **options)


def credit_code(path: str = "", header: str = "统一社会信用代码", **options) -> Column:
    prefix = f"{path}." if path else ""
    options.setdefault("width", 22)
    return Column("credit_code", header, attrgetter(f"{prefix}credit_code"), **options)


def domains_label(unit) -> str:
    """The unit's main domain, then its further ones (prefetched as
    ``current_supervisions`` by the lists: EstablishmentQuerySet.with_domains)."""
    further = [s.domain.name for s in getattr(unit, "current_supervisions", ())]
    return "、".join([unit.category.domain.name, *further])


ESTABLISHMENTS = Table(
    Column("name", "单位名称", attrgetter("name"), ("name",), link=True, width=30),
    credit_code(order_by=("credit_code",)),
    Column(
        "subject_kind",
        "对象类型",
        lambda u: u.get_subject_kind_display(),
        ("subject_kind",),
        width=8,
    ),
    Column("domain", "监督专业", lambda u: domains_label(u), ("category__domain__order",)),
    category(),
    township(),
    Column("legal_representative", "法定代表人", attrgetter("legal_representative"), html=False),
    Column("address", "地址", attrgetter("address"), html=False, width=30),
    Column("phone", "联系电话", attrgetter("phone"), html=False),
    # Set on the page's rows by the list (decorate) and on the export's by an annotation.
    Column("practitioners", "从业人员数", attrgetter("practitioner_count"), width=10, kind=count),
    Column("status", "状态", lambda e: e.get_status_display(), ("status",), width=8),
    date_column("opened_on", "开业日期"),
    date_column("closed_on", "关闭日期", html=False, order_by=()),
)

PRACTITIONERS = Table(
    Column("name", "姓名", attrgetter("name"), ("name",), link=True, width=10),
    Column("sex", "性别", lambda p: p.get_sex_display(), width=6),
    # Never the full number in a list or an export.
    Column("id_number", "身份证号码", lambda p: mask_id_number(p.id_number), width=22),
    unit(header="所在单位"),
    credit_code("establishment", "单位统一社会信用代码", html=False),
    township("establishment", html=False, order_by=()),
    Column("post", "岗位", lambda p: p.post.name if p.post else "（未登记）", ("post__name",)),
    Column(
        "serves_customers",
        "须持健康合格证明",
        lambda p: "是" if p.serves_customers else "否",
        width=8,
    ),
    date_column("hired_on", "入职日期"),
    date_column("left_on", "离职日期"),
)


# ---------------------------------------------------------------- occupational health


def _hazards(profile) -> str:
    """The hazards of a profile (prefetched ``exposures`` with their factor): 矽尘 12、噪声 30."""
    exposures = sorted(profile.exposures.all(), key=lambda e: catalogue_order(e.factor))
    return "、".join(f"{e.factor.name} {e.exposed}" for e in exposures)


def _unit_in_file(header: str = "用人单位") -> Column:
    """The unit by name, linking to its file's 职业卫生 section (the row's page)."""
    return unit(header=header, link=True)


OCCUPATIONAL_PROFILES = Table(
    _unit_in_file(),
    credit_code("establishment", html=False),
    township("establishment"),
    Column("year", "年度", attrgetter("year"), ("year",), width=8, kind=count),
    Column(
        "workers_total", "职工总数", attrgetter("workers_total"), ("workers_total",), kind=count
    ),
    Column(
        "exposed_total", "接害人数", attrgetter("exposed_total"), ("exposed_total",), kind=count
    ),
    Column("hazards", "职业病危害因素（接触人数）", _hazards, width=40),
    Column("declared", "危害项目申报", attrgetter("declared"), kind=boolean, width=10),
    date_column("declared_on", "申报日期", html=False),
    Column("records_kept", "监护档案", attrgetter("records_kept"), kind=boolean, width=10),
    Column("records_count", "档案份数", attrgetter("records_count"), kind=count, width=10),
    date_column("surveyed_on", "调查日期", html=False),
)

HEALTH_SURVEILLANCE = Table(
    _unit_in_file(),
    township("establishment"),
    Column("year", "年度", attrgetter("year"), ("year",), width=8, kind=count),
    Column("stage", "体检类别", lambda s: s.get_stage_display(), ("stage",), width=10),
    Column("due", "应检人数", attrgetter("due"), kind=count, width=10),
    Column("examined", "实检人数", attrgetter("examined"), kind=count, width=10),
    Column("rate", "体检率", lambda s: formatting.rate(s.rate), width=10),
    Column("rechecked", "复查人数", attrgetter("rechecked"), kind=count, width=10),
    Column("suspected", "疑似职业病", attrgetter("suspected"), kind=count, width=10),
    Column("contraindicated", "职业禁忌证", attrgetter("contraindicated"), kind=count, width=10),
    Column("institution", "体检机构", attrgetter("institution"), html=False, width=24),
)

OCCUPATIONAL_CASES = Table(
    _unit_in_file(),
    township("establishment"),
    Column("worker_name", "劳动者姓名", attrgetter("worker_name"), ("worker_name",), width=10),
    Column("disease_class", "职业病类别", lambda c: c.get_disease_class_display(), width=24),
    Column("disease", "职业病名称", attrgetter("disease"), ("disease",), width=20),
    Column("hazard", "致病危害因素", lambda c: c.hazard.name if c.hazard_id else "", width=16),
    date_column("diagnosed_on", "诊断日期"),
    Column("diagnosed_by", "诊断机构", attrgetter("diagnosed_by"), html=False, width=24),
    Column("reported", "已报告", attrgetter("reported"), kind=boolean, width=8),
    date_column("reported_on", "报告日期"),
)

# The stages' short names, as the list's narrow columns head them.
STAGE_SHORT = {
    "pre_assessment": "预评价",
    "design": "防护设施设计",
    "control_assessment": "控制效果评价",
    "acceptance": "竣工验收",
}

CONSTRUCTION_PROJECTS = Table(
    Column("name", "项目名称", attrgetter("name"), ("name",), link=True, width=30),
    unit(header="建设单位"),
    township("establishment", html=False),
    Column("investment", "投资概算（万元）", attrgetter("investment"), html=False, width=12),
    Column("industry", "所属行业", attrgetter("industry"), width=14),
    Column("approved_by", "核准或审批部门", attrgetter("approved_by"), html=False, width=18),
    date_column("approved_on", "立项日期"),
    *(
        column
        for prefix, label in PROJECT_STAGES
        for column in (
            Column(
                f"{prefix}_status",
                STAGE_SHORT[prefix],
                lambda p, prefix=prefix: getattr(p, f"get_{prefix}_status_display")(),
                width=14,
            ),
            date_column(f"{prefix}_on", f"{label}日期", html=False),
        )
    ),
)
