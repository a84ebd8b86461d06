"""The drinking-water and school registers' tables (core.tables): lists and exports."""

from operator import attrgetter

from django.utils import timezone

from core.tables import Column, Table, boolean, count, date_column, township, unit


def _tons(p) -> str:
    return f"{p.daily_tons.normalize():f}"


def _self_testing(p) -> str:
    return p.self_testing_items or "有" if p.self_testing else "无"


SUPPLIERS = Table(
    unit(link=True),
    township("establishment", html=False, order_by=()),
    Column("category", "类别", lambda p: p.establishment.category.name, width=14),
    date_column("recorded_on", "核实日期"),
    Column("source", "水源", lambda p: p.get_source_display(), ("source",), width=10),
    Column("daily_tons", "日供水量（吨）", _tons, ("daily_tons",), width=10),
    Column("population", "供水人口", attrgetter("population"), ("population",), kind=count),
    Column("large", "千吨万人", lambda p: "是" if p.large else "", width=8),
    Column("treatment", "净水工艺", attrgetter("treatment"), html=False),
    Column("disinfection", "消毒方式", lambda p: p.get_disinfection_display(), width=10),
    Column("self_testing", "自检设施", _self_testing, width=16),
)


def _due(tank) -> str:
    due = tank.cleaning_due_on(getattr(tank, "interval", None))
    return f"{due:%Y-%m-%d}" if due else "从未清洗"


def _overdue(tank) -> str:
    return "逾期" if tank.overdue_on(timezone.localdate(), getattr(tank, "interval", None)) else ""


TANKS = Table(
    unit(link=True),
    township("establishment", html=False, order_by=()),
    Column("name", "位置或名称", attrgetter("name"), ("name",), width=20),
    Column("kind", "类型", lambda t: t.get_kind_display(), width=8),
    Column("count", "数量", attrgetter("count"), kind=count, width=6),
    Column("volume", "容积（m³）", lambda t: f"{t.volume_m3.normalize():f}", width=8),
    Column("covered_locked", "加盖上锁", lambda t: "是" if t.covered_locked else "否", width=8),
    date_column("last_cleaned_on", "最近清洗消毒"),
    Column("due", "应清洗日期", _due, width=12),
    Column("overdue", "逾期", _overdue, width=6),
    date_column("retired_on", "停用日期", html=False),
)


def _approval(product) -> str:
    return product.approval_state(timezone.localdate())


PRODUCTS = Table(
    Column("name", "产品名称", attrgetter("name"), ("name",), width=20),
    Column("model_name", "型号规格", attrgetter("model_name"), width=14),
    Column("kind", "类别", lambda p: p.get_kind_display(), ("kind",), width=14),
    Column("maker", "生产企业", attrgetter("maker"), ("maker",), width=20),
    Column("approval_number", "卫生许可批件号", attrgetter("approval_number"), width=22),
    Column("approval_level", "批准机关", lambda p: p.get_approval_level_display(), width=8),
    date_column("approval_valid_until", "批件有效期至"),
    Column("state", "批件状态", _approval, width=12),
    Column("sellers", "经营单位数", attrgetter("seller_count"), kind=count, width=8, html=False),
)

SCHOOLS = Table(
    unit(link=True, header="学校"),
    township("establishment", html=False, order_by=()),
    Column("year", "学年", attrgetter("year"), ("year",), width=6),
    Column("students", "学生数", attrgetter("students"), ("students",), kind=count),
    Column("classes", "班级数", attrgetter("classes"), kind=count, html=False),
    Column("boarding", "寄宿制", lambda s: boolean(s.boarding), width=6),
    Column("boarders", "住校生", attrgetter("boarders"), kind=count, html=False),
    Column("school_doctors", "校医", attrgetter("school_doctors"), kind=count, width=6),
    Column("health_teachers", "保健教师", attrgetter("health_teachers"), kind=count, width=8),
    Column("own_well", "自备井", lambda s: "有" if s.own_well else "", width=6),
)
