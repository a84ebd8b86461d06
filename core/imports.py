"""All-or-nothing .xlsx imports.

An importer reads the whole sheet, checks every cell and every row, then checks the file
as a whole (duplicates inside it and against the database). Any error, and nothing is
written: the caller gets every problem with its row number, column and reason. Only a
clean file is written, in one transaction.
"""

import datetime
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.import_limits import UNREADABLE, UploadRefused, UploadShape, measure_upload, too_many_rows
from core.xlsx import FORMULA_START, GUARD, build_workbook

FILE = "文件"  # the "column" of errors that concern the whole file
MESSAGE_MAX = 300  # characters of one error message (a quoted cell is shortened before)
# What a damaged or crafted .xlsx makes openpyxl raise while it is opened or read.
READ_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    RuntimeError,  # an encrypted member
    NotImplementedError,  # an unknown compression method
)
# C0 control characters other than tab, LF and CR, as they are or as Excel escapes them
# (_x000B_): no ledger field holds one, and no export could write it.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])_")


class CellError(Exception):
    """A bad value in one cell; the message says why, in Chinese."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool = True
    parse: Callable[[Any], Any] | None = None
    example: Any = ""
    help: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __post_init__(self):
        if len(self.message) > MESSAGE_MAX:  # a report of many errors stays small
            object.__setattr__(self, "message", self.message[: MESSAGE_MAX - 1] + "…")

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportFailed(Exception):
    """The file is not imported. ``errors`` are the first IMPORT_MAX_ERRORS problems in
    row order, ``total`` how many there are in all."""

    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    def __post_init__(self):
        self.total = max(self.total, len(self.errors))

    @property
    def truncated(self) -> bool:
        return self.total > len(self.errors)

    def __str__(self):
        return "; ".join(f"第{e.row}行 {e.column}: {e.message}" for e in self.errors[:5])


# ----------------------------------------------------------------- cell parsers


def _plain_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_text(value) -> str:
    text = _plain_text(value)
    if CONTROL.search(text):
        raise CellError("含有不可见的控制字符，请删除后重新导入。")
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_START):
        text = text[1:]  # the guard our exports put before formula-like text (core.xlsx)
    return text


def shown(value, limit=40) -> str:
    """A cell's value quoted in a message, shortened: a 30,000-character cell must not make
    the error report (and the job row holding it) megabytes long."""
    text = CONTROL.sub("", _plain_text(value))
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 字）"


def parse_code(value) -> str:
    """Codes must arrive as text: Excel turns long digit strings into rounded numbers."""
    if isinstance(value, float):
        raise CellError("请将该列设置为文本格式后重新填写（长数字已被 Excel 改写）。")
    return parse_text(value).upper().replace(" ", "")


def parse_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = parse_text(value).replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f"日期“{shown(value)}”无法识别，请填写如 2024-03-15 的日期。")


def parse_bool(value) -> bool:
    text = parse_text(value)
    if text in ("是", "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if text in ("否", "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise CellError(f"“{shown(value)}”应填写“是”或“否”。")


def choice_parser(choices) -> Callable[[Any], Any]:
    by_label = {str(label): value for value, label in choices.choices}
    allowed = "、".join(by_label)

    def parse(value):
        text = parse_text(value)
        if text in by_label:
            return by_label[text]
        if text in choices.values:
            return text
        raise CellError(f"“{shown(text)}”不是有效选项，可填：{allowed}。")

    return parse


# ----------------------------------------------------------------- the framework


class XlsxImporter:
    """Subclasses define ``columns``, ``title``, and the hooks below."""

    title = ""
    columns: tuple[ImportColumn, ...] = ()
    notes: tuple[str, ...] = ()

    def __init__(self, *, user):
        self.user = user

    # hooks ---------------------------------------------------------------
    def prepare(self, rows: list[dict]) -> None:
        """Load the lookups every row needs (a fixed number of queries)."""

    def clean_row(self, values: dict) -> dict:
        """Turn parsed values into what write() needs; raise ValidationError keyed by
        column key (or CellError for the row as a whole). Runs on every row, also one with
        bad cells: their values are None, and errors for them are not repeated."""
        return values

    def check_file(self, rows: list[tuple[int, dict]]) -> list[RowError]:
        """Checks across rows and against the database: duplicates and the like."""
        return []

    def write(self, rows: list[dict]) -> int:
        raise NotImplementedError

    # template ------------------------------------------------------------
    def template(self) -> bytes:
        notes = [f"{c.header}：{'必填' if c.required else '选填'}。{c.help}" for c in self.columns]
        return build_workbook(
            self.title,
            [c.header for c in self.columns],
            [[c.example for c in self.columns]],
            widths=[max(12, len(c.header) * 2 + 4) for c in self.columns],
            notes=["第一行是列名，请勿修改；示例行请删除后再导入。", *self.notes, *notes],
        )

    # running -------------------------------------------------------------
    def run(self, upload, progress=None) -> int:
        """Validate the whole file, then write it in one transaction. Returns rows written.

        ``progress`` (core.jobs.Progress, for an import running as a job) hears of each
        step and of the rows checked. A refusal lists the first IMPORT_MAX_ERRORS problems
        in row order and counts them all."""
        progress = progress or _Silent()
        raw_rows = self.read(upload, progress)
        progress.begin("准备核对数据")
        self.prepare([values for _, values in raw_rows])
        limit = settings.IMPORT_MAX_ERRORS
        errors: list[RowError] = []
        total = 0
        cleaned: list[tuple[int, dict]] = []
        by_key = {c.key: c for c in self.columns}
        progress.begin("逐行校验", total=len(raw_rows))
        for checked, (row_number, raw) in enumerate(raw_rows, 1):
            progress.advance(checked)
            values: dict[str, Any] = {}
            row_errors: list[RowError] = []
            for column in self.columns:
                value = raw.get(column.key)
                values[column.key] = None
                if value is None or (isinstance(value, str) and not value.strip()):
                    if column.required:
                        row_errors.append(RowError(row_number, column.header, "必填项不能为空。"))
                    continue
                try:
                    values[column.key] = column.parse(value) if column.parse else parse_text(value)
                except CellError as exc:
                    row_errors.append(RowError(row_number, column.header, str(exc)))
            # Row checks run even after a bad cell, so one upload reports every problem;
            # a column already reported is not reported twice.
            reported = {e.column for e in row_errors}
            try:
                values = self.clean_row(values)
            except ValidationError as exc:
                row_errors.extend(
                    e
                    for e in _validation_errors(row_number, exc, by_key)
                    if e.column not in reported
                )
            except CellError as exc:
                row_errors.append(RowError(row_number, "整行", str(exc)))
            if row_errors:
                total += len(row_errors)
                if len(errors) < limit:  # rows come in order: later ones are only counted
                    errors.extend(row_errors)
            else:
                cleaned.append((row_number, values))
        # Checks across rows run over the clean rows.
        progress.begin("检查重复与冲突")
        file_errors = self.check_file(cleaned)
        total += len(file_errors)
        errors.extend(file_errors)
        if errors:
            errors.sort(key=lambda e: (e.row, e.column))
            raise ImportFailed(errors[:limit], total=total)
        progress.begin(f"写入 {len(cleaned)} 条记录")
        try:
            with transaction.atomic():
                return self.write([values for _, values in cleaned])
        except IntegrityError:
            message = "写入时与其他用户同时录入的数据冲突（如相同的信用代码），未导入任何数据，请重新上传。"
            raise ImportFailed([RowError(0, FILE, message)]) from None

    def inspect(self, upload) -> UploadShape | None:
        """Check the file's type and measure it against the import limits (rows, unpacked
        size, shared strings: core.import_limits) before anything reads it. Returns its
        shape (None: not a zip, which reading reports); raises ImportFailed."""
        name = getattr(upload, "name", "") or ""
        if name.lower().endswith(".xls"):
            raise ImportFailed(
                [RowError(0, FILE, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传。")]
            )
        if name and not name.lower().endswith((".xlsx", ".xlsm")):
            raise ImportFailed(
                [RowError(0, FILE, "文件类型错误：请上传 .xlsx 格式的 Excel 文件。")]
            )
        try:
            return measure_upload(upload)
        except UploadRefused as refused:
            raise ImportFailed([RowError(0, FILE, str(refused))]) from None

    def read(self, upload, progress=None) -> list[tuple[int, dict]]:
        progress = progress or _Silent()
        progress.begin("读取文件")
        shape = self.inspect(upload)
        try:
            # No external links: their cached copies of other workbooks can be large.
            workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
        except READ_ERRORS:
            raise ImportFailed([RowError(0, FILE, UNREADABLE)]) from None
        try:
            result = self._read_rows(workbook, shape, progress)
        except READ_ERRORS:
            raise ImportFailed([RowError(0, FILE, UNREADABLE)]) from None
        finally:
            workbook.close()
        if not result:
            raise ImportFailed(
                [RowError(0, FILE, "文件中没有数据行：只有列名，没有要导入的记录。")]
            )
        return result

    def _read_rows(self, workbook, shape, progress) -> list[tuple[int, dict]]:
        empty = ImportFailed([RowError(0, FILE, "文件是空的：第一行应为列名，之后为数据行。")])
        if not workbook.worksheets:
            raise empty
        sheet = workbook.worksheets[0]
        # Read every row the sheet holds, whatever its dimension claims (openpyxl would
        # stop at a dimension that says fewer); core.import_limits counted them.
        sheet.reset_dimensions()
        first = sheet.iter_rows(min_row=1, max_row=1, values_only=True)
        header = next(first, None)
        first.close()
        if not header or not any(h not in (None, "") for h in header):
            raise empty
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            text = _plain_text(cell)
            if text:
                positions.setdefault(text, index)
        missing = [c.header for c in self.columns if c.required and c.header not in positions]
        if missing:
            raise ImportFailed(
                [RowError(1, FILE, "缺少列：" + "、".join(missing) + "。请使用下载的模板。")]
            )
        wanted = {c.key: positions.get(c.header) for c in self.columns}
        # Only the columns the import reads: a cell far to the right (XFD) must not make
        # every row 16,384 cells wide.
        width = max((i for i in wanted.values() if i is not None), default=0) + 1
        max_rows = settings.IMPORT_MAX_ROWS
        result = []
        progress.begin("读取文件", total=shape.rows if shape else 0)
        rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        for row_number, row in enumerate(rows, start=2):
            if row_number - 1 > max_rows:  # also when a crafted file counted differently
                raise ImportFailed([RowError(0, FILE, too_many_rows(max_rows))])
            progress.advance(row_number - 1)
            if not row or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            values: dict[str, Any] = {}
            for key, position in wanted.items():
                values[key] = (
                    row[position] if position is not None and position < len(row) else None
                )
            result.append((row_number, values))
        return result


class _Silent:
    def begin(self, step, total=0):
        pass

    def advance(self, done):
        pass


def _validation_errors(row_number, exc: ValidationError, by_key) -> list[RowError]:
    errors: list[RowError] = []
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            column = by_key.get(key)
            header = column.header if column else "整行"
            errors.extend(RowError(row_number, header, m) for m in messages)
    else:
        errors.extend(RowError(row_number, "整行", m) for m in exc.messages)
    return errors
