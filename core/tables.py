"""Tables: one named set of columns per model, and how each cell is written.

Every app declares its tables in ``<app>/tables.py`` (NetBox's ``tables`` modules are the
model): ``ESTABLISHMENTS = Table(Column(...), township(), ...)``. A list page shows one
(``ObjectListView.columns``), its ``?export=xlsx`` writes the same columns, and a
drill-down or a panel picks from it (``Table.pick``), so a column is declared once.

A :class:`Column` says how to read its value from a row (``value``: what the export
writes — a date as a date, a number as a number) and how to write it on a page (``kind``:
one of the formatters below, which turns the value into the cell's HTML, escaped). The list
template prints the cells as they are: it never guesses a value's type.

The shared columns every app shows the same way are built here: :func:`township`,
:func:`unit`, :func:`person` and :func:`people` (a name, never a login: core.people),
:func:`money` and :func:`date`.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from core import formatting
from core.people import display_name, display_names

Formatter = Callable[[Any], str]


# ---------------------------------------------------------------- formatters
# Each takes a column's value and returns the cell's HTML (escaped); None is an empty cell.


def text(value: Any) -> str:
    """Text as it is, escaped (a number as Django writes it: 12, 0.5)."""
    if value is None:
        return ""
    return conditional_escape(localize(value))


def count(value: Any) -> str:
    """A whole number: 617."""
    if value is None:
        return ""
    return str(value) if type(value) is int else conditional_escape(localize(value))


def date(value: dt.date | None) -> str:
    """A day: 2024-05-01 (a moment: its local day)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return value.isoformat()


def date_time(value: dt.datetime | None) -> str:
    """A moment in local time, to the minute: 2024-05-01 09:30."""
    if value is None:
        return ""
    return _local(value).strftime("%Y-%m-%d %H:%M")


def long_date_time(value: dt.datetime | None) -> str:
    """A moment in local time in words, as a record's link shows it: 2024年5月1日 09:30."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


def money(value: Any) -> str:
    """Yuan, as every page writes them (core.formatting): 14,500.00."""
    if value is None:
        return ""
    return formatting.money(value)


def boolean(value: bool | None) -> str:
    """是 / 否."""
    if value is None:
        return ""
    return "是" if value else "否"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# ---------------------------------------------------------------- columns and tables


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``value(row)`` is what the export writes; ``kind(value)`` writes it on a page. ``link``:
    the cell links to the row's page (``get_absolute_url``). ``order_by``: the fields the
    list sorts by when the column's header is clicked. ``html``/``export``: shown on the
    page / written to the .xlsx. ``width``: of the export's column, in characters.
    """

    key: str
    header: str
    value: Callable[[Any], Any]
    order_by: tuple[str, ...] = ()
    link: bool = False
    export: bool = True
    html: bool = True
    width: int = 14
    kind: Formatter = text
    _open: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self):
        object.__setattr__(self, "_open", f'<td class="col-{escape(self.key)}">')

    def cell(self, row: Any, value: Any) -> str:
        """The cell's HTML (without its ``<td>``) for ``value``, read from ``row``."""
        shown = self.kind(value)
        if self.link:
            return f'<a href="{conditional_escape(row.get_absolute_url())}">{shown}</a>'
        return shown

    def td(self, row: Any, value: Any) -> str:
        return f"{self._open}{self.cell(row, value)}</td>"


