"""Load test: 50 office staff at once against gunicorn on PostgreSQL, on the county of the
reports benchmark (bench/reports.py: 5,000 units, five years of records).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weijian .venv/bin/python bench/load.py
    DATABASE_URL=... .venv/bin/python bench/load.py --no-think      # every user as fast as it can

Target (issue #7): 50 concurrent users for 60 s mixing list pages with filters, detail
pages, API lists, inspection entry, permit issue and the summary, with no error and a 95th
percentile under 300 ms for every page and API list. Exit status 1 otherwise, naming what
missed.

What it does, every step bounded in time and talking only to 127.0.0.1:

1. ``bench/reports.py --generate-only --reuse``: the county database
   ``weijian_bench_reports`` on DATABASE_URL's server, generated when missing (~5 s,
   ``--regenerate`` to generate it again);
2. copies it (``CREATE DATABASE … TEMPLATE``, ~1 s) into ``weijian_bench_load``, so each
   run starts from the same records and the reports benchmark's database is never written;
3. prepares the copy through Django: passwords, roles (the generator leaves
   ``bench_clerk`` without one) and API tokens for ``bench_manager``, ``bench_clerk`` and
   ``bench_inspector1..20``; ``--applications`` applications received and approved through
   the licensing services (units needing a public-place permit that hold none today), for
   the clerks to issue; the kept summary counts of 2024 and 2023 (``refresh_summaries``, as
   the office's cron job keeps them); and a JSON file of ids the users pick their records
   from (bench/locustfile.py reads it);
4. starts gunicorn as docs/deploy.md runs it on two cores (``--workers 5``, sync workers:
   ``--threads 1``; ``--conn-max-age 60`` as CONN_MAX_AGE), with DEBUG off, a random
   SECRET_KEY and the development settings (the production ones force HTTPS cookies), on a
   free port, and warms it up (every page kind, by workers × threads sessions at once, on
   new connections so that each worker renders each; not counted: a real server has run
   for a while);
5. runs locust headless (bench/locustfile.py): the users start (``--spawn-rate`` a second)
   and sign in, a phase reported apart; 3 s after the last sign-in the statistics are reset
   and ``--time`` seconds are measured with every user signed in;
6. prints, per kind of request and in total: requests, failures, median, p95, p99, max and
   requests/s, with the machine, the load average and where the CPU went (gunicorn,
   PostgreSQL, locust, anything else); then stops gunicorn and drops the copy (``--keep``
   leaves it), whatever happened.
"""

import argparse
import csv
import datetime
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOURCE_DB = "weijian_bench_reports"
LOAD_DB = "weijian_bench_load"
PASSWORD = "bench-load-Weijian-2024"
TARGET_MS = 300
# Requests not under the p95 target: signing in (a deliberately slow password hash, once per
# user) and the two writes. Every other request kind is a page or an API list.
NOT_TIMED = {"login", "inspection entry", "permit issue"}


# ------------------------------------------------------------------ database


