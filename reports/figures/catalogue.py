"""The figure catalogue: every figure of a summary once, with its label, its definition,
its unit and its kind (count, rate, frequency or money). The summary page, the dashboard,
the PDF, the workbook, the narrative, the charts, the API's documentation and the
recompute page all read their labels and definitions here, and write values and their
changes through core.formatting by the figure's kind, so one figure reads the same
everywhere."""

from dataclasses import dataclass

from core import formatting
from core.formatting import COUNT, FREQUENCY, MONEY, RATE


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # as written after a value: 户, 户次/户, 元; "%" for a rate
    definition: str
    kind: str = COUNT
    column: str = ""  # its header in table 1, when shorter than the label

    @property
    def header(self) -> str:
        return self.column or self.label

    @property
    def shown_unit(self) -> str:
        """The unit written after a value: none for a rate (its value ends in %)."""
        return "" if self.kind == RATE else self.unit

    def text(self, value) -> str:
        return formatting.number(self.kind, value)

    def change(self, now, before) -> str:
        """What a "增减" column shows: growth for counts and money, percentage points for
        rates, a plain difference for frequencies."""
        return formatting.change(self.kind, now, before)

    def difference(self, now, before) -> str:
        return formatting.difference(self.kind, now, before)


def _figures(*rows) -> dict[str, Figure]:
    return {row[0]: Figure(*row) for row in rows}


