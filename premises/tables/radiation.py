"""The radiation-health register's tables (core.tables): lists, exports, the unit's file."""

from operator import attrgetter

from core.tables import Column, Table, count, date_column, township, unit
from core.validators import mask_id_number


def _latest_dose(worker) -> str:
    readings = getattr(worker, "latest_readings", None)
    if not readings:
        return ""
    return readings[0].short


def _latest_exam(worker) -> str:
    exams = getattr(worker, "latest_exams", None)
    return exams[0].short if exams else ""


RADIATION_DEVICES = Table(
    unit(link=True),
    township("establishment", html=False, order_by=()),
    Column(
        "device_type", "设备类型", lambda d: d.get_device_type_display(), ("device_type",), width=18
    ),
    Column(
        "practice_category",
        "放射诊疗类别",
        lambda d: d.get_practice_category_display(),
        ("practice_category",),
        width=14,
    ),
    Column("model_name", "型号", attrgetter("model_name")),
    Column("serial_number", "出厂编号", attrgetter("serial_number"), ("serial_number",)),
    Column("manufacturer", "生产厂家", attrgetter("manufacturer"), width=20),
    date_column("installed_on", "启用日期"),
    date_column("retired_on", "停用日期"),
)

RADIATION_WORKERS = Table(
    Column("name", "姓名", attrgetter("name"), ("name",), link=True, width=10),
    # Never the full number in a list or an export.
    Column("id_number", "身份证号码", lambda w: mask_id_number(w.id_number), width=22),
    unit(),
    township("establishment", html=False, order_by=()),
    Column(
        "practice_category",
        "放射诊疗类别",
        lambda w: w.get_practice_category_display(),
        ("practice_category",),
        width=14,
    ),
    Column("post", "岗位", attrgetter("post"), html=False),
    date_column("started_on", "从事放射工作日期", html=False),
    date_column("left_on", "离开日期", html=False),
    Column("certificate_number", "放射工作人员证编号", attrgetter("certificate_number"), width=16),
    date_column("certificate_valid_until", "证件有效期至"),
    Column("dose", "最近剂量监测", _latest_dose, width=26),
    Column("over_limit", "剂量超限", lambda w: "是" if w.ever_over_limit else "", width=8),
    Column("exam", "最近职业健康检查", _latest_exam, width=26),
    Column("readings", "监测周期数", attrgetter("reading_count"), width=8, kind=count, html=False),
)

RADIATION_PROJECTS = Table(
    Column("name", "项目名称", attrgetter("name"), ("name",), link=True, width=26),
    unit(),
    township("establishment", html=False, order_by=()),
    Column("kind", "建设性质", lambda p: p.get_kind_display(), ("kind",), width=8),
    Column(
        "practice_category", "放射诊疗类别", lambda p: p.get_practice_category_display(), width=14
    ),
    date_column("pre_assessed_on", "预评价报告日期"),
    date_column("pre_approved_on", "预评价审核日期"),
    Column("pre_approval_number", "审核文号", attrgetter("pre_approval_number"), html=False),
    date_column("control_assessed_on", "控制效果评价日期"),
    date_column("accepted_on", "竣工验收日期"),
    Column("acceptance_number", "验收文号", attrgetter("acceptance_number"), html=False),
    Column("stage", "进度", attrgetter("stage"), width=14),
)
