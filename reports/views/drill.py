"""Drill-down (查看明细): the records behind one figure of the summary, listed, sorted,
paged and exported by core.lists. The list is exactly reports.sets.DRILLDOWN[key] of the
record sets of the query string's scope, optionally narrowed to kinds of table 1 (``category``), so its
count is the figure."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from core.lists import ObjectListView
from premises.models import Supervision
from reports.counting.cells import ROW_FIELDS
from reports.figures.catalogue import figure
from reports.filters import DrillFilterSet
from reports.models import SummaryReport
from reports.scope import scope_from_params
from reports.services import MARKS, scope_of
from reports.sets import DRILLDOWN, RecordSets
from reports.tables import RECORD_KINDS
from reports.views.summary import PERMISSION

SUMMARY_VIEW = "reports.view_summaryreport"


class DrillView(ObjectListView):
    permission_required = PERMISSION
    template_name = "reports/drill.html"
    filterset_class = DrillFilterSet

    def get(self, request, key):
        pk = key
        if pk not in DRILLDOWN:
            raise Http404("没有这个统计项。")
        self.key = pk
        kind_name, self.make_set = DRILLDOWN[pk]
        self.kind = RECORD_KINDS[kind_name]
        self.model = self.kind.model
        self.columns = self.kind.columns
        self.default_sort = self.kind.default_sort
        shown = figure(pk)
        self.label, self.unit, self.definition = shown.label, shown.unit, shown.definition
        try:
            self.scope = scope_from_params(request.GET)
        except ValidationError:
            self.scope = None  # the filter form shows the error; the list is empty
        self.title = f"{self.label}明细"
        self.export_stem = self.title
        self.drill = {
            "key": pk,
            "label": self.label,
            "unit": self.unit,
            "definition": self.definition,
            "scope": self.scope,
            "summary_query": self.summary_query(request),
            "snapshot": self.snapshot(request),
        }
        return super().get(request)

    def snapshot(self, request) -> dict | None:
        """Reached from a saved summary (``summary``: its pk) of the same scope: the
        summary and its number for this list, which the page sets beside the list's count
        (records corrected since the snapshot make them differ). None otherwise."""
        pk = request.GET.get("summary", "")
        if not pk.isdigit() or self.scope is None or not request.user.has_perm(SUMMARY_VIEW):
            return None
        report = SummaryReport.objects.filter(pk=int(pk)).first()
        if report is None or scope_of(report).as_params() != self.scope.as_params():
            return None
        figures = report.figures or {}
        codes = set(request.GET.getlist("category"))
        written = self.written(figures.get(MARKS, []), codes)
        if written is not None:  # the number as the narrative states it (clicked)
            return {"report": report, "value": written}
        if codes:  # narrowed to kinds of table 1: the snapshot's rows of those kinds
            rows = [r for r in figures.get("by_category", []) if r.get("category") in codes]
            if self.key not in ROW_FIELDS or any(self.key not in r for r in rows):
                return None  # a snapshot from before the figure was kept by kind
            value = sum(r[self.key] for r in rows)
        else:
            value = figures.get(self.key)
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return {"report": report, "value": value}

    def written(self, marks: list[dict], codes: set) -> int | None:
        """The count the narrative writes for this list (its mark of this figure and
        kinds): a draft brought up to date without redrafting keeps its words, so the
        number clicked may differ from its snapshot's."""
        for mark in marks:
            if mark.get("key") == self.key and set(mark.get("categories") or ()) == codes:
                text = str(mark.get("text", "")).replace(",", "")
                return int(text) if text.isdigit() else None
        return None

    def extra_context(self) -> dict:
        return {"drill": self.drill}

    @staticmethod
    def summary_query(request) -> str:
        """The summary page of the same scope (without the table-1 narrowing)."""
        query = request.GET.copy()
        for key in ("category", "sort", "page", "export", "summary"):
            query.pop(key, None)
        return query.urlencode()

    def get_queryset(self):
        if self.scope is None:
            return self.model.objects.none()
        queryset = self.make_set(RecordSets(self.scope))
        codes = self.request.GET.getlist("category")
        if codes:
            queryset = queryset.filter(self.kind_condition(codes))
        if self.kind.related:
            queryset = queryset.select_related(*self.kind.related)
        if self.kind.prefetch:
            queryset = queryset.prefetch_related(*self.kind.prefetch)
        if self.kind.prepare:
            queryset = self.kind.prepare(queryset)
        return queryset

    def kind_condition(self, codes) -> Q:
        """Records counted under the kinds ``codes`` (as table 1 counts them): of all
        domains, those of units of that main kind; of a domain, an inspection's by the
        kind it was made under, the others by their unit's kind there (main or further)."""
        kind, scope = self.kind, self.scope
        main = Q(**{f"{kind.unit_path}category__code__in": codes})
        if scope.domain is None:
            return main
        if kind.inspected_kind is not None:
            return Q(**{f"{kind.inspected_kind}__code__in": codes})
        further = Supervision.objects.filter(
            establishment=OuterRef(f"{kind.unit_path}pk"), category__code__in=codes
        ).active_between(scope.period.start, scope.period.end)
        return main | Q(Exists(further))

    def decorate(self, objects):
        return self.kind.decorate(objects) if self.kind.decorate else objects

    def export_queryset(self, queryset):
        if self.kind.export_annotate:
            return queryset.annotate(**self.kind.export_annotate)
        return queryset
