"""Generic test classes: each model's tests subclass these and only set parameters.

Modelled on NetBox's ``utilities/testing/api.py``: one set of checks, reused for every
endpoint and list page, so that every new list gets them by adding a few lines.
"""

import io
import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def count_queries(callable_):
    with CaptureQueriesContext(connection) as ctx:
        result = callable_()
    return len(ctx.captured_queries), result


class APIEndpointTests:
    """Set ``basename``, ``make_object`` and, for writable endpoints, ``writer``,
    ``create_payload`` and ``invalid_payloads``; ``filter_cases`` for the FilterSet."""

    basename = ""
    writer = None  # persona allowed to create; None: read-only endpoint
    reader_without_write = "inspector"
    invalid_payloads: list = []  # [(payload-changes, field named in the error)]
    filter_cases: list = []  # [(query params, number of results)] after make_filter_data
    paginated = True

    def make_object(self):
        raise NotImplementedError

    def create_payload(self):
        raise NotImplementedError

    def make_filter_data(self):
        pass

    def list_url(self):
        return reverse(f"{self.basename}-list")

    def results(self, response):
        data = response.json()
        return data["results"] if self.paginated else data

    def test_anonymous_is_refused(self, client, db):
        assert client.get(self.list_url()).status_code == 401

    def test_outsider_is_refused(self, client_as, outsider):
        assert client_as(outsider).get(self.list_url()).status_code == 403

    def test_list_and_detail(self, client_as, inspector):
        obj = self.make_object()
        client = client_as(inspector)
        response = client.get(self.list_url())
        assert response.status_code == 200
        assert obj.pk in [row["id"] for row in self.results(response)]
        detail = client.get(reverse(f"{self.basename}-detail", args=[obj.pk]))
        assert detail.status_code == 200 and detail.json()["id"] == obj.pk

    def test_list_query_count_does_not_grow_with_rows(self, client_as, manager):
        client = client_as(manager)
        self.make_object()
        few, response = count_queries(lambda: client.get(self.list_url()))
        assert response.status_code == 200
        for _ in range(6):
            self.make_object()
        many, response = count_queries(lambda: client.get(self.list_url()))
        assert response.status_code == 200
        assert few == many, f"{few} queries for one row, {many} for seven"

    def test_filters(self, client_as, manager):
        if not self.filter_cases:
            return
        self.make_filter_data()
        client = client_as(manager)
        for params, expected in self.filter_cases:
            response = client.get(self.list_url(), params)
            assert response.status_code == 200, params
            assert len(self.results(response)) == expected, params

    def test_create(self, client_as, persona):
        if self.writer is None:
            response = client_as(persona("administrator")).post(
                self.list_url(), {}, content_type="application/json"
            )
            assert response.status_code == 405
            return
        payload = self.create_payload()
        refused = client_as(persona(self.reader_without_write)).post(
            self.list_url(), payload, content_type="application/json"
        )
        assert refused.status_code == 403
        response = client_as(persona(self.writer)).post(
            self.list_url(), payload, content_type="application/json"
        )
        assert response.status_code == 201, response.content.decode()
        assert response.json()["id"]

    def test_invalid_input_is_named_and_nothing_written(self, client_as, persona):
        if self.writer is None:
            return
        client = client_as(persona(self.writer))
        model = self.model
        for changes, field in self.invalid_payloads:
            payload = {**self.create_payload(), **changes}
            before = model.objects.count()
            response = client.post(self.list_url(), payload, content_type="application/json")
            assert response.status_code == 400, (changes, response.content)
            assert field in response.json(), (changes, response.json())
            assert model.objects.count() == before

    def implausible_changes(self, payload) -> list[tuple[str, object]]:
        """Values no record may hold, for each field of the create payload: dates in year
        1 and 9999, text with a control character or longer than any field allows."""
        changes = []
        for key, value in payload.items():
            if not isinstance(value, str) or not value:
                continue
            if DATE.fullmatch(value):
                changes += [(key, "0001-01-01"), (key, "9999-12-31")]
            elif DATETIME.match(value):
                changes += [(key, "0001-01-01T00:00:00"), (key, "9999-12-31T23:59:59")]
            else:
                changes += [
                    (key, value[:1] + "\x07" + value[1:]),
                    (key, value[:1] + "\x0b" + value[1:]),
                ]
                changes.append((key, "长" * (settings.TEXT_MAX_CHARS + 1)))
        return changes

    def test_implausible_values_are_refused_on_their_field(self, client_as, persona):
        """core.input_rules on every writable endpoint: a 400 naming the field, not a 500
        or a record with a date in year 1 or a name that breaks every export."""
        if self.writer is None:
            return
        client = client_as(persona(self.writer))
        payload = self.create_payload()
        changes = self.implausible_changes(payload)
        assert changes, "the create payload has no date or text field to try"
        before = self.model.objects.count()
        for key, value in changes:
            response = client.post(
                self.list_url(), {**payload, key: value}, content_type="application/json"
            )
            assert response.status_code == 400, (key, value[:40], response.content[:300])
            assert key in response.json(), (key, value[:40], response.json())
        assert self.model.objects.count() == before


class ListPageTests:
    """Set ``url_name``, ``make_object``, ``search`` (a query and the object it finds)
    and ``export_headers`` (columns the .xlsx must have)."""

    url_name = ""
    export_headers: tuple = ()

    def make_object(self, **kwargs):
        raise NotImplementedError

    def test_page_lists_rows_with_fixed_query_count(self, client_as, inspector):
        client = client_as(inspector)
        first = self.make_object()
        few, response = count_queries(lambda: client.get(reverse(self.url_name)))
        assert response.status_code == 200
        assert (
            str(first) in response.content.decode()
            or getattr(first, "name", "") in response.content.decode()
        )
        for _ in range(8):
            self.make_object()
        many, response = count_queries(lambda: client.get(reverse(self.url_name)))
        assert few == many, f"{few} queries for one row, {many} for nine"

    def test_pagination_shows_every_row_once(self, client_as, manager, monkeypatch):
        monkeypatch.setattr(self.view_class, "paginate_by", 2)
        client = client_as(manager)
        made = {self.make_object().pk for _ in range(3)}
        seen = []
        for page in (1, 2):
            response = client.get(reverse(self.url_name), {"page": page})
            assert response.status_code == 200
            seen += [obj.pk for obj, _ in response.context["rows"]]
        assert len(seen) == len(set(seen)) and made <= set(seen)
        assert response.context["page"].paginator.num_pages == (len(seen) + 1) // 2

    def test_export_has_headers_and_rows(self, client_as, manager):
        self.make_object()
        response = client_as(manager).get(reverse(self.url_name), {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        for header in self.export_headers:
            assert header in rows[0]
        assert len(rows) >= 2

    def test_bad_filter_value_shows_no_rows_and_a_message(self, client_as, manager):
        self.make_object()
        response = client_as(manager).get(reverse(self.url_name), {"township": "not-a-number"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
        assert response.context["filterset"].form.errors
