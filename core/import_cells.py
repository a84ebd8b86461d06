"""The cells of an .xlsx import: the columns an import declares, the parsers of their
values, and the problems reported (a row's, a cell's, the file's). core.imports runs them."""

import datetime
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from core.xlsx import FORMULA_START, GUARD

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
    # Other headers meaning this column (the examining institution's 身份证号 for 身份证号码).
    synonyms: tuple[str, ...] = ()
    # What its values are (core.import_checks kinds: "person", "address"...): values that
    # look like another kind make a warning the clerk must confirm.
    holds: tuple[str, ...] = ()


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
