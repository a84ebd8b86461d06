"""Saved summaries (工作总结): create with a snapshot of the figures and a narrative draft,
edit the title and narrative while a draft, publish (then never changed) or discard it (set
aside with a reason; then its scope may have a new draft), and compare the
snapshot with the figures as they are now.

The snapshot also keeps what only the narrative tells (figures["facts"]: the units' files,
training sessions, failing samples) and the marks of the draft's numbers
(figures["narrative_marks"]), by which the summary's page links them to their records.

Keyword-only and atomic, like every app's services; history is recorded with the user."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.people import display_name
from reports.counting.cells import ROW_FIELDS
from reports.figures import summary as compute_figures
from reports.figures.catalogue import FIGURES
from reports.models import SummaryReport, SummaryStatus
from reports.presentation.narrative import narrative_compose, sections_of
from reports.presentation.narrative.facts import narrative_facts
from reports.presentation.narrative.sections import places_to_fill
from reports.scope import Period, Scope, supervision

PUBLISHED_READ_ONLY = "该工作总结已发布，不能再修改；如需更正，请新建一份工作总结。"
DISCARDED_READ_ONLY = "该工作总结草稿已废弃，不能再修改或发布；如需要，请新建一份工作总结。"
MAX_REASON = SummaryReport._meta.get_field("discard_reason").max_length

MAX_TITLE = SummaryReport._meta.get_field("title").max_length


def scope_of(report: SummaryReport) -> Scope:
    return Scope(Period(report.start, report.end), report.domain, report.township)


def default_title(scope: Scope) -> str:
    domain = scope.domain.name if scope.domain else ""
    place = scope.township.name if scope.township else ""
    return f"{scope.period.label}{place}{supervision(domain)}工作总结"


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写标题。"})
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": f"标题不能超过 {MAX_TITLE} 个字。"})
    return title


def _save(report, user, reason):
    report._history_user = user
    report._change_reason = reason
    report.save()
    return report


MARKS = "narrative_marks"


def summary_last_year(scope: Scope) -> SummaryReport | None:
    """The published summary of the same scope the year before, the latest published."""
    before = scope.year_before()
    return (
        SummaryReport.objects.filter(
            status=SummaryStatus.PUBLISHED,
            start=before.period.start,
            end=before.period.end,
            domain=scope.domain,
            township=scope.township,
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def _snapshot(scope: Scope) -> dict:
    """The figures now, with the facts only the narrative tells."""
    figures = compute_figures(scope)
    return {**figures, "facts": narrative_facts(scope, figures)}


def summary_draft(*, scope: Scope, figures: dict) -> tuple[str, list[dict]]:
    """The narrative drafted from ``figures`` (a snapshot of ``scope``) and the marks of
    its numbers; the places for the manager offer last year's published text."""
    last = summary_last_year(scope)
    return narrative_compose(figures, last_year=sections_of(last.narrative) if last else {})


class DraftExists(ValidationError):
    """The scope has a draft already (``report``): finish it, or bring it up to date
    (summary_refresh); a second draft of one scope is never made."""

    def __init__(self, report: SummaryReport):
        self.report = report
        super().__init__(
            f"该统计期间和范围已有草稿“{report.title}”（{display_name(report.created_by)}编写），"
            "未再新建。请打开该草稿修改；需要最新数据时，在“重新计算”页点“更新为最新数据”。",
            code="draft_exists",
        )


def summary_draft_of(scope: Scope) -> SummaryReport | None:
    """The draft of ``scope``, if there is one."""
    return (
        SummaryReport.objects.drafts_of(
            start=scope.period.start,
            end=scope.period.end,
            domain=scope.domain,
            township=scope.township,
        )
        .select_related("created_by")
        .first()
    )


def summary_create(*, user, scope: Scope, title: str = "", narrative: str | None = None):
    """A draft summary of ``scope``: the figures now, and a narrative drafted from them
    unless one is given. Refused with DraftExists when the scope has a draft already,
    also when two managers save at the same moment (the database's constraint)."""
    title = _clean_title(title or default_title(scope))
    existing = summary_draft_of(scope)
    if existing is not None:
        raise DraftExists(existing)
    try:
        return _create(user=user, scope=scope, title=title, narrative=narrative)
    except IntegrityError:
        existing = summary_draft_of(scope)
        if existing is None:
            raise
        raise DraftExists(existing) from None


@transaction.atomic
def _create(*, user, scope: Scope, title: str, narrative: str | None) -> SummaryReport:
    figures = _snapshot(scope)
    drafted, figures[MARKS] = summary_draft(scope=scope, figures=figures)
    report = SummaryReport(
        title=title,
        start=scope.period.start,
        end=scope.period.end,
        domain=scope.domain,
        township=scope.township,
        figures=figures,
        narrative=drafted if narrative is None else narrative,
        computed_at=timezone.now(),
        created_by=user,
    )
    return _save(report, user, "新建工作总结")