def server_url() -> tuple[str, dict]:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/weijian")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("DATABASE_URL must name a PostgreSQL server (postgres://user@host:port/db).")
    import dj_database_url

    config = dj_database_url.parse(url)
    server = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    return url, {k: v for k, v in server.items() if v not in (None, "")}


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def server_sql(server: dict, statement: str, name: str | None = None, fetch=False):
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(connect_timeout=10, **server)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            if name is None:
                cursor.execute(statement)
            else:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
            return cursor.fetchall() if fetch else None
    finally:
        conn.close()


def copy_database(server: dict) -> None:
    """weijian_bench_load as a copy of the county (the source must have no session open)."""
    import psycopg2

    server_sql(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", LOAD_DB)
    statement = f'CREATE DATABASE "{LOAD_DB}" TEMPLATE "{SOURCE_DB}"'
    for attempt in range(20):
        try:
            server_sql(server, statement)
            return
        except psycopg2.errors.ObjectInUse:  # someone is reading the source: try again
            if attempt == 19:
                raise
            time.sleep(1)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "supervision.settings"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ------------------------------------------------------------------ preparation


def prepare(n_applications: int) -> dict:
    """Accounts, approved applications and the ids the users pick from; returns the data
    the locustfile reads."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.utils import timezone

    from core.roles import Role
    from core.tokens import token_issue
    from inspections.models import Inspection
    from licensing import services
    from licensing.choices import ApplicationStatus
    from licensing.models import Application, Permit, PermitType
    from penalties.models import PenaltyCase
    from premises.choices import EstablishmentStatus
    from premises.models import Establishment, Township

    rng = random.Random(7)
    User = get_user_model()
    roles = [(f"bench_inspector{n}", Role.INSPECTOR) for n in range(1, 21)]
    roles += [("bench_clerk", Role.CLERK), ("bench_manager", Role.MANAGER)]
    accounts = {"inspector": [], "clerk": [], "manager": []}
    for username, role in roles:
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role.value))
        _, token = token_issue(user=user)
        accounts[role.value].append({"id": user.pk, "username": username, "token": token})
    clerk = User.objects.get(username="bench_clerk")
    boss = User.objects.get(username="bench_manager")  # the 负责人 decides
    team = list(User.objects.filter(username__in=["bench_inspector1", "bench_inspector2"]))

    def site_check(unit):
        """The on-site check the public-place permit's review asks for."""
        from inspections.services import inspection_record

        return inspection_record(
            user=team[0],
            establishment=unit,
            inspected_at=timezone.now() - datetime.timedelta(hours=1),
            inspectors=team,
            kind="routine",
            person_present="负责人",
            result="compliant",
        )

    today = timezone.localdate()
    permit_type = PermitType.objects.get(code="public_place")
    units = Establishment.objects.filter(status=EstablishmentStatus.OPERATING)
    needing = units.filter(category__in=permit_type.categories.values("pk"))
    holding = Permit.objects.valid_on(today).filter(permit_type=permit_type)
    pending = Application.objects.filter(
        status__in=[
            ApplicationStatus.RECEIVED,
            ApplicationStatus.REVIEWED,
            ApplicationStatus.APPROVED,
        ]
    )
    candidates = list(
        needing.exclude(pk__in=holding.values("establishment_id"))
        .exclude(pk__in=pending.values("establishment_id"))
        .select_related("category")
        .order_by("pk")
    )
    rng.shuffle(candidates)
    applications, refused = [], 0
    started = time.perf_counter()
    for unit in candidates[:n_applications]:
        try:
            application = services.application_receive(
                user=clerk,
                establishment=unit,
                permit_type=permit_type,
                kind="new",
                business_scope=unit.category.name,
            )
            services.application_review(
                application=application, user=clerk, note="材料齐全", inspection=site_check(unit)
            )
            services.application_decide(application=application, user=boss, approve=True)
        except ValidationError:
            refused += 1
            continue
        applications.append(application.pk)
    print(
        f"  {len(applications)} applications received and approved for the clerks to issue "
        f"({len(candidates):,} units without a permit; {refused} refused) in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    if len(applications) < n_applications:
        print(f"  warning: only {len(applications)} of {n_applications} applications prepared")

    started = time.perf_counter()
    for year in (2024, 2023):  # what the office's cron job keeps (README: refresh_summaries)
        call_command("refresh_summaries", year=year, stdout=open(os.devnull, "w"))
    print(f"  kept summary counts of 2024 and 2023 in {time.perf_counter() - started:.1f} s")

    def sample(queryset, k):
        ids = list(queryset.values_list("pk", flat=True))
        return sorted(rng.sample(ids, min(k, len(ids))))

    return {
        "password": PASSWORD,
        "today": today.isoformat(),
        "accounts": accounts,
        "applications": applications,
        "establishments": sample(units, 300),
        "inspections": sample(Inspection.objects.filter(inspected_at__year=2024), 300),
        "permits": sample(Permit.objects.all(), 200),
        "cases": sample(PenaltyCase.objects.all(), 150),
        "townships": [
            {"id": pk, "code": code}
            for pk, code in Township.objects.order_by("order").values_list("pk", "code")
        ],
        "categories": sorted(
            set(Establishment.objects.values_list("category_id", flat=True).distinct())
        ),
    }


def counts() -> dict:
    from django.db import connection

    from inspections.models import Inspection
    from licensing.models import Permit

    counted = {"inspections": Inspection.objects.count(), "permits": Permit.objects.count()}
    connection.close()
    return counted


# ------------------------------------------------------------------ machine


def machine() -> dict:
    info = {"cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return info


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children alive now (gunicorn workers)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0.0
    seconds = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            seconds += times.user + times.system
        except psutil.Error:
            pass
    return seconds


def postgres_cpu() -> float | None:
    """CPU seconds used so far by the local PostgreSQL server: every server process, and
    the backends that have exited (reaped by the postmaster, so in its children's times).
    None when no postgres process is visible (a server on another machine)."""
    import psutil

    total, found = 0.0, False
    for process in psutil.process_iter(["name", "ppid"]):
        try:
            if process.info["name"] != "postgres":
                continue
            found = True
            times = process.cpu_times()
            total += times.user + times.system
            if psutil.Process(process.info["ppid"]).name() != "postgres":  # the postmaster
                total += times.children_user + times.children_system
        except psutil.Error:
            pass
    return total if found else None


def postgres_version(server: dict) -> str:
    return server_sql(server, "SHOW server_version", fetch=True)[0][0]


# ------------------------------------------------------------------ gunicorn and locust


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, threads: int, conn_max_age: int, log: Path):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "supervision.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CONN_MAX_AGE": str(conn_max_age),
    }
    command = [
        str(BIN / "gunicorn"),
        "supervision.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", "60",
        "--graceful-timeout", "5",
        # Longer than the think time: a connection is not closed just as the user sends
        # again (as a reverse proxy in front would keep it).
        "--keep-alive", "10",
        "--no-control-socket",
        "--error-logfile", str(log),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as answer:
                if answer.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port} within 60 s; see {log}")


def warm_up(port: int, data: dict, sessions: int) -> float:
    """Every page kind once per session, ``sessions`` at a time on new connections (spread
    over the workers), so that the measured run does not count the first render of each
    template in each worker; as a real server, the workers have run for a while."""
    import http.cookiejar
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlencode

    base = f"http://127.0.0.1:{port}"
    town = data["townships"][0]
    year = "start=2024-01-01&end=2024-12-31&domain=public_places"
    pages = [
        "/",
        f"/premises/establishments/?township={town['id']}&category={data['categories'][0]}",
        f"/premises/establishments/{data['establishments'][0]}/",
        "/inspections/?kind=routine&date_from=2024-03-01&date_to=2024-05-28",
        f"/inspections/records/{data['inspections'][0]}/",
        f"/licensing/permits/?township={town['id']}",
        f"/licensing/permits/{data['permits'][0]}/",
        "/licensing/applications/?status=approved",
        f"/licensing/applications/{data['applications'][0]}/",
        "/penalties/cases/",
        f"/penalties/cases/{data['cases'][0]}/",
        "/reports/summary/?period=year&year=2024",
        f"/reports/drill/visits/?{year}",
        f"/reports/drill/licence_due/?{year}",
        "/reports/dashboard/",
    ]
    api = [f"/api/v1/establishments/?township={town['id']}", "/api/v1/inspections/?year=2024"]
    token = data["accounts"]["manager"][0]["token"]

    def one(_):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(base + "/login/", timeout=60).read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        form = {"username": "bench_manager", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        opener.open(base + "/login/", urlencode(form).encode(), timeout=60).read()
        for page in pages:
            opener.open(base + page, timeout=60).read()
        for url in api:
            request = urllib.request.Request(
                base + url, headers={"Authorization": f"Token {token}"}
            )
            urllib.request.urlopen(request, timeout=60).read()

    started = time.perf_counter()
    with ThreadPoolExecutor(sessions) as pool:
        list(pool.map(one, range(sessions)))
    return time.perf_counter() - started


def stop(process) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: master and workers
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def run_locust(args, port: int, gunicorn_pid: int, data_file: Path, work: Path) -> int:
    env = {
        **os.environ,
        "BENCH_LOAD_DATA": str(data_file),
        "BENCH_LOAD_THINK": "0" if args.no_think else "1",
        "BENCH_LOAD_SECONDS": str(args.time),
        "BENCH_LOAD_PHASES": str(work / "phases.json"),
        "BENCH_LOAD_GUNICORN_PID": str(gunicorn_pid),
    }
    command = [
        str(BIN / "locust"),
        "-f", str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate),
        # The locustfile ends the run args.time after every user signed in; this is a bound.
        "--run-time", f"{args.time + 180}s",
        "--stop-timeout", "10",
        "--host", f"http://127.0.0.1:{port}",
        "--csv", str(work / "load"),
        "--only-summary",
        "--logfile", str(work / "locust.log"),
    ]  # fmt: skip
    with open(work / "locust.out", "w") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
        try:
            return process.wait(timeout=args.time + 240)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
            raise RuntimeError("locust did not finish in time") from None


# ------------------------------------------------------------------ report


def read_csv(path: str) -> list[dict]:
    if not Path(path).exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_stats(prefix: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """Locust's statistics, failures and exceptions raised in tasks (whole run)."""
    return tuple(read_csv(f"{prefix}_{part}.csv") for part in ("stats", "failures", "exceptions"))


HEADER = (
    f"{'request':<22}{'count':>7}{'fail':>6}{'median':>8}{'p95':>7}{'p99':>7}{'max':>7}"
    f"{'req/s':>7}  target"
)


def report(rows: list[dict], failures: list[dict], exceptions: list[dict]) -> list[str]:
    """Print the measured window's table; return what missed the targets."""
    missed = [f"{e['Count']} exceptions in tasks: {e['Message'][:200]}" for e in exceptions]
    print(HEADER)
    rows = sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"]))
    for row in rows:
        if row["Request Count"] == "0":  # only during the sign-in phase
            continue
        name = row["Name"]
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        p95 = float(row["95%"]) if row["95%"] not in ("N/A", "") else 0.0
        verdict = ""
        if name != "Aggregated":
            if failed:
                missed.append(f"{name}: {failed} failures")
            if name in NOT_TIMED:
                verdict = "(not timed)"
            else:
                verdict = f"p95 < {TARGET_MS} ms: " + ("ok" if p95 < TARGET_MS else "MISSED")
                if p95 >= TARGET_MS:
                    missed.append(f"{name}: p95 {p95:.0f} ms")
        label = "total" if name == "Aggregated" else name
        print(
            f"{label:<22}{count:>7}{failed:>6}{row['50%']:>8}{row['95%']:>7}{row['99%']:>7}"
            f"{float(row['Max Response Time']):>7.0f}{float(row['Requests/s']):>7.1f}  {verdict}"
        )
    for failure in failures:
        print(
            f"  failure ×{failure['Occurrences']}: {failure['Method']} {failure['Name']}: "
            f"{failure['Error'][:300]}"
        )
    return missed


def report_sign_in(phase: dict) -> list[str]:
    """The sign-in phase (not under the p95 target; its errors count)."""
    print(
        f"sign-in phase: {phase['users']} users started and signed in in "
        f"{phase['seconds']:.0f} s (their first requests included; not under the p95 target; "
        f"then {phase['settle']:.0f} s for the queue to drain)"
    )
    print(HEADER.replace("  target", ""))
    rows = sorted(phase["entries"].items()) + [("total", phase["total"])]
    for name, e in rows:
        print(
            f"{name:<22}{e['count']:>7}{e['failures']:>6}{e['median'] or 0:>8.0f}"
            f"{e['p95'] or 0:>7.0f}{e['p99'] or 0:>7.0f}{e['max'] or 0:>7.0f}{'':>7}"
        )
    for error in phase["errors"]:
        print(f"  failure ×{error['occurrences']}: {error['name']}: {error['error'][:300]}")
    return [f"sign-in phase: {e['occurrences']} failures of {e['name']}" for e in phase["errors"]]


def report_cpu(window: dict, cores: int) -> None:
    start, end = window["cpu"]
    seconds = window["seconds"]
    used = end["busy"] - start["busy"]
    share = used / max(1e-9, end["total"] - start["total"])
    mine = {k: end[k] - start[k] for k in ("gunicorn", "locust")}
    postgres = None if start["postgres"] is None else end["postgres"] - start["postgres"]
    rest = used - mine["gunicorn"] - mine["locust"] - (postgres or 0.0)
    pg = "" if postgres is None else f"PostgreSQL {postgres:.0f} s, "
    print(
        f"CPU in the measured {seconds:.0f} s ({cores} cores: {cores * seconds:.0f} s): "
        f"{used:.0f} s used ({share:.0%}): gunicorn {mine['gunicorn']:.0f} s, {pg}"
        f"locust {mine['locust']:.0f} s, other work on the machine {max(0.0, rest):.0f} s"
    )
    shares = sorted(b for _, b in window.get("busy", []))
    if shares:
        print(
            f"  the machine's CPU second by second: median {shares[len(shares) // 2]:.0%}, "
            f"busiest {shares[-1]:.0%}; seconds over 90%: {sum(b > 0.9 for b in shares)}"
        )
    slow = [s for s in window.get("slow", []) if s[0] >= window.get("start", 0)]
    if slow:
        kinds = {}
        for _, name, _ in slow:
            kinds[name] = kinds.get(name, 0) + 1
        print(
            f"  requests of {TARGET_MS} ms or more: {len(slow)} ("
            + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda i: -i[1]))
            + ")"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument(
        "--time", type=int, default=60, help="seconds measured once every user has signed in"
    )
    # Defaults: the service of docs/deploy.md (two cores: 5 sync workers, CONN_MAX_AGE=60).
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (more than 1: gthread)"
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=60,
        help="CONN_MAX_AGE for gunicorn (0: a database connection per request, the settings' "
        "default when unset)",
    )  # fmt: skip
    parser.add_argument(
        "--no-think", action="store_true", help="no think time: each user sends at once again"
    )
    parser.add_argument(
        "--applications", type=int, default=None,
        help="approved applications for the clerks to issue (default 300, 1500 with --no-think)",
    )  # fmt: skip
    parser.add_argument(
        "--regenerate", action="store_true", help="generate weijian_bench_reports again"
    )
    parser.add_argument("--keep", action="store_true", help=f"leave {LOAD_DB} afterwards")
    args = parser.parse_args()
    if args.applications is None:
        args.applications = 1500 if args.no_think else 300
    url, server = server_url()
    work = Path(tempfile.mkdtemp(prefix="weijian-load-"))
    print(f"load average before: {loadavg()}  (files in {work})", flush=True)

    generate = [sys.executable, str(REPO / "bench" / "reports.py"), "--generate-only"]
    if not args.regenerate:
        generate.append("--reuse")
    print(f"county database {SOURCE_DB}: {' '.join(generate[2:])}", flush=True)
    subprocess.run(
        generate, cwd=REPO, env={**os.environ, "DATABASE_URL": url}, check=True, timeout=600
    )
    gunicorn = None
    try:
        started = time.perf_counter()
        copy_database(server)
        print(f"copied into {LOAD_DB} in {time.perf_counter() - started:.1f} s", flush=True)
        load_url = with_database(url, LOAD_DB)
        setup_django(load_url)
        from django.db import connections

        print("preparing:", flush=True)
        data = prepare(args.applications)
        before = counts()
        connections.close_all()
        data_file = work / "data.json"
        data_file.write_text(json.dumps(data))

        port = free_port()
        gunicorn = start_gunicorn(
            load_url, port, args.workers, args.threads, args.conn_max_age, work / "gunicorn.log"
        )
        print(
            f"gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads, "
            f"CONN_MAX_AGE={args.conn_max_age}",
            flush=True,
        )
        seconds = warm_up(port, data, args.workers * args.threads)
        print(f"warmed up in {seconds:.0f} s (every page kind, not counted)", flush=True)
        think = "none" if args.no_think else "1–3 s"
        load_before = loadavg()
        print(
            f"locust: {args.users} users (+{args.spawn_rate:g}/s), then {args.time} s measured, "
            f"think time {think}; load average {load_before}",
            flush=True,
        )
        code = run_locust(args, port, gunicorn.pid, data_file, work)
        load_after = loadavg()
        stop(gunicorn)
        phases = work / "phases.json"
        phases = json.loads(phases.read_text()) if phases.exists() else {}
        if "window" not in phases or not Path(f"{work / 'load'}_stats.csv").exists():
            print(f"locust did not complete the run (exit {code}); see {work / 'locust.out'}")
            return 1
        info = machine()
        print()
        missed = report_sign_in(phases["sign_in"])
        print(f"\nmeasured: {args.users} users signed in and working for {args.time} s")
        missed += report(*read_stats(work / "load"))
        after = counts()
        print(
            f"\nwrites (whole run): {after['inspections'] - before['inspections']} inspections "
            f"entered, {after['permits'] - before['permits']} permits issued (of "
            f"{len(data['applications'])} approved applications)"
        )
        report_cpu(phases["window"], info["cores"] or 1)
        print(
            f"machine: {info['cores']} cores, {info.get('cpu', '?')}, {info.get('memory', '?')}, "
            f"PostgreSQL {postgres_version(server)}; gunicorn {args.workers} workers × "
            f"{args.threads} threads, CONN_MAX_AGE={args.conn_max_age}; load average (1, 5, 15 "
            f"min) before locust {load_before}, at the end of the measured window "
            f"{phases['window']['cpu'][1]['loadavg']}, after {load_after}"
        )
        if missed:
            print("target MISSED: " + "; ".join(missed))
            print(f"(logs: {work})")
            return 1
        print(f"target met: no error, p95 < {TARGET_MS} ms for every page and API list")
        return 0
    finally:
        stop(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never set up
            pass
        if args.keep:
            print(f"kept database {LOAD_DB}")
        else:
            server_sql(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", LOAD_DB)


if __name__ == "__main__":
    sys.exit(main())
