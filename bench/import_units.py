"""Benchmark: import 10,000 supervised units from one .xlsx file.

    .venv/bin/python bench/import_units.py [--rows N]

Targets (from the issue): importing 10,000 units takes under 10 s and under 500 MB.

The script works on a throwaway database and never on the office's own:

* no DATABASE_URL (or a sqlite one): a temporary SQLite file, deleted afterwards;
* DATABASE_URL=postgres://user@host:port/NAME: a fresh database on that server, dropped
  afterwards. It is NAME when NAME contains "bench", otherwise ``weijian_bench``.

It migrates that database, creates 12 townships and a user, writes an .xlsx in the format
of ``EstablishmentImporter.template()`` with N realistic rows, and runs
``EstablishmentImporter(user=...).run(upload)`` in a fresh child process, so that the
child's peak resident set size is the memory the import needs (the figure checked against
the target is the child's whole peak RSS, Django included). It then checks what was
written: N units, N "opened" status changes and N history rows for each.

The file is written by the template's own writer (openpyxl, write-only), which stores no
sheet dimension and inline strings: openpyxl then reads the sheet twice and parses every
string in place. A file saved by Excel or WPS reads somewhat faster, so the figures here
lean to the slow side.

A second, untimed pass (rolled back) imports another N rows under tracemalloc to report the
Python heap peak; ``--profile`` adds a cProfile pass, also rolled back. The script exits
with status 1 when a target is missed or the data written is not what the file holds.
"""

import argparse
import datetime
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
TARGET_MB = 500.0
RESULT_TAG = "BENCH_RESULT "

COUNTY_CODE = "360922"
TOWNSHIPS = [
    "康乐街道", "株潭镇", "黄茅镇", "潭埠镇", "双桥镇", "高村镇",
    "罗城镇", "三兴镇", "高城镇", "白良镇", "鹅峰乡", "马步乡",
]  # fmt: skip
# (kind name, weight, name suffix): mostly public places, as in a county ledger.
KINDS = [
    ("理发店", 30, "理发店"), ("美容店", 12, "美容美体店"), ("宾馆", 6, "宾馆"),
    ("旅店", 7, "旅社"), ("招待所", 3, "招待所"), ("公共浴室", 6, "浴室"),
    ("茶楼（茶座）", 5, "茶楼"), ("卡拉OK厅", 4, "KTV"), ("网吧", 8, "网吧"),
    ("游泳场（馆）", 1, "游泳馆"), ("商场（店）", 3, "商场"), ("饭馆", 4, "饭店"),
    ("二次供水单位", 2, "小区二次供水"), ("中小学校", 2, "学校"), ("托幼机构", 2, "幼儿园"),
    ("诊所（门诊部）", 3, "诊所"), ("村卫生室", 2, "村卫生室"),
]  # fmt: skip
# Credit code prefixes: registration authority + unit type (92 = individual business).
PREFIXES = [("92", 60), ("91", 34), ("93", 2), ("52", 2), ("12", 2)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志文海燕春梅亮晓东晨"
WORDS = "福顺鑫隆兴盛悦来华康吉祥金源宏达鸿运恒通美佳丽雅新时代"
STREETS = ["解放路", "人民路", "康乐大道", "新华街", "建设路", "滨江路", "站前路", "文化路"]
NOTES = ["个体工商户", "2019年换证", "连锁门店", "季节性经营", "原名称已变更", "位于商场三楼"]


# ------------------------------------------------------------------ database choice


def choose_database(tmpdir: Path) -> dict:
    """Point DATABASE_URL at a throwaway database; must run before django.setup()."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if not url or parts.scheme == "sqlite":
        path = tmpdir / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return {"vendor": "sqlite", "name": str(path)}
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"DATABASE_URL: only SQLite and PostgreSQL are supported, not {parts.scheme!r}.")
    import dj_database_url

    named = parts.path.lstrip("/")
    name = named if "bench" in named else "weijian_bench"  # never the office's own database
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    config = dj_database_url.parse(bench_url)
    server = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
        **config.get("OPTIONS", {}),
    }
    database = {"vendor": "postgresql", "name": name, "server": server}
    server_sql(database, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    server_sql(database, "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
    os.environ["DATABASE_URL"] = bench_url
    return database


def server_sql(database: dict, statement: str) -> None:
    """Run one statement about the bench database from the server's maintenance database."""
    import psycopg2
    from psycopg2 import sql

    server = {key: value for key, value in database["server"].items() if value not in (None, "")}
    conn = psycopg2.connect(**server)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(database["name"])))
    finally:
        conn.close()