def _locked(report) -> SummaryReport:
    """The draft ``report``, locked; a published or discarded summary is refused."""
    locked = SummaryReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        raise ValidationError(PUBLISHED_READ_ONLY)
    if not locked.is_draft:
        raise ValidationError(DISCARDED_READ_ONLY)
    return locked


@transaction.atomic
def summary_update(*, summary: SummaryReport, user, title: str, narrative: str):
    """Change a draft's title and narrative; a published summary is refused."""
    report = _locked(summary)
    report.title = _clean_title(title)
    report.narrative = (narrative or "").strip()
    return _save(report, user, "修改标题和正文")


@transaction.atomic
def summary_publish(*, summary: SummaryReport, user):
    """Publish a draft: from now on its snapshot, title and narrative never change."""
    report = _locked(summary)
    if not report.narrative.strip():
        raise ValidationError({"narrative": "正文为空，不能发布。"})
    if "【请填写" in report.narrative:  # also a place half edited (its 】 deleted)
        named = "、".join(places_to_fill(report.narrative)) or "【请填写…"
        raise ValidationError(
            {"narrative": f"正文中还有待填写的地方（{named}），请先修改正文后再发布。"}
        )
    report.status = SummaryStatus.PUBLISHED
    report.published_at = timezone.now()
    return _save(report, user, "发布")


@transaction.atomic
def summary_discard(*, summary: SummaryReport, user, reason: str):
    """Set a draft aside with the reason (made for the wrong period, no longer wanted): it
    stays listed as 已废弃 and its scope may have a new draft. A published summary is
    refused: it was handed over and stays as it was."""
    report = _locked(summary)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "请填写废弃原因。"})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"废弃原因不能超过 {MAX_REASON} 个字。"})
    report.status = SummaryStatus.DISCARDED
    report.discard_reason = reason
    return _save(report, user, f"废弃：{reason}")


@transaction.atomic
def summary_refresh(*, summary: SummaryReport, user, redraft: bool = False):
    """Replace a draft's snapshot with the figures now (更新为最新数据). The narrative is
    kept (the manager may have edited it) unless ``redraft``."""
    report = _locked(summary)
    marks = (report.figures or {}).get(MARKS, [])  # the kept narrative's numbers
    report.figures = _snapshot(scope_of(report))
    report.figures[MARKS] = marks
    report.computed_at = timezone.now()
    if redraft:
        report.narrative, report.figures[MARKS] = summary_draft(
            scope=scope_of(report), figures=report.figures
        )
    return _save(report, user, "更新为最新数据")


def summary_figures_now(report: SummaryReport) -> dict:
    return compute_figures(scope_of(report))


def _difference(before, now):
    if isinstance(before, bool) or isinstance(now, bool):
        return None
    if isinstance(before, int | float) and isinstance(now, int | float):
        diff = now - before
        return round(diff, 4) if isinstance(diff, float) else diff
    return None


def _cell(before, now) -> dict:
    return {
        "snapshot": before,
        "now": now,
        "difference": _difference(before, now),
        "changed": before != now,
    }


def summary_recompute(*, summary: SummaryReport, now: dict | None = None) -> dict:
    """What would change if the figures were computed again now, without changing the
    summary: every figure and every table-1 cell with its snapshot value, its value now and
    the difference (rates as fractions; the difference of two rates in fraction points)."""
    snapshot = summary.figures or {}
    now = now if now is not None else summary_figures_now(summary)
    figures = [
        {
            "key": key,
            "label": f.label,
            "unit": f.unit,
            "kind": f.kind,
            **_cell(snapshot.get(key), now.get(key)),
        }
        for key, f in FIGURES.items()
        if key in snapshot or key in now
    ]
    old_rows = {r["category"]: r for r in snapshot.get("by_category", [])}
    new_rows = {r["category"]: r for r in now.get("by_category", [])}
    order = list(old_rows) + [code for code in new_rows if code not in old_rows]
    cells = []
    for code in order:
        row = old_rows.get(code) or new_rows[code]
        for field in ROW_FIELDS:
            cells.append(
                {
                    "category": code,
                    "class": row["class"],
                    "kind": row["kind"],
                    "field": field,
                    "label": FIGURES[field].label,
                    **_cell(
                        old_rows.get(code, {}).get(field, 0), new_rows.get(code, {}).get(field, 0)
                    ),
                }
            )
    return {
        "snapshot_at": summary.computed_at,
        "computed_at": timezone.now(),
        "figures": figures,
        "table1": cells,
        "changed": any(c["changed"] for c in figures + cells),
        "changed_count": sum(c["changed"] for c in figures + cells),
    }


def summary_scope_from_form(*, start: datetime.date, end: datetime.date, domain, township):
    """A scope from the create form's fields, with the same checks as the query string."""
    try:
        period = Period(start, end)
    except ValidationError:
        raise ValidationError({"end": "结束日期不能早于开始日期。"}) from None
    if (period.end - period.start).days > 366 * 5:
        raise ValidationError({"end": "统计期间不能超过五年。"})
    return Scope(period, domain, township)
