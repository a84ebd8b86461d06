"""The publication of a random draw (一公开): one workbook that carries everything needed to
re-run the draw outside the office with scripts/verify_draw.py (docs/draws.md).

Sheets: 抽查结果 (the assignments and, once inspected, their results), 候选单位 and 监督员名录
(what was drawn from, in canonical order), 回避, 验证数据 (parameters, snapshot hash,
commitment, secret, seed, local times) and 说明 (the procedure in words). The sheet and key
names are what the script reads: change them together.
"""

import io
import json

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from core.people import display_name
from core.xlsx import HEADER_FILL, HEADER_FONT, safe_sheet_title, set_cell
from inspections.models import DrawMethod, RandomDraw
from premises.models import Establishment

RESULTS, UNITS, OFFICERS, EXCLUSIONS, DATA, PROCEDURE = (
    "抽查结果",
    "候选单位",
    "监督员名录",
    "回避",
    "验证数据",
    "说明",
)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

PROCEDURE_TEXT = [
    "双随机抽查的抽取程序（抽取方法 2）",
    "1. 抽取时，系统按抽取条件取得营业中的候选单位（编号、统一社会信用代码）和监督员名录（编号），"
    "连同回避名单（监督员编号、单位编号）和抽取条件，各列表按编号升序，组成“候选快照”。",
    "2. 快照写成 JSON（键名按字母排序，不留空格，UTF-8，中文不转义），其 SHA-256 即“快照哈希”。",
    "3. 系统在抽取时生成 32 字节的随机“秘密值”，任何人都不能填写或指定；其 SHA-256 记为“承诺值”。",
    "4. 随机种子 = SHA-256（快照哈希的 32 字节，后接秘密值的 32 字节）的前 8 字节，按大端读成整数后右移一位。",
    "5. 用 Python 的 random.Random(随机种子)：先用 sample 从候选单位编号（升序）中抽取规定户数；"
    "再按抽中的顺序，对每户从监督员编号（升序）中去掉须回避该单位的人，用 sample 抽取两名。",
    "（按信誉度等级抽取的，快照另含各候选单位抽取时的等级，抽取条件含各等级的比例和户数；"
    "第 5 步按 A、B、C、不予定级（none）、未评定（unrated）的顺序，依次从该等级单位编号（升序）中"
    "用 sample 抽取该等级的户数，再抽监督员。）",
    "6. 快照、哈希、承诺值、秘密值、种子和结果都随抽查记录保存，不可修改，并在本表公布。",
    "7. 任何人可用 scripts/verify_draw.py（只需 Python 3 和 openpyxl）读取本表，重新计算并比对："
    "python verify_draw.py 本文件.xlsx",
    "8. 抽中的监督员因故不能参加的，须登记替换（替换人、原因、批准人、时间），见“抽查结果”的“人员替换”一列。",
    "所有时间均为北京时间（Asia/Shanghai）。",
]
OLD_METHOD_TEXT = [
    "本次抽查使用旧方法（抽取方法 1）：随机种子由抽取人填写或系统生成，未记录候选快照哈希和秘密值。",
    "仍可用 scripts/verify_draw.py 按本表的随机种子、候选单位和监督员名录重新抽取并比对结果，"
    "但无法证明种子不是挑选的。",
]


def local(moment) -> str:
    return f"{timezone.localtime(moment):{TIME_FORMAT}}（北京时间）"