FIGURES = _figures(
    (
        "units",
        "监督户数",
        "户",
        "统计期间内曾经营业（期初营业，或期间内开业、复业）的本专业被监督单位。",
    ),
    ("inspected_units", "已监督户数", "户", "期间内至少有一次监督检查的在监单位。"),
    ("coverage_rate", "监督覆盖率", "%", "已监督户数 ÷ 监督户数。", RATE),
    (
        "visits",
        "监督检查户次",
        "户次",
        "期间内对在监单位的监督检查次数，一次检查一户次。",
        COUNT,
        "监督户次",
    ),
    ("frequency", "监督频率", "户次/户", "监督检查户次 ÷ 已监督户数，保留一位小数。", FREQUENCY),
    ("compliant_visits", "合格户次", "户次", "检查结论为合格的户次。"),
    ("pass_rate", "合格率", "%", "合格户次 ÷ 监督检查户次。", RATE),
    (
        "licensed_before",
        "已有证单位",
        "户",
        "期间第一天和最后一天都持有有效卫生许可证的在监单位。",
        COUNT,
        "已有证",
    ),
    (
        "licence_due",
        "应发证单位",
        "户",
        "其余在监单位中，类别列入某一许可证类型“适用类别”（须办理卫生许可）的单位。",
        COUNT,
        "应发证",
    ),
    (
        "licences_issued",
        "实发证单位",
        "户",
        "应发证单位中，期间内取得发证日期在期间内的许可证的单位。",
        COUNT,
        "实发证",
    ),
    ("licensing_rate", "发证率", "%", "实发证单位 ÷ 应发证单位。", RATE),
    ("practitioners", "从业人员", "人", "期间内曾在在监单位任职的从业人员（不论岗位）。"),
    (
        "exam_due",
        "须持证从业人员",
        "人",
        "从业人员中，岗位直接为顾客服务、须取得健康合格证明的人数"
        "（《公共场所卫生管理条例》第七条、实施细则第十条；岗位是否直接为顾客服务见岗位表，"
        "未登记岗位的按须持证计）。",
        COUNT,
        "须持证人员",
    ),
    (
        "examined",
        "体检人数",
        "人",
        "须持健康合格证明的从业人员中，体检日期在期间内的人数。",
    ),
    (
        "exam_rate",
        "体检率",
        "%",
        "体检人数 ÷ 须持健康合格证明的从业人员（直接为顾客服务的岗位），不是 ÷ 全部从业人员。",
        RATE,
    ),
    ("trained", "培训人数", "人", "从业人员中（不论岗位），期间内参加过卫生培训的人数。"),
    ("training_rate", "培训率", "%", "培训人数 ÷ 从业人员（全部从业人员，不论岗位）。", RATE),
    (
        "officer_visits",
        "出动监督员人次",
        "人次",
        "监督检查户次中每次检查的监督员人数之和（一次检查两名监督员计 2 人次）。",
    ),
    (
        "training_sessions_count",
        "举办培训",
        "期",
        "培训日期在期间内、有在监单位从业人员参加的卫生培训。",
    ),
    (
        "training_attendance",
        "参训人次",
        "人次",
        "上述培训中在监单位从业人员的签到人次（一人参加两期计 2 人次；培训人数按人计）。",
    ),
    ("draws_count", "双随机抽查", "次", "期间内进行、抽中在监单位的双随机抽查。"),
    ("drawn_units", "抽中单位", "户", "期间内双随机抽查抽中的在监单位（每次抽查每户计一次）。"),
    (
        "drawn_units_inspected",
        "已检查抽中单位",
        "户",
        "抽中单位中，截至期末已按抽查任务进行监督检查的。",
    ),
    ("opinions", "下达意见书", "份", "期间内签发的卫生监督意见书。"),
    ("opinions_rectified", "已整改", "份", "其中经复查确认已整改的意见书。"),
    ("samples", "检测样品", "份", "期间内采样检测的样品。"),
    ("samples_failing", "不合格样品", "份", "其中判定不合格的样品。"),
    ("monitoring_pass_rate", "监测合格率", "%", "合格样品 ÷ 检测样品。", RATE),
    ("applications", "受理许可申请", "件", "期间内受理的卫生许可申请。"),
    ("commitment_applications", "其中告知承诺制", "件", "受理的申请中按告知承诺制办理的。"),
    ("consultations", "咨询服务", "人次", "期间内登记的许可咨询。"),
    ("complaints", "受理投诉举报", "件", "期间内收到并登记的投诉举报（作废的不计）。"),
    ("complaints_closed", "办结投诉举报", "件", "期间内办结的投诉举报（不论何时收到）。"),
    ("permits_issued", "发放许可证", "个", "发证日期在期间内的许可证（新办、延续、变更）。"),
    ("cases", "案件查处", "起", "期间内立案的行政处罚案件。"),
    ("decided_cases", "作出处罚决定", "起", "期间内作出处罚决定的案件。"),
    (
        "penalised_units",
        "受处罚单位",
        "户",
        "期间内作出处罚决定的案件所涉单位，一个单位多起案件计一户；对自然人（如无证行医）的案件不计。",
    ),
    (
        "ordinary_cases",
        "其中一般程序",
        "起",
        "期间内立案的案件中，按一般程序办理的（立案、调查、告知、决定）。",
    ),
    (
        "simple_cases",
        "其中简易程序（当场处罚）",
        "起",
        "期间内当场作出处罚决定的案件（当场行政处罚决定书，警告或小额罚款）。",
    ),
    (
        "ordinary_decided_cases",
        "其中一般程序决定",
        "起",
        "期间内按一般程序作出处罚决定的案件。",
    ),
    (
        "simple_decided_cases",
        "其中当场处罚决定",
        "起",
        "期间内当场作出处罚决定的案件（简易程序）。",
    ),
    ("fines", "罚款", "元", "期间内作出的处罚决定中的罚款金额。", MONEY),
    (
        "ordinary_fines",
        "其中一般程序罚款",
        "元",
        "期间内按一般程序作出的处罚决定中的罚款金额。",
        MONEY,
    ),
    (
        "simple_fines",
        "其中当场处罚罚款",
        "元",
        "期间内当场行政处罚决定书中的罚款金额。",
        MONEY,
    ),
    ("confiscated_gains", "没收违法所得", "元", "期间内作出的处罚决定中没收的违法所得。", MONEY),
    ("confiscated_items", "没收非法财物", "项", "期间内作出的处罚决定中没收非法财物的处罚项。"),
)

# What is left to do: differences of two figures, listed by their drill-downs (not figures
# of a summary's data, so not in FIGURES).
GAPS = _figures(
    ("uninspected_units", "未监督单位", "户", "在监单位中，期间内没有监督检查的单位。"),
    ("licence_missing", "应发未发证单位", "户", "应发证单位中，期间内没有取得许可证的单位。"),
)

# Table 1's rates, each a part of a whole of the same row.
ROW_RATES = {
    "coverage_rate": ("inspected_units", "units"),
    "licensing_rate": ("licences_issued", "licence_due"),
    "exam_rate": ("examined", "exam_due"),
    "training_rate": ("trained", "practitioners"),
}


def figure(key: str) -> Figure:
    """A figure of the summary or a gap, by key."""
    return FIGURES.get(key) or GAPS[key]


def of_kind(kind: str) -> set[str]:
    return {key for key, f in FIGURES.items() if f.kind == kind}
