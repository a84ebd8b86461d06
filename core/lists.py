"""One way to list, filter, sort, page and export every kind of record.

A list page names its queryset, its FilterSet (the same one the API endpoint uses) and its
columns; the page, its ``?export=xlsx`` download and the API all filter the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from core.job_kinds import BATCHES
from core.xlsx import build_workbook, dated_filename, xlsx_response


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[Any], Any]
    order_by: tuple[str, ...] = ()
    link: bool = False
    export: bool = True
    html: bool = True
    width: int = 14


class ObjectListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Subclasses set model, filterset_class, columns and permission_required."""

    raise_exception = False
    template_name = "core/object_list.html"
    model = None
    filterset_class = None
    columns: tuple[Column, ...] = ()
    default_sort = ""
    paginate_by = 50
    title = ""
    export_stem = ""
    add_url_name = ""
    add_permission = ""
    import_url_name = ""
    import_permission = ""
    # The code of a core.job_kinds.DocumentBatch: the page offers the PDFs of the records
    # it shows (all pages, as filtered) as one .zip made in the background.
    pdf_batch = ""

    def get_queryset(self):
        return self.model.objects.all()

    def extra_context(self) -> dict:
        """More context for the page (e.g. what a drill-down list is the records of)."""
        return {}

    def decorate(self, objects: list) -> list:
        """Add per-row figures for one page of objects (a fixed number of queries)."""
        return objects

    def export_queryset(self, queryset):
        """The queryset the export iterates; may annotate figures over the whole set."""
        return queryset

    def sort_choices(self):
        return {c.key: c.order_by for c in self.columns if c.order_by}

    def get(self, request):
        filterset = self.filterset_class(
            request.GET or None, queryset=self.get_queryset(), request=request
        )
        queryset = (
            filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        )
        if filterset.is_bound and not filterset.is_valid():
            queryset = queryset.none()
        sort = request.GET.get("sort", self.default_sort)
        sort_key = sort.lstrip("-")
        ordering = self.sort_choices().get(sort_key)
        if ordering:
            prefix = "-" if sort.startswith("-") else ""
            queryset = queryset.order_by(*[prefix + o for o in ordering], "pk")
        else:
            sort = ""
        if request.GET.get("export") == "xlsx":
            return self.export(queryset)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        objects = self.decorate(list(page.object_list))
        columns = [c for c in self.columns if c.html]
        rows = [(obj, [(c, c.value(obj)) for c in columns]) for obj in objects]
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        return render(
            request,
            self.template_name,
            {
                "title": self.title,
                "filterset": filterset,
                "columns": columns,
                "rows": rows,
                "page": page,
                "sort": sort,
                "query": query.urlencode(),
                "query_without_sort": _without(query, "sort"),
                "can_add": self.add_url_name and request.user.has_perm(self.add_permission),
                "add_url_name": self.add_url_name,
                "can_import": self.import_url_name
                and request.user.has_perm(self.import_permission),
                "import_url_name": self.import_url_name,
                "pdf_batch": self.pdf_batch_offer(request, page.paginator.count),
                **self.extra_context(),
            },
        )

    def pdf_batch_offer(self, request, count):
        batch = BATCHES.get(self.pdf_batch)
        if batch is None or not count or not request.user.has_perm(batch.permission):
            return None
        return {"code": batch.code, "count": count, "max": settings.PDF_BATCH_MAX}

    def export(self, queryset):
        columns = [c for c in self.columns if c.export]
        rows = (
            [c.value(obj) for c in columns]
            for obj in self.export_queryset(queryset).iterator(chunk_size=2000)
        )
        content = build_workbook(
            self.title, [c.header for c in columns], rows, widths=[c.width for c in columns]
        )
        return xlsx_response(content, dated_filename(self.export_stem or self.title))


def _without(query, key):
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()