def _sheet(wb, title, headers, rows, widths):
    ws = wb.create_sheet(safe_sheet_title(title))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if headers:
        ws.freeze_panes = "A2"
        cells = []
        for header in headers:
            cell = set_cell(WriteOnlyCell(ws), header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cells.append(cell)
        ws.append(cells)
    for row in rows:
        ws.append([set_cell(WriteOnlyCell(ws), v) for v in row])


def _units(draw: RandomDraw) -> list[tuple[int, str]]:
    """The candidates in canonical order: from the snapshot (method 2), else the ids."""
    if draw.snapshot.get("units"):
        return [(int(pk), code) for pk, code in draw.snapshot["units"]]
    codes = dict(
        Establishment.objects.filter(pk__in=draw.candidate_ids).values_list("pk", "credit_code")
    )
    return [(pk, codes.get(pk, "")) for pk in sorted(draw.candidate_ids)]


def _substitution_text(assignment) -> str:
    return "；".join(
        f"{display_name(s.replaced)} → {display_name(s.substitute)}（{s.reason}；"
        f"批准：{display_name(s.approved_by)}；{local(s.recorded_at)}）"
        for s in assignment.substitutions.all()
    )


def draw_workbook(draw: RandomDraw, assignments) -> bytes:
    """The workbook of ``draw`` (``assignments``: views.draws.draw_rows)."""
    users = get_user_model().objects.in_bulk(draw.roster_ids)
    unit_names = dict(
        Establishment.objects.filter(pk__in=draw.candidate_ids).values_list("pk", "name")
    )
    wb = Workbook(write_only=True)
    _sheet(
        wb,
        RESULTS,
        ["序号", "单位编号", "单位名称", "统一社会信用代码", "乡镇（街道）", "地址"]
        + ["监督员一编号", "监督员一", "监督员二编号", "监督员二", "人员替换"]
        + ["检查日期", "检查结果"],
        (
            [
                a.position,
                a.establishment_id,
                a.establishment.name,
                a.establishment.credit_code,
                a.establishment.township.name,
                a.establishment.address,
                a.inspector_a_id,
                display_name(a.inspector_a),
                a.inspector_b_id,
                display_name(a.inspector_b),
                _substitution_text(a),
                timezone.localtime(a.inspection.inspected_at).date() if a.inspection else None,
                a.inspection.get_result_display() if a.inspection else "未检查",
            ]
            for a in assignments
        ),
        [6, 9, 30, 22, 14, 30, 12, 10, 12, 10, 30, 12, 18],
    )
    # A draw by grade publishes each candidate's stratum (its grade at the draw), which the
    # snapshot holds and scripts/verify_draw.py reads from the fifth column.
    grades = {int(pk): g for pk, g in draw.snapshot.get("grades", [])}
    _sheet(
        wb,
        UNITS,
        ["顺序", "单位编号", "统一社会信用代码", "单位名称"]
        + (["信誉度等级（抽取时）"] if grades else []),
        (
            [i, pk, code, unit_names.get(pk, "")] + ([grades.get(pk, "")] if grades else [])
            for i, (pk, code) in enumerate(_units(draw), start=1)
        ),
        [6, 10, 24, 36, 14],
    )
    _sheet(
        wb,
        OFFICERS,
        ["顺序", "编号", "姓名"],
        (
            [i, pk, display_name(users.get(pk))]
            for i, pk in enumerate(sorted(draw.roster_ids), start=1)
        ),
        [6, 10, 14],
    )
    _sheet(
        wb,
        EXCLUSIONS,
        ["监督员编号", "监督员", "单位编号", "单位名称"],
        (
            [i, display_name(users.get(i)), u, unit_names.get(u, "")]
            for i, u in sorted(tuple(e) for e in draw.exclusions)
        ),
        [12, 12, 10, 36],
    )
    params = draw.parameters
    _sheet(
        wb,
        DATA,
        ["项目", "值"],
        [
            ["抽查名称", draw.name],
            ["抽取方法", int(draw.method)],
            ["抽取条件", json.dumps(params, ensure_ascii=False, sort_keys=True)],
            ["抽取数量", params.get("count")],
            ["候选单位数", len(draw.candidate_ids)],
            ["监督员人数", len(draw.roster_ids)],
            ["快照哈希", draw.snapshot_hash],
            ["承诺值", draw.commitment],
            ["秘密值", draw.secret],
            ["随机种子", str(draw.seed)],  # text: a spreadsheet keeps 15 digits of a number
            ["抽取时间", local(draw.created_at)],
            ["抽取人", display_name(draw.created_by)],
            ["导出时间", local(timezone.now())],
        ],
        [14, 80],
    )
    text = PROCEDURE_TEXT if draw.method == DrawMethod.SNAPSHOT_SECRET else OLD_METHOD_TEXT
    _sheet(wb, PROCEDURE, [], ([line] for line in text), [120])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