def drop_database(database: dict) -> None:
    if database["vendor"] != "postgresql":
        return
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()
    server_sql(database, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "supervision.settings"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ------------------------------------------------------------------ the file


def credit_codes(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct, valid unified social credit codes of units in the county."""
    from core.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

    base = len(CREDIT_CODE_ALPHABET)
    prefixes, weights = zip(*PREFIXES, strict=True)
    codes = []
    for number in rng.sample(range(base**9), count):
        body = ""
        for _ in range(9):
            number, digit = divmod(number, base)
            body = CREDIT_CODE_ALPHABET[digit] + body
        first17 = rng.choices(prefixes, weights)[0] + COUNTY_CODE + body
        codes.append(first17 + credit_code_check_char(first17))
    return codes


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def opened_cell(rng: random.Random):
    """Mostly real date cells; some dates typed as text, the way clerks type them."""
    day = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 9130))
    form = rng.random()
    if form < 0.85:
        return day
    if form < 0.92:
        return day.isoformat()
    if form < 0.96:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def make_rows(rng: random.Random, codes: list[str]) -> list[list]:
    names, weights, suffixes = zip(*KINDS, strict=True)
    rows = []
    for code in codes:
        township = rng.choice(TOWNSHIPS)
        kind = rng.choices(range(len(names)), weights)[0]
        name = f"{township[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}{suffixes[kind]}"
        if rng.random() < 0.1:
            name += f"（{rng.choice(STREETS)}店）"
        phone_form = rng.random()
        if phone_form < 0.6:
            phone = f"0795-{rng.randint(8200000, 8899999)}"
        elif phone_form < 0.9:
            phone = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
        else:
            phone = None
        rows.append(
            [
                name,
                code if rng.random() < 0.97 else code.lower(),
                person(rng),
                f"{township}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                township,
                names[kind],
                opened_cell(rng),
                phone,
                None,  # 对象类型: empty is 单位
                None,  # 身份证号码 (persons only)
                None,  # 村（居）代码 (villages and communities only)
                rng.choice(NOTES) if rng.random() < 0.1 else None,
            ]
        )
    return rows


def write_workbook(rows: list[list]) -> bytes:
    """The rows in the layout of the importer's template (same writer, headers, notes)."""
    from openpyxl import load_workbook

    from core.xlsx import build_workbook
    from premises.imports import EstablishmentImporter

    importer = EstablishmentImporter(user=None)
    columns = importer.columns
    headers = [c.header for c in columns]
    template = load_workbook(io.BytesIO(importer.template()), read_only=True)
    template_headers = list(next(template.worksheets[0].iter_rows(values_only=True)))
    template.close()
    if template_headers != headers:
        sys.exit(f"the template's headers {template_headers} are not the importer's {headers}")
    notes = [f"{c.header}：{'必填' if c.required else '选填'}。{c.help}" for c in columns]
    return build_workbook(
        importer.title,
        headers,
        rows,
        widths=[max(12, len(c.header) * 2 + 4) for c in columns],
        notes=["第一行是列名，请勿修改；示例行请删除后再导入。", *importer.notes, *notes],
    )


# ------------------------------------------------------------------ the child: one import


def rss_kib() -> tuple[int, int]:
    """(current, peak) resident set size of this process in KiB."""
    current = peak = 0
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
    except OSError:
        pass
    if not peak:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        current = current or peak
    return current, peak


def child(args) -> None:
    setup_django()
    import gc

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction

    from core.imports import ImportFailed
    from premises.imports import EstablishmentImporter

    phases: dict[str, float] = {}

    def timed(name, method):
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    class Importer(EstablishmentImporter):
        """The importer itself, with each stage timed."""

        read = timed("read", EstablishmentImporter.read)
        prepare = timed("prepare", EstablishmentImporter.prepare)
        clean_row = timed("clean_row", EstablishmentImporter.clean_row)
        check_file = timed("check_file", EstablishmentImporter.check_file)
        write = timed("write", EstablishmentImporter.write)

    user = get_user_model().objects.get(pk=args.user_id)
    upload = SimpleUploadedFile("被监督单位导入.xlsx", Path(args.file).read_bytes())
    queries = 0

    def count_queries(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    profiler = None
    if args.mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
    elif args.mode == "profile":
        import cProfile

        profiler = cProfile.Profile()
    gc.collect()
    before, _ = rss_kib()
    failed = None
    start, cpu_start = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count_queries):
        try:
            if args.mode == "timed":
                # Exactly as the upload view does it: the importer opens its own transaction.
                written = Importer(user=user).run(upload)
            else:
                with transaction.atomic():
                    if profiler:
                        profiler.enable()
                    try:
                        written = Importer(user=user).run(upload)
                    finally:
                        if profiler:
                            profiler.disable()
                    transaction.set_rollback(True)
        except ImportFailed as exc:
            written, failed = 0, exc
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    _, peak = rss_kib()
    result = {
        "mode": args.mode,
        "written": written,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "phases": phases,
        "queries": queries,
        "rss_before_mb": before / 1024,
        "peak_rss_mb": peak / 1024,
        "growth_mb": (peak - before) / 1024,
    }
    if failed is not None:
        result["errors"] = [e.as_dict() for e in failed.errors[:10]]
        result["error_count"] = len(failed.errors)
    if args.mode == "tracemalloc":
        import tracemalloc

        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    if profiler:
        import pstats

        profiler.dump_stats(args.profile_out)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(25)
    print(RESULT_TAG + json.dumps(result), flush=True)


def run_child(mode: str, file: Path, user_id: int, profile_out: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--file", str(file)]
    command += ["--user-id", str(user_id)]
    if profile_out:
        command += ["--profile-out", str(profile_out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if mode == "profile" or done.returncode:
        sys.stderr.write(done.stderr)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    sys.stdout.write(done.stdout)
    sys.exit(f"the {mode} import process failed (exit status {done.returncode}).")


# ------------------------------------------------------------------ checks


def check_written(rows: list[list], user) -> list[str]:
    """What the database holds after the timed import, compared with the file."""
    from django.db.models import Count, F

    from core.imports import parse_date
    from premises.choices import EstablishmentStatus, StatusChangeKind
    from premises.models import Establishment, EstablishmentStatusChange

    n = len(rows)
    problems = []

    def expect(label, actual, wanted):
        if actual != wanted:
            problems.append(f"{label}: {actual}, expected {wanted}")

    expect("units", Establishment.objects.count(), n)
    expect("status changes", EstablishmentStatusChange.objects.count(), n)
    expect(
        "'opened' changes dated the opening day, recorded by the importing user",
        EstablishmentStatusChange.objects.filter(
            kind=StatusChangeKind.OPENED,
            date=F("establishment__opened_on"),
            reason="Excel导入",
            recorded_by=user,
        )
        .values("establishment")
        .distinct()
        .count(),
        n,
    )
    for model, label in (
        (Establishment, "unit history rows"),
        (EstablishmentStatusChange, "status change history rows"),
    ):
        history = model.history.model.objects
        expect(f"{label} (all)", history.count(), n)
        expect(
            f"{label} ('+' by the user, reason 'Excel导入')",
            history.filter(
                history_type="+", history_user=user, history_change_reason="Excel导入"
            ).count(),
            n,
        )
        expect(
            f"{label} matching a record",
            history.filter(id__in=model.objects.values("pk")).values("id").distinct().count(),
            n,
        )
    expect(
        "units with more than one change",
        Establishment.objects.annotate(c=Count("status_changes")).filter(c__gt=1).count(),
        0,
    )
    wanted = {}
    for name, code, legal, address, township, kind, opened, phone, *_, notes in rows:
        wanted[code.upper()] = (
            name,
            legal,
            address,
            township,
            kind,
            parse_date(opened),
            phone or "",
            notes or "",
            EstablishmentStatus.OPERATING.value,
        )
    actual = {
        row[0]: row[1:]
        for row in Establishment.objects.values_list(
            "credit_code",
            "name",
            "legal_representative",
            "address",
            "township__name",
            "category__name",
            "opened_on",
            "phone",
            "notes",
            "status",
        )
    }
    differing = [code for code in wanted if actual.get(code) != wanted[code]]
    if differing or len(actual) != len(wanted):
        code = differing[0] if differing else "?"
        problems.append(
            f"{len(differing)} units differ from their row, e.g. {code}: "
            f"{actual.get(code)} != {wanted.get(code)}"
        )
    return problems


# ------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="data rows (default 10000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed of the data")
    parser.add_argument("--profile", action="store_true", help="add a cProfile pass")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--keep", action="store_true", help="keep the database and the file")
    parser.add_argument("--child", choices=["timed", "tracemalloc", "profile"], dest="mode")
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--user-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args)
        return 0
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    tmpdir = Path(tempfile.mkdtemp(prefix="weijian-bench-"))
    database = choose_database(tmpdir)
    try:
        return bench(args, tmpdir, database)
    finally:
        if not args.keep:
            drop_database(database)
            shutil.rmtree(tmpdir, ignore_errors=True)
        else:
            print(f"kept: {tmpdir} and database {database['name']}")


def bench(args, tmpdir: Path, database: dict) -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections

    from premises.models import Establishment, Township

    print(f"database: {connection.vendor} ({database['name']}); migrating ...", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user("bench-clerk", first_name="导入基准")
    for index, name in enumerate(TOWNSHIPS, start=1):
        Township.objects.create(code=f"{COUNTY_CODE}{index:03d}", name=name, order=index)

    n = args.rows
    rng = random.Random(args.seed)
    started = time.perf_counter()
    codes = credit_codes(rng, 2 * n)
    rows = make_rows(rng, codes[:n])
    file = tmpdir / "units.xlsx"
    file.write_bytes(write_workbook(rows))
    extra = tmpdir / "units-2.xlsx"
    if not args.no_tracemalloc or args.profile:
        extra.write_bytes(write_workbook(make_rows(rng, codes[n:])))
    print(
        f"file: {n} rows, {file.stat().st_size / 1024:.0f} KiB "
        f"(made in {time.perf_counter() - started:.1f} s); importing ...",
        flush=True,
    )
    connections.close_all()  # the child has the database to itself

    load_before = os.getloadavg()[0]
    timed = run_child("timed", file, user.pk)
    load = max(load_before, os.getloadavg()[0])
    if "errors" in timed:
        print(f"FAIL: the import was refused with {timed['error_count']} errors, e.g.:")
        for error in timed["errors"]:
            print(f"  row {error['row']} {error['column']}: {error['message']}")
        return 1
    problems = [] if timed["written"] == n else [f"run() returned {timed['written']}, not {n}"]
    problems += check_written(rows, user)

    heap = None
    if not args.no_tracemalloc:
        heap = run_child("tracemalloc", extra, user.pk)
        if "errors" in heap:
            problems.append(f"tracemalloc pass refused: {heap['errors'][:3]}")
    if args.profile:
        out = tmpdir / "import.prof"
        run_child("profile", extra, user.pk, profile_out=out)
        print(f"profile (cProfile, rolled-back pass): {out}" + ("" if args.keep else ", deleted"))
    if Establishment.objects.count() != n:
        problems.append("a rolled-back pass left rows behind")

    seconds, peak = timed["seconds"], timed["peak_rss_mb"]
    time_ok, memory_ok = seconds < TARGET_SECONDS, peak < TARGET_MB
    print()
    print(f"database vendor     {connection.vendor}")
    print(f"rows                {n}")
    print(f"import time         {seconds:.2f} s   ({n / seconds:,.0f} rows/s)")
    phases = dict(timed["phases"])
    phases["cells, rest"] = seconds - sum(phases.values())
    print(
        "  of which          "
        + ", ".join(f"{name} {value:.2f} s" for name, value in phases.items())
    )
    cpus = os.cpu_count() or 1
    print(
        f"CPU time (importer) {timed['cpu_seconds']:.2f} s   "
        f"(load average {load:.1f} on {cpus} CPUs"
        + ("; the machine was busy, so wall-clock time is inflated)" if load >= cpus else ")")
    )
    print(f"queries             {timed['queries']}")
    print(
        f"peak RSS            {peak:.0f} MB   (process before the import {timed['rss_before_mb']:.0f} MB,"
        f" growth {timed['growth_mb']:.0f} MB)"
    )
    if heap and "tracemalloc_peak_mb" in heap:
        print(
            f"tracemalloc peak    {heap['tracemalloc_peak_mb']:.0f} MB   (second pass, rolled back)"
        )
    print(f"written             {'OK' if not problems else 'WRONG'}")
    for problem in problems:
        print(f"  - {problem}")
    scale = n / 10_000
    print()
    print(
        f"time   {'PASS' if time_ok else 'FAIL'}  {seconds:.2f} s < {TARGET_SECONDS:.0f} s"
        + (f"  (target is for 10,000 rows; this run has {n})" if scale != 1 else "")
    )
    print(f"memory {'PASS' if memory_ok else 'FAIL'}  {peak:.0f} MB < {TARGET_MB:.0f} MB")
    print(f"data   {'PASS' if not problems else 'FAIL'}")
    return 0 if time_ok and memory_ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