class Table(tuple[Column, ...]):
    """A named set of columns for one model, in the order a list page shows them.

    A tuple of :class:`Column` (a list view's ``columns`` may be any such tuple), with ways
    to take part of it for another context: ``pick("name", "township")``,
    ``without("phone")``, ``replace(Column(...))``, ``change("phone", html=True)``,
    ``column("name")``; ``+`` adds columns."""

    def __new__(cls, *columns: Column) -> "Table":
        keys = [c.key for c in columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a column key twice in {keys}")
        return super().__new__(cls, columns)

    def column(self, key: str) -> Column:
        for column in self:
            if column.key == key:
                return column
        raise KeyError(key)

    def pick(self, *keys: str) -> "Table":
        """These columns, in this order."""
        return Table(*(self.column(key) for key in keys))

    def without(self, *keys: str) -> "Table":
        missing = set(keys) - {c.key for c in self}
        if missing:
            raise KeyError(", ".join(sorted(missing)))
        return Table(*(c for c in self if c.key not in keys))

    def replace(self, *columns: Column) -> "Table":
        """The same table with these columns in place of those of the same key."""
        by_key = {c.key: c for c in columns}
        missing = set(by_key) - {c.key for c in self}
        if missing:
            raise KeyError(", ".join(sorted(missing)))
        return Table(*(by_key.get(c.key, c) for c in self))

    def change(self, key: str, **options) -> "Table":
        """The same table with the column ``key`` changed: ``change("phone", html=True)``."""
        return self.replace(dataclasses.replace(self.column(key), **options))

    def __add__(self, other: tuple[Any, ...]) -> "Table":
        return Table(*self, *other)

    def shown(self) -> "Table":
        return Table(*(c for c in self if c.html))

    def exported(self) -> "Table":
        return Table(*(c for c in self if c.export))


def html_rows(columns: Iterable[Column], objects: Iterable[Any]):
    """For a page of ``objects``: each row as ``(obj, [(column, value), …])`` (what code
    and tests read) and the HTML of its cells, one safe string per row."""
    columns = tuple(columns)
    rows, html = [], []
    for obj in objects:
        values = [c.value(obj) for c in columns]
        cells = list(zip(columns, values, strict=True))
        rows.append((obj, cells))
        html.append(mark_safe("".join(c.td(obj, v) for c, v in cells)))
    return rows, html


# ---------------------------------------------------------------- shared columns


def _path(path: str, *rest: str) -> tuple[str, str]:
    """An attribute path and its ORM lookup: ("inspection.establishment", "township")."""
    dotted = ".".join(p for p in (path, *rest) if p)
    return dotted, dotted.replace(".", "__")


def township(path: str = "", **options) -> Column:
    """The township (乡镇（街道）) of the row, or of the object at ``path`` (``"establishment"``,
    ``"inspection.establishment"``): its name, sorted in the townships' order."""
    dotted, lookup = _path(path, "township")
    options.setdefault("order_by", (f"{lookup}__order", f"{lookup}__code"))
    return Column("township", "乡镇（街道）", attrgetter(f"{dotted}.name"), **options)


def unit(path: str = "establishment", header: str = "单位", **options) -> Column:
    """The unit (被监督单位) at ``path``, by name (empty for none), sorted by name."""
    dotted, lookup = _path(path)
    options.setdefault("order_by", (f"{lookup}__name",))
    options.setdefault("width", 30)
    get = attrgetter(dotted)

    def name(row):
        found = get(row)
        return "" if found is None else found.name

    return Column(options.pop("key", "establishment"), header, name, **options)


def person(key: str, header: str, path: str, **options) -> Column:
    """A user (an officer, who recorded) by name, never by login; empty for none."""
    get = attrgetter(path)

    def name(row):
        return display_name(get(row))

    return Column(key, header, name, **options)


def people(key: str, header: str, path: str, **options) -> Column:
    """Several users by name, joined by 、 in the order the manager at ``path`` gives."""
    get = attrgetter(path)

    def names(row):
        return display_names(get(row).all())

    return Column(key, header, names, **options)


def money_column(key: str, header: str, value: Callable[[Any], Any], **options) -> Column:
    """An amount of yuan: a number in the export, 14,500.00 on the page."""
    options.setdefault("width", 12)
    return Column(key, header, value, kind=money, **options)


def date_column(key: str, header: str, path: str | None = None, **options) -> Column:
    """A day read from the attribute ``path`` (by default the key), sorted by it."""
    dotted = path or key
    options.setdefault("order_by", (dotted.replace(".", "__"),))
    options.setdefault("width", 12)
    return Column(key, header, attrgetter(dotted), kind=date, **options)
