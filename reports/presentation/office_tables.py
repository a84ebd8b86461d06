"""The office-wide tables of a summary (issue #19), built like summary_tables' from the
figures (live or a saved snapshot): 各专业监督情况 (a row per domain, with the total),
the training sessions and random draws (their figures are in 总体指标), and the cases by
statistics group (统计分组). document.py places them among the others for the PDF, the Word file, the
workbook and a saved summary's page."""

from core.formatting import COUNT, MONEY
from reports.figures.catalogue import FIGURES
from reports.presentation.summary_tables import DATE, TEXT, Col, Row, Table, _date

DOMAIN_TABLE = (
    ("units", 9),
    ("inspected_units", 9),
    ("coverage_rate", 10),
    ("visits", 9),
    ("frequency", 9),
    ("opinions", 9),
    ("samples", 9),
    ("samples_failing", 9),
    ("cases", 8),
    ("decided_cases", 8),
    ("fines", 12),
)


def domains_table(f) -> Table:
    """各专业监督情况: of all domains, each domain's block and the office's total."""
    table = Table(
        "domains",
        "各专业监督情况",
        "各专业",
        [Col("监督专业", TEXT, 14)]
        + [Col(FIGURES[key].header, FIGURES[key].kind, width) for key, width in DOMAIN_TABLE],
    )
    for block in f.get("domains") or []:
        table.rows.append(Row([block["domain_name"], *(block.get(k) for k, _ in DOMAIN_TABLE)]))
    if table.rows:
        table.rows.append(Row(["合计", *(f.get(k) for k, _ in DOMAIN_TABLE)], emphasis=True))
    return table


def training_table(f) -> Table:
    table = Table(
        "training",
        "卫生培训",
        "卫生培训",
        [
            Col("培训日期", DATE, 12),
            Col("培训地点", TEXT, 24),
            Col("培训内容", TEXT, 36),
            Col("参训人次", COUNT, 10),
        ],
    )
    for s in f.get("training_sessions") or []:
        table.rows.append(Row([_date(s["date"]), s["place"], s["topic"], s["attendance"]]))
    return table


def draws_table(f) -> Table:
    table = Table(
        "draws",
        "双随机抽查",
        "双随机抽查",
        [
            Col("抽查", TEXT, 30),
            Col("抽取日期", DATE, 12),
            Col("抽中单位", COUNT, 10),
            Col("已检查", COUNT, 10),
        ],
    )
    for d in f.get("draws") or []:
        table.rows.append(Row([d["name"], _date(d["date"]), d["units"], d["inspected"]]))
    return table


def groups_table(f) -> Table:
    """Cases and money by statistics group (医疗机构依法执业 apart from 非法行医)."""
    table = Table(
        "cases_by_group",
        "行政处罚案件（按统计分组）",
        "行政处罚",  # under the cases by violation
        [
            Col("统计分组", TEXT, 24),
            Col("立案（起）", width=10),
            Col("决定（起）", width=10),
            Col("受处罚单位（户）", width=12),
            Col("罚款（元）", MONEY, 12),
            Col("没收违法所得（元）", MONEY, 14),
        ],
    )
    for g in f.get("cases_by_group") or []:
        table.rows.append(
            Row(
                [
                    g["group"],
                    g["cases"],
                    g["decided_cases"],
                    g["units"],
                    g["fines"],
                    g["confiscated_gains"],
                ]
            )  # fmt: skip
        )
    return table


def office_tables(f) -> dict[str, list[Table]]:
    """The office-wide tables, by the key of the table each follows (empty ones left out:
    a domain's summary has no 各专业 table, a period without draws no draw table)."""
    after = {
        "table1": [domains_table(f)],
        "campaigns": [training_table(f), draws_table(f)],
        "cases": [groups_table(f)],
    }
    return {key: [t for t in tables if t.rows] for key, tables in after.items()}
