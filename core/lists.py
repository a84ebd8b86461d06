"""One way to list, filter, sort, page and export every kind of record.

A list page names its queryset, its FilterSet (the same one the API endpoint uses) and its
columns (a core.tables.Table of its app's tables.py); the page, its ``?export=xlsx``
download and the API all filter the same way. The page's cells are written in Python by
each column's formatter (core.tables); the template prints them.

A list whose search may hold a person's full ID number sets ``private_search``: its
filter form is sent by POST and answered by a redirect to the list (POST→redirect→GET);
a search holding a number is kept in the session and named in the URL by an opaque token
(``?search=<token>``), which pagination, sorting and the export carry instead of the
number (core.personal_data).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views import View

from core.job_kinds import BATCHES
from core.models import AccessChannel
from core.personal_data import (
    REFUSED_SEARCH,
    SEARCH_EXPIRED,
    SEARCH_PARAMETER,
    holds_id_number,
    keep_search,
    kept_search,
    may_reveal,
    no_store,
    note_logged,
    record_search,
)
from core.renderers import RENDERER
from core.tables import Column, html_rows
from core.xlsx import build_workbook, dated_filename, xlsx_response


class ObjectListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Subclasses set model, filterset_class, columns and permission_required."""

    raise_exception = False
    template_name = "core/object_list.html"
    model: Any = None  # set by each list
    filterset_class: Any = None  # set by each list
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
    # The search (``q``) may match a person's full ID number: the FilterSet is a
    # core.personal_data.IdNumberSearchMixin; the form is sent by POST (module docstring).
    private_search = False
    # The filter form's widgets written in Python (the same HTML as Django's templates).
    filter_renderer = RENDERER

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

    def search_scope(self, request) -> str:
        """What a kept search belongs to: this list (a token opens no other)."""
        return request.resolver_match.view_name

    def get_filterset(self, request, data, *, private=False):
        kwargs = {"private": private} if self.private_search else {}
        filterset = self.filterset_class(
            data or None, queryset=self.get_queryset(), request=request, **kwargs
        )
        filterset.form.renderer = self.filter_renderer
        return filterset

    def post(self, request):
        """The filter form of a list with ``private_search``: back to the list by GET with
        the same filters, a search holding an ID number kept in the session in place of
        ``q`` and, by a user who may see full numbers, logged (what it matched)."""
        if not self.private_search:
            return self.http_method_not_allowed(request)
        names = set(self.filterset_class.base_filters) | {"sort"}
        query = QueryDict(mutable=True)
        for key, values in request.POST.lists():
            values = [v for v in values if v.strip()]
            if key in names and values:
                query.setlist(key, values)
        text = query.get("q", "")
        if holds_id_number(text):
            filterset = self.get_filterset(request, query.copy(), private=True)
            query.pop("q")
            token = keep_search(request, scope=self.search_scope(request), text=text)
            query[SEARCH_PARAMETER] = token
            number = filterset.searched_id_number()
            if number and may_reveal(request.user):
                matches = filterset.id_number_matches(filterset.qs.prefetch_related(None), number)
                logged = self.log_search(request, filterset, number, list(matches))
                note_logged(request, token, [row.object_id for row in logged if row.object_id])
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)

    def log_search(self, request, filterset, number, matches, channel=AccessChannel.SEARCH):
        return record_search(
            request,
            matches,
            model=self.model,
            number=number,
            field=filterset.id_number_field,
            channel=channel,
        )

    def get(self, request):
        data = request.GET.copy()
        token = request.GET.get(SEARCH_PARAMETER) if self.private_search else None
        kept = token and kept_search(request, token, scope=self.search_scope(request))
        if kept:
            data["q"] = kept["q"]
        filterset = self.get_filterset(request, data, private=bool(kept))
        valid = filterset.is_bound and filterset.is_valid()
        if token and not kept:
            filterset.form.add_error("q", SEARCH_EXPIRED)
            valid = False
        queryset = filterset.qs if valid else filterset.queryset
        if filterset.is_bound and not valid:
            queryset = queryset.none()
        number = filterset.searched_id_number() if kept else ""
        # The form shows the number typed (sent, or refused in a URL): kept by no cache.
        shows_number = self.private_search and holds_id_number(data.get("q", ""))
        sort = request.GET.get("sort", self.default_sort)
        sort_key = sort.lstrip("-")
        ordering = self.sort_choices().get(sort_key)
        if ordering:
            prefix = "-" if sort.startswith("-") else ""
            queryset = queryset.order_by(*[prefix + o for o in ordering], "pk")
        else:
            sort = ""
        if request.GET.get("export") == "xlsx":
            if kept and not may_reveal(request.user):
                raise PermissionDenied(REFUSED_SEARCH)
            response = self.export(queryset)
            if number:
                matches = filterset.id_number_matches(queryset.prefetch_related(None), number)
                self.log_search(request, filterset, number, list(matches), AccessChannel.EXPORT)
            return no_store(response) if shows_number else response
        # The page's keys first (sorted and cut in one narrow query, without the joins
        # of select_related), then its rows with their related records: PostgreSQL sorts
        # the table alone instead of the table joined (one query more; the county's health
        # certificates list went from about 165 to 25 ms of PostgreSQL's CPU).
        page = Paginator(queryset.values_list("pk", flat=True), self.paginate_by).get_page(
            request.GET.get("page")
        )
        keys = list(page.object_list)
        found = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        objects = self.decorate([found[pk] for pk in keys if pk in found])
        if number and kept:  # a number is searched only in a kept search
            # Logged when it was sent; a record matching since (or under other filters in
            # the URL) is logged when first shown.
            shown = [
                obj
                for obj in objects
                if filterset.is_id_number_match(obj, number) and obj.pk not in kept["logged"]
            ]
            if shown:
                self.log_search(request, filterset, number, shown)
                note_logged(request, token, [obj.pk for obj in shown])
        columns = [c for c in self.columns if c.html]
        rows, body = html_rows(columns, objects)
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        if shows_number:
            query.pop("q", None)  # refused in a URL: never repeated in the page's links
        response = render(
            request,
            self.template_name,
            {
                "title": self.title,
                "filterset": filterset,
                "columns": columns,
                "rows": rows,
                "body": body,
                "page": page,
                "sort": sort,
                "query": query.urlencode(),
                "query_without_sort": _without(query, "sort"),
                "can_add": self.add_url_name and request.user.has_perm(self.add_permission),
                "add_url_name": self.add_url_name,
                "can_import": self.import_url_name
                and request.user.has_perm(self.import_permission),
                "import_url_name": self.import_url_name,
                "pdf_batch": None
                if shows_number
                else self.pdf_batch_offer(request, page.paginator.count),
                "private_search": self.private_search,
                "can_export": not (kept and not may_reveal(request.user)),
                **self.extra_context(),
            },
        )
        return no_store(response) if shows_number else response

    def pdf_batch_offer(self, request, count):
        batch = BATCHES.get(self.pdf_batch)
        if batch is None or not count or not request.user.has_perm(batch.permission):
            return None
        return {
            "code": batch.code,
            "count": count,
            "max": settings.PDF_BATCH_MAX,
            "combined": batch.combined is not None,
            "combined_max": settings.PDF_COMBINED_MAX,
        }

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
