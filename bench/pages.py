"""CPU of one 50-row list page, per page kind, on the county of the reports benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weijian .venv/bin/python bench/pages.py
    DATABASE_URL=... .venv/bin/python bench/pages.py --runs 20 --only units,inspections
    DATABASE_URL=... .venv/bin/python bench/pages.py --profile units     # cProfile, top 40

Target (issue #14): a 50-row list page under 15 ms of CPU (the web process and PostgreSQL
together).

What it does, bounded in time (about a minute once the county exists) and talking only to
DATABASE_URL's server:

1. ``bench/reports.py --generate-only --reuse``: the county database
   ``weijian_bench_reports`` (5,000 units, five years of records), generated when missing;
2. copies it (``CREATE DATABASE … TEMPLATE``) into ``weijian_bench_pages`` when that is
   missing (``--fresh`` copies again), so the reports benchmark's database is never written
   and runs before and after a change read the same records;
3. in this process, with DEBUG off and persistent connections (CONN_MAX_AGE=60, as
   docs/deploy.md runs the service), signs ``bench_manager`` in through the test client
   and asks each list page (first page, default sort, no filter; a few with the filter the
   load test uses) twice to warm up, then ``--runs`` times, measuring the process's CPU
   (``time.process_time``) and the CPU of the PostgreSQL backend serving it
   (``/proc/<pid>/stat``, whole clock ticks: averaged over the runs);
4. asks each page ``--runs`` more times with timers around the template rendering (the
   outermost template only), the filter form's widgets (``BoundField.as_widget``) and the
   template variables that failed to resolve (``Variable._resolve_lookup`` raising), and
   counts the page's queries;
5. prints one row per page kind: rows shown, queries, CPU of the process and of PostgreSQL
   (median of the runs; PostgreSQL the mean), their total, the templates' and the filter
   widgets' CPU and the failed variable lookups per page.
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
SOURCE_DB = "weijian_bench_reports"
PAGES_DB = "weijian_bench_pages"
TARGET_MS = 15.0
TICK = os.sysconf("SC_CLK_TCK")

# (key, path, query): every list page of the office, on its first page.
PAGES = (
    ("units", "/premises/establishments/", {}),
    ("units by township", "/premises/establishments/", {"township": "__first__"}),
    ("practitioners", "/premises/practitioners/", {}),
    ("inspections", "/inspections/", {}),
    ("inspections of a quarter", "/inspections/", {"date_from": "2024-04-01", "date_to": "2024-06-30"}),
    ("opinions", "/inspections/opinions/", {}),
    ("opinions overdue", "/inspections/opinions/overdue/", {}),
    ("campaigns", "/inspections/campaigns/", {}),
    ("draws", "/inspections/draws/", {}),
    ("applications", "/licensing/applications/", {}),
    ("permits", "/licensing/permits/", {}),
    ("permits expiring", "/licensing/permits/expiring/", {}),
    ("unlicensed units", "/licensing/permits/unlicensed/", {}),
    ("consultations", "/licensing/consultations/", {}),
    ("health certificates", "/licensing/health/certificates/", {}),
    ("certificates missing", "/licensing/health/missing/", {}),
    ("trainings", "/licensing/health/trainings/", {}),
    ("cases", "/penalties/cases/", {}),
    ("cases due", "/penalties/cases/due/", {}),
    ("violations", "/penalties/violations/", {}),
    ("time limits", "/penalties/time-limits/", {}),
    ("summary reports", "/reports/summaries/", {}),
    ("reporting: units", "/reports/reporting/unit/", {}),
    ("drill-down visits", "/reports/drill/visits/", {"year": "2024"}),
    ("jobs", "/jobs/", {}),
)  # fmt: skip


# ------------------------------------------------------------------ database


def server(url: str) -> dict:
    import dj_database_url

    config = dj_database_url.parse(url)
    values = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    return {k: v for k, v in values.items() if v not in (None, "")}


def server_sql(conninfo: dict, statement: str, fetch=False):
    import psycopg2

    conn = psycopg2.connect(connect_timeout=10, **conninfo)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if fetch else None
    finally:
        conn.close()


def prepare_database(url: str, fresh: bool) -> str:
    """The URL of weijian_bench_pages, a copy of the county (made when missing)."""
    conninfo = server(url)
    exists = server_sql(
        conninfo, f"SELECT 1 FROM pg_database WHERE datname = '{PAGES_DB}'", fetch=True
    )
    if fresh or not exists:
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "reports.py"), "--generate-only", "--reuse"],
            check=True,
            env={**os.environ, "DATABASE_URL": url},
            timeout=900,
        )
        server_sql(conninfo, f'DROP DATABASE IF EXISTS "{PAGES_DB}" WITH (FORCE)')
        for attempt in range(20):  # the source must have no session open
            try:
                server_sql(conninfo, f'CREATE DATABASE "{PAGES_DB}" TEMPLATE "{SOURCE_DB}"')
                break
            except Exception:
                if attempt == 19:
                    raise
                time.sleep(1)
    return urlunsplit(urlsplit(url)._replace(path=f"/{PAGES_DB}"))


def setup_django(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="supervision.settings",
        DEBUG="0",
        CONN_MAX_AGE="60",
        SECRET_KEY=secrets.token_urlsafe(40),
    )
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ------------------------------------------------------------------ timing


def backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend of Django's connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


class Instruments:
    """Timers around the outer template, the form widgets and failed variable lookups."""

    def __init__(self):
        self.template = self.widgets = 0.0
        self.failed = 0
        self._depth = 0
        self._undo = []

    def __enter__(self):
        from django.forms.boundfield import BoundField
        from django.template import base
        from django.template.backends.django import Template

        outer = self

        def wrap(owner, name, nested_timer):
            original = getattr(owner, name)

            def timed(*args, **kwargs):
                if outer._depth:
                    return original(*args, **kwargs)
                outer._depth += 1
                start = time.process_time()
                try:
                    return original(*args, **kwargs)
                finally:
                    outer._depth -= 1
                    nested_timer(time.process_time() - start)

            setattr(owner, name, timed)
            self._undo.append((owner, name, original))

        def add_template(seconds):
            self.template += seconds

        wrap(Template, "render", add_template)
        original_as_widget = BoundField.as_widget

        def as_widget(*args, **kwargs):
            start = time.process_time()
            try:
                return original_as_widget(*args, **kwargs)
            finally:
                self.widgets += time.process_time() - start

        BoundField.as_widget = as_widget
        self._undo.append((BoundField, "as_widget", original_as_widget))
        original_lookup = base.Variable._resolve_lookup

        def resolve(variable, context):
            try:
                return original_lookup(variable, context)
            except Exception:
                self.failed += 1
                raise

        base.Variable._resolve_lookup = resolve
        self._undo.append((base.Variable, "_resolve_lookup", original_lookup))
        return self

    def __exit__(self, *exc):
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)


def measure(client, path: str, query: dict, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(path, query)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        return response

    for _ in range(2):
        response = get()
    python, wall = [], []
    pg_start = backend_cpu()
    for _ in range(runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        get()
        python.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    pg = (backend_cpu() - pg_start) / runs
    with Instruments() as instruments:
        for _ in range(runs):
            get()
    with CaptureQueriesContext(connection) as captured:
        response = get()
    return {
        "rows": response.content.count(b"<tr>") - 1,
        "queries": len(captured.captured_queries),
        "python": statistics.median(python) * 1000,
        "python_min": min(python) * 1000,
        "pg": pg * 1000,
        "wall": statistics.median(wall) * 1000,
        "template": instruments.template / runs * 1000,
        "widgets": instruments.widgets / runs * 1000,
        "failed": instruments.failed // runs,
    }


def save_pages(client, pages, folder: Path, township: str) -> None:
    """Each page's HTML, its per-request tokens blanked, and its second page and its sorts;
    and its .xlsx export as values (one township's rows where it filters by township),
    one row a line."""
    import io
    import re

    from openpyxl import load_workbook

    folder.mkdir(parents=True, exist_ok=True)
    token = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"|nonce="[^"]*"')
    for key, path, query in pages:
        page = client.get(path, query)
        narrowed = {"township": township} if b'name="township"' in page.content else {}
        export = client.get(path, {**query, **narrowed, "export": "xlsx"})
        if not export["Content-Type"].startswith("application/vnd.openxmlformats"):
            continue
        sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
        lines = [repr(row) for row in sheet.iter_rows(values_only=True)]
        name = key.replace(" ", "_").replace(":", "")
        (folder / f"{name}.xlsx.txt").write_text("\n".join(lines) + "\n")
        variants = {"": query, " page 2": {**query, "page": "2"}}
        for suffix, params in variants.items():
            response = client.get(path, params)
            content = token.sub(rb"\1", response.content)
            name = (key + suffix).replace(" ", "_").replace(":", "")
            (folder / f"{name}.html").write_bytes(content)
            for sort in re.findall(rb'sort=(-?[a-z_]+)"', content)[:12]:
                sorted_page = client.get(path, {**params, "sort": sort.decode()})
                sort_name = f"{name}_sort_{sort.decode()}.html"
                (folder / sort_name).write_bytes(token.sub(rb"\1", sorted_page.content))


def first_township() -> str:
    from premises.models import Township

    return str(Township.objects.order_by("order", "code").values_list("pk", flat=True)[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per page")
    parser.add_argument("--only", default="", help="page keys, comma-separated")
    parser.add_argument("--fresh", action="store_true", help="copy the county again")
    parser.add_argument("--profile", default="", help="cProfile one page key instead")
    parser.add_argument(
        "--save", default="", help="write each page's HTML into this folder instead (to diff)"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/weijian")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("DATABASE_URL must name a PostgreSQL server (postgres://user@host:port/db).")
    setup_django(prepare_database(url, args.fresh))
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_manager"))
    township = first_township()
    pages = [
        (key, path, {k: township if v == "__first__" else v for k, v in query.items()})
        for key, path, query in PAGES
    ]
    if args.profile:
        import cProfile
        import pstats

        key, path, query = next(p for p in pages if p[0] == args.profile)
        for _ in range(3):
            client.get(path, query)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            client.get(path, query)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return 0
    only = {k.strip() for k in args.only.split(",") if k.strip()}
    if args.save:
        save_pages(
            client, [p for p in pages if not only or p[0] in only], Path(args.save), township
        )
        return 0
    header = (
        f"{'page':<26}{'rows':>5}{'queries':>8}{'python':>8}{'min':>6}{'pg':>6}{'total':>7}"
        f"{'wall':>7}{'templ.':>7}{'widgets':>8}{'failed':>7}"
    )
    print(f"CPU per page in ms ({args.runs} runs; python median and min, pg mean)")
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(header)
    missed = 0
    started = time.perf_counter()
    for key, path, query in pages:
        if only and key not in only:
            continue
        r = measure(client, path, query, args.runs)
        total = r["python"] + r["pg"]
        missed += r["rows"] >= 50 and total > TARGET_MS
        print(
            f"{key:<26}{r['rows']:>5}{r['queries']:>8}{r['python']:>8.1f}{r['python_min']:>6.1f}"
            f"{r['pg']:>6.1f}"
            f"{total:>7.1f}{r['wall']:>7.1f}{r['template']:>7.1f}{r['widgets']:>8.1f}"
            f"{r['failed']:>7}",
            flush=True,
        )
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{time.perf_counter() - started:.0f} s; {missed} 50-row page(s) over {TARGET_MS} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
