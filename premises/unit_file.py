"""The unit's one file (一户一档): every record about a supervised unit on its page, as
sections and as one timeline, newest first.

premises imports no upper app. Each app that keeps records about a unit (licensing,
inspections, penalties, reports) registers its sections from its ``AppConfig.ready()``
with :func:`register_section`. A section provider is called with the unit and the request
and returns a :class:`Section` (its rows in ``context``, rendered by its ``template``; its
dated :class:`Entry` items for the timeline; its :class:`Action` links), or None when
there is nothing the user may see (no permission). A provider runs a fixed number of
queries whatever the amount of data (select_related / prefetch_related), so the page's
query count does not grow with the unit's records.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone


@dataclass
class Entry:
    """One dated event of the unit's timeline."""

    day: datetime.date
    title: str  # what happened: 发证, 监督检查, 立案 ...
    text: str = ""  # which record: a number, a kind, a result
    url: str = ""
    moment: datetime.datetime | None = None  # when the time of day is known
    tone: str = ""  # "alert" (failed, overdue, refused), "ok" or "" (plain)
    section: str = ""  # the key of the section it belongs to (set by unit_file)
    label: str = ""  # that section's short label (set by unit_file)

    def sort_key(self):
        moment = timezone.localtime(self.moment) if self.moment else None
        # An event known by its day only sorts as the day's last: a unit registered at
        # 09:00 and its application received that day show the application on top.
        return (self.day, moment.time() if moment else datetime.time.max)


@dataclass
class Action:
    """A link to act on the unit (受理申请, 登记检查, 立案 ...), offered only to those
    holding the permission: a provider adds it only when the user may."""

    label: str
    url: str
    primary: bool = False  # also shown at the top of the page


@dataclass
class Section:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    count: int | None = None  # shown in the section list beside its label
    alert: str = ""  # a short warning beside its label (2 份逾期)
    entries: list[Entry] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    key: str = ""  # set from the registration
    label: str = ""  # short name in the section list; the title by default
    order: int = 100


Provider = Callable[[Any, Any], Section | None]


@dataclass
class _Registration:
    key: str
    provider: Provider
    order: int
    label: str


_registry: dict[str, _Registration] = {}


def register_section(key: str, provider: Provider, *, order: int, label: str) -> None:
    """Add a section to every unit's page. ``key`` names it (the page's anchor, e.g.
    "permits"); registering the same key again replaces it (ready() may run twice)."""
    _registry[key] = _Registration(key, provider, order, label)


@dataclass
class UnitFile:
    sections: list[Section]
    timeline: list[Entry]

    @property
    def actions(self) -> list[Action]:
        """The primary actions of every section, for the top of the page."""
        return [a for s in self.sections for a in s.actions if a.primary]


def unit_file(establishment, request) -> UnitFile:
    sections = []
    for registration in sorted(_registry.values(), key=lambda r: r.order):
        section = registration.provider(establishment, request)
        if section is None:
            continue
        section.key = registration.key
        section.order = registration.order
        section.label = section.label or registration.label
        for entry in section.entries:
            entry.section, entry.label = section.key, section.label
        sections.append(section)
    timeline = [e for s in sections for e in s.entries]
    # Newest first; on one day, entries with the day only before those with a time. The
    # sort is stable, so records of one section keep the order the section gave them.
    timeline.sort(key=Entry.sort_key, reverse=True)
    return UnitFile(sections=sections, timeline=timeline)


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def group_by_day(items, day_of, *, title, name_of, url="", shown=6) -> list[Entry]:
    """One timeline entry per day for many small events (people hired on one day):
    "title：甲、乙、丙 等 8 人"."""
    days: dict[datetime.date, list[str]] = {}
    for item in items:
        day = day_of(item)
        if day is not None:
            days.setdefault(day, []).append(name_of(item))
    entries = []
    for day, names in days.items():
        text = "、".join(names[:shown])
        if len(names) > shown:
            text += f" 等 {len(names)} 人"
        entries.append(Entry(day=day, title=title, text=text, url=url))
    return entries
