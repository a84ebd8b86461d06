"""The registry's tables: units and practitioners, as their list pages and exports show them
(and a drill-down or a panel picks from them, core.tables)."""

from operator import attrgetter

from core.tables import Column, Table, count, date_column, township, unit
from core.validators import mask_id_number


def category(path: str = "", header: str = "类别", **options) -> Column:
    """The unit's kind (类别) by name, sorted by its code; of the unit at ``path`` if given."""
    prefix = f"{path}." if path else ""
    options.setdefault("order_by", (f"{prefix}category__code".replace(".", "__"),))
    return Column("category", header, attrgetter(f"{prefix}category.name"), **options)


def credit_code(path: str = "", header: str = "统一社会信用代码", **options) -> Column:
    prefix = f"{path}." if path else ""
    options.setdefault("width", 22)
    return Column("credit_code", header, attrgetter(f"{prefix}credit_code"), **options)


ESTABLISHMENTS = Table(
    Column("name", "单位名称", attrgetter("name"), ("name",), link=True, width=30),
    credit_code(order_by=("credit_code",)),
    Column("domain", "监督专业", attrgetter("category.domain.name"), ("category__domain__order",)),
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
    Column("post", "岗位", attrgetter("post"), ("post",)),
    Column(
        "serves_customers",
        "直接为顾客服务",
        lambda p: "是" if p.serves_customers else "否",
        width=8,
    ),
    date_column("hired_on", "入职日期"),
    date_column("left_on", "离职日期"),
)
