"""Benchmark: the annual summary (reports.figures.summary), a drill-down page and the
summary PDF on a county's or a province's five years of records, on PostgreSQL.

    DATABASE_URL=postgres://user@host:5432/weijian .venv/bin/python bench/reports.py
    DATABASE_URL=... .venv/bin/python bench/reports.py --province   # takes several minutes

Targets (issue #6): the summary uses a fixed number of SQL queries whatever the data size
(tests/reports/test_query_count.py asserts it), computes in under 300 ms for the county and
under 5 s for the province; the PDF in under 3 s. Issue #19: the live summary at most 1.5
times the raw-SQL baseline; the province's first and live summaries under 5 s.

It never touches the office's own database: it creates its own on the server of
DATABASE_URL (``weijian_bench_reports``, or ``weijian_bench_reports_province``), migrates
it and fills it with set-based SQL (``INSERT … SELECT … FROM generate_series``, pseudo-random
values from a hash of the row number, so the same scale always gives the same data):

* county: 5,000 units (kinds weighted like a county ledger, 12 townships, about 3% closed
  and 3% suspended), 20,000 inspections a year for 2020–2024 (two inspectors each; one in
  eight gives an opinion, 2% have a sample), 30,000 practitioners with a yearly health
  examination (90%) and training (85%), permits renewed every four years with lapses,
  applications, consultations, two campaigns and about 30 penalty cases a year;
* ``--province``: 500,000 units in 1,200 townships, 5,000,000 inspections over the five
  years (1,000,000 a year), 1,500,000 practitioners, and the rest times 100.

Then it times the first summary of 2024 (no counts kept yet: 2024 and 2023 counted whole
and kept, reports/counting/rollup.py), then (median of ``--runs``, after one warm-up) ``summary()``
for 2024, for all domains and for public places, with its queries; a summary right after an
inspection was corrected (its township counted again); with ``--live`` (always for the
county) one summary counted live, and the live summary of public places beside the raw-SQL
baseline of its core figures (bench/baseline_sql.py: checked equal, for 2024 and 2023, and
timed in turns; target: at most 1.5 times the baseline, issue #19); the drill-down pages of two figures and the summary PDF
through the Django test client as a manager; and prints the figures. ``--reuse`` keeps an
existing bench database instead of generating it again; ``--keep`` leaves it after the run;
``--generate-only`` generates and keeps it. Exit status 1 when a target is missed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
YEARS = range(2020, 2025)
YEAR = 2024
TARGETS = {"county": 0.300, "province": 5.0}
PDF_TARGET = 3.0
# The live summary (with the year before) against the raw-SQL baseline of its core figures
# (bench/baseline_sql.py): at most this many times as long (issue #19).
BASELINE_RATIO = 1.5
# (kind code, weight): mostly public places, as in a county ledger.
KINDS = [
    ("pp.bathing.barber", 30), ("pp.bathing.beauty", 12), ("pp.lodging.hotel", 6),
    ("pp.lodging.inn", 7), ("pp.lodging.guesthouse", 3), ("pp.bathing.bathhouse", 6),
    ("pp.lodging.teahouse", 5), ("pp.entertainment.karaoke", 4), ("pp.entertainment.netcafe", 8),
    ("pp.sports.swimming", 1), ("pp.shopping.mall", 3), ("pp.lodging.restaurant", 4),
    ("dw.supply.secondary", 2), ("sc.school.primary_secondary", 2), ("sc.school.kindergarten", 2),
    ("md.institution.clinic", 3), ("md.institution.village", 2),
]  # fmt: skip
TOWNSHIPS = "康乐 株潭 黄茅 潭埠 双桥 高村 罗城 三兴 高城 白良 鹅峰 马步".split()


# ------------------------------------------------------------------ database choice


def choose_database(province: bool, reuse: bool) -> dict:
    """Point DATABASE_URL at the bench database; must run before django.setup()."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("DATABASE_URL must name a PostgreSQL server (postgres://user@host:port/db).")
    import dj_database_url

    name = "weijian_bench_reports" + ("_province" if province else "")
    config = dj_database_url.parse(urlunsplit(parts._replace(path=f"/{name}")))
    server = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    database = {"name": name, "server": {k: v for k, v in server.items() if v not in (None, "")}}
    exists = server_sql(database, "SELECT 1 FROM pg_database WHERE datname = %s", [name])
    fresh = not (reuse and exists)
    if fresh:
        server_sql(database, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        server_sql(database, "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    database["fresh"] = fresh
    return database


def server_sql(database: dict, statement: str, params=None):
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(**database["server"])
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            if params is None:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(database["name"])))
                return None
            cursor.execute(statement, params)
            return cursor.fetchone()
    finally:
        conn.close()


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "supervision.settings"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


# ------------------------------------------------------------------ generation


def insert_select(model, exprs: dict, source: str, params=()) -> int:
    """INSERT INTO the model's table the rows of ``SELECT exprs FROM source``; every other
    NOT NULL column gets the field's default ('' for text, now() for time stamps), so new
    fields with defaults need no change here. Returns the number of rows."""
    from django.db import connection, models

    columns, values, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in exprs:
            continue
        if field.column in exprs:
            columns.append(field.column)
            values.append(exprs[field.column])
        elif not field.null:
            columns.append(field.column)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values.append("now()")
            elif field.has_default():
                values.append("%s")
                defaults.append(field.get_db_prep_save(field.get_default(), connection))
            elif isinstance(field, models.CharField | models.TextField):
                values.append("''")
            else:
                raise ValueError(f"{model.__name__}.{field.name}: no value and no default")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*defaults, *params])
        return cursor.rowcount


def execute(sql: str, params=()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def log(message: str, started: float) -> None:
    print(f"  {time.perf_counter() - started:7.1f} s  {message}", flush=True)


def generate(scale: int) -> dict:
    """Five years of records for ``scale`` counties (1: a county, 100: a province; the
    province has half a county's inspections and practitioners per unit: 5,000,000
    inspections in all, as the issue asks)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import Role
    from inspections.models import Campaign, Inspection, Sample, SupervisionOpinion
    from licensing.health.models import HealthCertificate, TrainingAttendance, TrainingSession
    from licensing.models import Application, Consultation, Permit, PermitType
    from penalties.models import CasePenalty, PenaltyCase, Violation
    from premises.models import (
        Category,
        Domain,
        Establishment,
        EstablishmentStatusChange,
        Practitioner,
        Township,
    )

    started = time.perf_counter()
    try:  # skip foreign-key triggers while generating (the rows are made consistent)
        execute("SET session_replication_role = replica")
    except Exception:  # not a superuser: the checks run, only slower
        pass
    n_units = 5_000 * scale
    n_people = 30_000 * scale if scale == 1 else 15_000 * scale
    per_year = 20_000 * scale if scale == 1 else 10_000 * scale
    # r(i, salt): a pseudo-random number in [0, 1) from a hash of (i, salt): repeatable.
    execute(
        "CREATE OR REPLACE FUNCTION r(i bigint, salt int) RETURNS double precision "
        "LANGUAGE sql IMMUTABLE AS "
        "$$ SELECT (hashint8(i * 1009 + salt) & 2147483647)::double precision / 2147483648 $$"
    )
    User = get_user_model()
    officers = []
    for n in range(1, 21):
        user, _ = User.objects.get_or_create(username=f"bench_inspector{n}")
        user.groups.add(Group.objects.get(name=Role.INSPECTOR.value))
        officers.append(user.pk)
    clerk = User.objects.get_or_create(username="bench_clerk")[0].pk
    manager, _ = User.objects.get_or_create(username="bench_manager")
    manager.groups.add(Group.objects.get(name=Role.MANAGER.value))
    towns = [
        Township(code=f"36{c:04d}{t + 1:03d}", name=f"{c}县{name}镇", order=t)
        for c in range(scale)
        for t, name in enumerate(TOWNSHIPS)
    ]
    town_ids = [t.pk for t in Township.objects.bulk_create(towns)]
    codes = dict(Category.objects.filter(code__in=[k for k, _ in KINDS]).values_list("code", "pk"))
    pick = [codes[code] for code, weight in KINDS for _ in range(weight)]
    log(f"{len(town_ids)} townships, {len(officers)} inspectors", started)

    def choose(ids, salt, key="g"):
        array = "ARRAY[" + ",".join(map(str, ids)) + "]::bigint[]"
        return f"({array})[1 + floor(r({key}, {salt}) * {len(ids)})::int]"

    opened = "DATE '2005-01-01' + floor(r(g, 3) * 7300)::int"
    insert_select(
        Establishment,
        {
            "name": "'单位' || g",
            "credit_code": "'92' || lpad(g::text, 16, '0')",
            "legal_representative": "'张三'",
            "address": "'解放路' || g || '号'",
            "township_id": choose(town_ids, 1),
            "phone": "'0795-8888888'",
            "category_id": choose(pick, 2),
            "status": "CASE WHEN r(g, 4) < 0.03 THEN 'closed' "
            "WHEN r(g, 4) < 0.06 THEN 'suspended' ELSE 'operating' END",
            "opened_on": opened,
            "closed_on": f"CASE WHEN r(g, 4) < 0.03 THEN LEAST({opened} + 400 + "
            "floor(r(g, 5) * 3000)::int, DATE '2024-12-31') END",
        },
        "generate_series(1, %s) g",
        [n_units],
    )
    execute("ANALYZE premises_establishment")
    unit_min = Establishment.objects.order_by("pk").values_list("pk", flat=True).first()
    opened_change = insert_select(
        EstablishmentStatusChange,
        {"establishment_id": "id", "kind": "'opened'", "date": "opened_on", "reason": "''"},
        "premises_establishment",
    )
    insert_select(
        EstablishmentStatusChange,
        {
            "establishment_id": "id",
            "kind": "CASE WHEN status = 'closed' THEN 'closed' ELSE 'suspended' END",
            "date": "COALESCE(closed_on, GREATEST(opened_on, LEAST(opened_on + 500, "
            "DATE '2024-06-30')))",
            "reason": "'经营者申请'",
        },
        "premises_establishment WHERE status <> 'operating'",
    )
    EstablishmentStatusChange.objects.link()  # each change's next date ("until")
    log(f"{n_units:,} units, {opened_change:,} openings and their changes", started)

    unit = f"({unit_min} + floor(r(g, 11) * {n_units})::bigint)"
    public = Domain.objects.get(code="public_places")
    for y in YEARS:
        Campaign.objects.bulk_create(
            Campaign(
                name=f"{y}年公共场所专项整治{half}",
                start_date=f"{y}-{3 if half == 1 else 8:02d}-01",
                end_date=f"{y}-{5 if half == 1 else 10:02d}-31",
                created_by_id=officers[0],
            )
            for half in (1, 2)
        )
    for campaign in Campaign.objects.all():
        campaign.domains.set([public])
    campaigns = {(c.start_date.year, c.start_date.month < 6): c.pk for c in Campaign.objects.all()}
    for y in YEARS:
        moment = f"(TIMESTAMPTZ '{y}-01-01 09:00+08' + floor(r(g, 12) * 364) * INTERVAL '1 day')"
        first, second = campaigns[(y, True)], campaigns[(y, False)]
        insert_select(
            Inspection,
            {
                "establishment_id": unit,
                # the unit's one kind (no unit of the benchmark has a further domain)
                "category_id": f"(SELECT category_id FROM premises_establishment "
                f"WHERE id = {unit})",
                "inspected_at": moment,
                "kind": "CASE WHEN r(g, 13) < 0.07 THEN 'campaign' WHEN r(g, 13) < 0.17 "
                "THEN 'random' WHEN r(g, 13) < 0.25 THEN 'complaint' ELSE 'routine' END",
                "campaign_id": f"CASE WHEN r(g, 13) < 0.07 THEN CASE WHEN r(g, 14) < 0.5 "
                f"THEN {first} ELSE {second} END END",
                "person_present": "'店长'",
                "findings": "''",
                "result": "CASE WHEN r(g, 15) < 0.85 THEN 'compliant' WHEN r(g, 15) < 0.97 "
                "THEN 'opinion' ELSE 'referred' END",
                "recorded_by_id": str(officers[0]),
            },
            f"generate_series({(y - 2000) * 10_000_000}, {(y - 2000) * 10_000_000} + %s - 1) g",
            [per_year],
        )
        log(f"{y}: {per_year:,} inspections", started)
    execute(
        "INSERT INTO inspections_inspection_inspectors (inspection_id, user_id) "
        f"SELECT id, {choose(officers[:10], 16, 'id')} FROM inspections_inspection "
        f"UNION ALL SELECT id, {choose(officers[10:], 17, 'id')} FROM inspections_inspection"
    )
    insert_select(
        SupervisionOpinion,
        {
            "inspection_id": "id",
            "year": "y",
            "sequence": "row_number() OVER (PARTITION BY y ORDER BY id)",
            "number": "'卫监意〔' || y || '〕' || row_number() OVER (PARTITION BY y ORDER BY id)",
            "issued_at": "inspected_at",
            "deadline": "(inspected_at AT TIME ZONE 'Asia/Shanghai')::date + 15",
            "status": "CASE WHEN r(id, 18) < 0.8 THEN 'closed' ELSE 'issued' END",
            "issued_by_id": str(officers[0]),
        },
        "(SELECT *, extract(year FROM inspected_at AT TIME ZONE 'Asia/Shanghai')::int y "
        "FROM inspections_inspection WHERE result = 'opinion') i",
    )
    insert_select(
        Sample,
        {
            "inspection_id": "id",
            "sample_type": "'游泳池水'",
            "location": "''",
            "taken_at": "inspected_at",
            "verdict": "CASE WHEN r(id, 20) < 0.1 THEN 'fail' ELSE 'pass' END",
        },
        "inspections_inspection WHERE r(id, 19) < 0.02",
    )
    log("inspectors, opinions and samples", started)

    hired = "DATE '2010-01-01' + floor(r(g, 22) * 5400)::int"
    insert_select(
        Practitioner,
        {
            "establishment_id": f"({unit_min} + floor(r(g, 21) * {n_units})::bigint)",
            "name": "'从业者' || g",
            "sex": "CASE WHEN r(g, 23) < 0.6 THEN 'F' ELSE 'M' END",
            "post": "'服务员'",
            "id_number": "'360922' || lpad(g::text, 11, '0') || 'X'",
            "serves_customers": "true",
            "phone": "''",
            "hired_on": hired,
            "left_on": f"CASE WHEN r(g, 24) < 0.25 THEN {hired} + 30 + "
            "floor(r(g, 25) * 2000)::int END",
        },
        "generate_series(1, %s) g",
        [n_people],
    )
    sessions = {}
    for y in YEARS:
        made = TrainingSession.objects.bulk_create(
            TrainingSession(
                date=f"{y}-{3 * (s % 4) + 1:02d}-15",
                place="县会议中心",
                topic="从业人员卫生知识培训",
                organiser="县卫生监督所",
                recorded_by_id=clerk,
            )
            for s in range(4 * scale)
        )
        sessions[y] = [s.pk for s in made]
    for y in YEARS:
        employed = (
            f"premises_practitioner p WHERE hired_on <= DATE '{y}-12-31' "
            f"AND (left_on IS NULL OR left_on > DATE '{y}-01-01')"
        )
        exam = f"(DATE '{y}-01-01' + floor(r(id, {y}) * 360)::int)"
        insert_select(
            HealthCertificate,
            {
                "practitioner_id": "id",
                "exam_date": exam,
                "institution": "'县疾病预防控制中心'",
                "number": "''",
                "result": "CASE WHEN r(id, 26) < 0.98 THEN 'passed' ELSE 'failed' END",
                "expires_on": f"{exam} + 364",
                "recorded_by_id": str(clerk),
            },
            f"{employed} AND r(id, {y + 100}) < 0.9",
        )
        insert_select(
            TrainingAttendance,
            {
                "session_id": choose(sessions[y], y + 200, "id"),
                "practitioner_id": "id",
                "recorded_by_id": str(clerk),
            },
            f"{employed} AND r(id, {y + 300}) < 0.85",
        )
    log(f"{n_people:,} practitioners, their exams and training", started)

    public_place = PermitType.objects.get(code="public_place")
    kinds_table = PermitType.categories.through._meta.db_table  # the kinds needing it
    issued = (
        "(e.opened_on + k * INTERVAL '4 years' + (30 + CASE WHEN r(e.id, 31) < 0.15 "
        "THEN 200 ELSE 0 END) * INTERVAL '1 day')::date"
    )
    insert_select(
        Permit,
        {
            "permit_type_id": str(public_place.pk),
            "establishment_id": "e.id",
            "number": "'卫公证字' || e.id || '-' || k",
            "year": f"extract(year FROM {issued})::int",
            "sequence": f"row_number() OVER (PARTITION BY extract(year FROM {issued}) "
            "ORDER BY e.id, k)",
            "origin": "'issued'",
            "business_scope": "'公共场所'",
            "issued_on": issued,
            "valid_from": issued,
            "expires_on": f"({issued} + INTERVAL '4 years')::date",
            # superseded until the last version is known (one current permit per unit)
            "status": "'superseded'",
            "cancel_reason": "''",
            "recorded_by_id": str(clerk),
        },
        "premises_establishment e CROSS JOIN generate_series(0, 5) k "
        f"WHERE e.category_id IN (SELECT category_id FROM {kinds_table} "
        f"WHERE permittype_id = {public_place.pk}) AND r(e.id, 30) > 0.08 "
        f"AND {issued} <= DATE '2024-12-31'",
    )
    # Each version names the one it renews; every version but the last is superseded.
    execute(
        "UPDATE licensing_permit p SET previous_id = q.prev FROM (SELECT id, lag(id) OVER "
        "(PARTITION BY establishment_id ORDER BY issued_on) prev FROM licensing_permit) q "
        "WHERE q.id = p.id"
    )
    execute(
        "UPDATE licensing_permit p SET status = 'valid' WHERE NOT EXISTS "
        "(SELECT 1 FROM licensing_permit n WHERE n.previous_id = p.id)"
    )
    execute(
        "UPDATE licensing_permit SET status = 'cancelled', cancel_reason = '歇业注销', "
        "cancelled_on = LEAST(issued_on + 200 + floor(r(id, 32) * 900)::int, "
        "DATE '2024-12-31') WHERE status = 'valid' AND r(id, 33) < 0.04"
    )
    insert_select(
        Application,
        {
            "permit_type_id": "permit_type_id",
            "establishment_id": "establishment_id",
            "kind": "CASE WHEN previous_id IS NULL THEN 'new' ELSE 'renewal' END",
            "path": "CASE WHEN r(id, 34) < 0.05 THEN 'commitment' ELSE 'standard' END",
            "status": "'issued'",
            "receipt_number": "'受' || id",
            "submitted_on": "issued_on - 10",
            "received_on": "issued_on - 10",
            "due_on": "issued_on + 18",
            "business_scope": "business_scope",
            "change_description": "''",
            "previous_permit_id": "previous_id",
            "review_note": "''",
            "decided_on": "issued_on",
            "refusal_reason": "''",
            "received_by_id": str(clerk),
        },
        "licensing_permit WHERE issued_on >= DATE '2020-01-01'",
    )
    execute(
        "UPDATE licensing_permit p SET application_id = a.id FROM licensing_application a "
        "WHERE a.receipt_number = '受' || p.id"
    )
    insert_select(
        Consultation,
        {
            "consulted_on": "DATE '2020-01-01' + floor(r(g, 35) * 1826)::int",
            "topic": "'办证咨询'",
            "visitor": "''",
            "establishment_id": f"CASE WHEN r(g, 36) < 0.6 THEN {unit} END",
            "answered_by_id": str(clerk),
        },
        "generate_series(1, %s) g",
        [150 * 5 * scale],
    )
    log(f"{Permit.objects.count():,} permits, applications, consultations", started)

    violations = list(
        Violation.objects.filter(domain=public).order_by("pk").values_list("pk", flat=True)
    )
    for y in YEARS:
        filed = f"(DATE '{y}-01-05' + floor(r(g, 40) * 300)::int)"
        step = "r(g, 41)"
        insert_select(
            PenaltyCase,
            {
                "year": str(y),
                "sequence": f"g - {y * 100_000}",
                "number": f"'卫罚立〔{y}〕' || (g - {y * 100_000})",
                "source": "'complaint'",
                "party_kind": "'unit'",
                "establishment_id": unit,
                "party_name": "'单位' || g",
                "party_address": "'解放路1号'",
                "violation_id": choose(violations, 42),
                "occurred_on": f"{filed} - 10",
                "facts": "'未取得公共场所卫生许可证擅自营业。'",
                "status": f"CASE WHEN {step} < 0.15 THEN 'filed' WHEN {step} < 0.3 "
                f"THEN 'investigating' WHEN {step} < 0.4 THEN 'notified' WHEN {step} < 0.5 "
                f"THEN 'decided' ELSE 'closed' END",
                "filed_on": filed,
                "filing_approved": "true",  # the 负责人 approved the 立案 (figures count no other)
                "decision_due": f"{filed} + 90",
                "decision_number": f"CASE WHEN {step} >= 0.4 THEN '卫罚决〔{y}〕' || "
                f"(g - {y * 100_000}) END",
                "decided_on": f"CASE WHEN {step} >= 0.4 THEN {filed} + 40 END",
                "severity": f"CASE WHEN {step} >= 0.4 THEN 'ordinary' ELSE '' END",
                "closed_on": f"CASE WHEN {step} >= 0.5 THEN {filed} + 70 END",
                "outcome": f"CASE WHEN {step} >= 0.5 THEN 'penalised' ELSE '' END",
                "created_by_id": str(officers[0]),
            },
            "generate_series(%s, %s) g",
            [y * 100_000 + 1, y * 100_000 + 30 * scale],
        )
    insert_select(
        CasePenalty,
        {
            "case_id": "id",
            "stage": "'decided'",
            "kind": "'fine'",
            "amount": "(2000 + floor(r(id, 43) * 8) * 1000)::numeric",
        },
        "penalties_penaltycase WHERE decided_on IS NOT NULL",
    )
    execute(
        "INSERT INTO penalties_penaltycase_officers (penaltycase_id, user_id) "
        f"SELECT id, {officers[0]} FROM penalties_penaltycase UNION ALL "
        f"SELECT id, {officers[1]} FROM penalties_penaltycase"
    )
    log(f"{PenaltyCase.objects.count():,} penalty cases", started)
    execute("RESET session_replication_role")
    return {"seconds": time.perf_counter() - started}


def vacuum_analyze() -> None:
    import psycopg2
    from django.db import connection

    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()


# ------------------------------------------------------------------ timing


def timed(function, runs: int) -> tuple[float, list[float], object]:
    result = function()  # warm-up: plans and caches, as on a running server
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds, result


def measure(runs: int, live: bool) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from inspections.models import Inspection
    from premises.models import Domain
    from reports.figures import summary
    from reports.models import RollupPeriod
    from reports.scope import Period, Scope

    public = Domain.objects.get(code="public_places")
    out = {}
    RollupPeriod.objects.all().delete()  # counted whole on the first summary below
    start = time.perf_counter()
    summary(Scope(Period.year(YEAR)))
    out["first"] = time.perf_counter() - start
    written = iter(
        Inspection.objects.filter(inspected_at__year=YEAR).order_by("pk")[: 2 * runs + 2]
    )

    def after_a_write(scope):
        visit = next(written)  # one inspection corrected: its township is counted again
        visit.findings += "（更正）"
        visit.save(update_fields=["findings"])
        return summary(scope)

    for label, scope in (
        ("all domains", Scope(Period.year(YEAR))),
        ("public places", Scope(Period.year(YEAR), domain=public)),
    ):
        median, seconds, data = timed(lambda scope=scope: summary(scope), runs)
        with CaptureQueriesContext(connection) as captured:
            summary(scope)
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
        out[label] = {
            "median": median,
            "runs": seconds,
            "queries": len(captured.captured_queries),
            "slowest": [(float(q["time"]), q["sql"][:90]) for q in slowest],
            "figures": data,
        }
    scope = Scope(Period.year(YEAR))
    median, seconds, _ = timed(lambda: after_a_write(scope), max(3, runs // 2))
    out["after a write"] = {"median": median, "runs": seconds}
    spread = (
        Inspection.objects.filter(inspected_at__year=YEAR)
        .order_by("establishment__township_id", "pk")
        .distinct("establishment__township_id")[:10]
    )
    for visit in spread:  # ten townships' inspections corrected, then one summary
        visit.findings += "（更正）"
        visit.save(update_fields=["findings"])
    start = time.perf_counter()
    summary(scope)
    out["after ten townships"] = time.perf_counter() - start
    if live:
        settings.REPORTS_ROLLUP = False
        median, seconds, data = timed(lambda: summary(scope), 1)
        out["live"] = {"median": median, "runs": seconds}
        out.update(against_baseline(Scope(Period.year(YEAR), domain=public), runs))
        settings.REPORTS_ROLLUP = True
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_manager"))
    params = {"year": str(YEAR), "domain": "public_places"}

    def page(url):
        def get():
            response = client.get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response

        return get

    for key in ("visits", "licence_due"):
        url = reverse("reports:drill", args=[key])
        median, seconds, _ = timed(page(url), max(3, runs // 2))
        out[f"drill {key}"] = {"median": median, "runs": seconds, "url": url}
    url = reverse("reports:summary_pdf")
    median, seconds, response = timed(page(url), max(3, runs // 2))
    out["pdf"] = {"median": median, "runs": seconds, "url": url, "bytes": len(response.content)}
    return out


def against_baseline(scope, runs: int) -> dict:
    """The live summary of ``scope`` (with the year before, and without) beside the raw-SQL
    baseline of its core figures (bench/baseline_sql.py), timed in turns, and checked
    equal to it for the period and the year before."""
    from bench.baseline_sql import FIGURES, core_figures
    from reports.figures import summary

    def baseline(period):
        return core_figures(scope.domain.code, period.start, period.end)

    before = scope.year_before().period
    mismatches = {}
    data = summary(scope)
    for label, counted, figures in (
        (scope.period.label, baseline(scope.period), data),
        (before.label, baseline(before), data["year_before"]),
    ):
        for key in FIGURES:
            if int(counted[key]) != figures[key]:
                mismatches[f"{label} {key}"] = (int(counted[key]), figures[key])
    functions = {
        "baseline": lambda: baseline(scope.period),
        "live summary": lambda: summary(scope),
        "live summary without the year before": lambda: summary(scope, compare=False),
    }
    seconds = {name: [] for name in functions}
    for function in functions.values():
        function()  # warm-up
    for _ in range(runs):  # in turns, so that a busy machine slows all three alike
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            seconds[name].append(time.perf_counter() - start)
    return {
        "baseline": {
            "domain": scope.domain.code,
            "mismatches": mismatches,
            **{name: statistics.median(times) for name, times in seconds.items()},
        }
    }


def report(results: dict, size: str) -> int:
    failed = 0
    print(f"first summary of {YEAR} (both years counted whole and kept): {results['first']:.2f} s")
    if size == "province":  # the county's first summary is well under it
        ok = results["first"] < TARGETS[size]
        failed += not ok
        print(f"    target < {TARGETS[size]:.0f} s: {'ok' if ok else 'MISSED'}")
    for label in ("all domains", "public places"):
        r = results[label]
        ok = r["median"] < TARGETS[size]
        failed += not ok
        print(
            f"summary ({label}): median {r['median'] * 1000:.0f} ms over {len(r['runs'])} runs "
            f"(min {min(r['runs']) * 1000:.0f}, max {max(r['runs']) * 1000:.0f}); "
            f"{r['queries']} queries; target < {TARGETS[size] * 1000:.0f} ms: "
            f"{'ok' if ok else 'MISSED'}"
        )
        for seconds, sql in r["slowest"]:
            print(f"    {seconds * 1000:7.1f} ms  {sql}…")
    r = results["after a write"]
    ok = r["median"] < TARGETS[size]
    failed += not ok
    print(
        f"summary right after an inspection was corrected (its township counted again): "
        f"median {r['median'] * 1000:.0f} ms over {len(r['runs'])} runs; "
        f"target < {TARGETS[size] * 1000:.0f} ms: {'ok' if ok else 'MISSED'}"
    )
    print(
        "summary after inspections of ten townships were corrected: "
        f"{results['after ten townships']:.2f} s"
    )
    if "live" in results:
        live = results["live"]["median"]
        ok = live < TARGETS["province"]  # a county's or a province's, under 5 s
        failed += not ok
        print(
            f"summary counted live (REPORTS_ROLLUP off): {live:.2f} s; target < "
            f"{TARGETS['province']:.0f} s: {'ok' if ok else 'MISSED'}"
        )
        r = results["baseline"]
        base, live = r["baseline"], r["live summary"]
        ok = not r["mismatches"] and live / base <= BASELINE_RATIO
        failed += not ok
        print(
            f"raw-SQL baseline of the core figures ({r['domain']}, {YEAR}; bench/baseline_sql.py): "
            f"{base * 1000:.0f} ms; live summary with the year before {live * 1000:.0f} ms "
            f"({live / base:.1f}×), without {r['live summary without the year before'] * 1000:.0f}"
            f" ms ({r['live summary without the year before'] / base:.1f}×); target ≤ "
            f"{BASELINE_RATIO}×: {'ok' if ok else 'MISSED'}"
        )
        if r["mismatches"]:
            print(f"    NOT EQUAL (baseline, summary): {r['mismatches']}")
        else:
            print(f"    same figures as the summary, {YEAR} and {YEAR - 1}")
    for key in ("drill visits", "drill licence_due"):
        r = results[key]
        print(f"{key} page ({r['url']}): median {r['median'] * 1000:.0f} ms")
    r = results["pdf"]
    ok = r["median"] < PDF_TARGET
    failed += not ok
    what = f"summary PDF ({r['url']})"
    print(
        f"{what}: median {r['median']:.2f} s, {r['bytes']:,} bytes; target < {PDF_TARGET:.0f} s: "
        f"{'ok' if ok else 'MISSED'}"
    )
    data = results["public places"]["figures"]
    print(f"figures of {YEAR}, public places:")
    keys = (
        "units inspected_units coverage_rate visits frequency pass_rate licensed_before "
        "licence_due licences_issued licensing_rate practitioners examined exam_rate trained "
        "training_rate opinions opinions_rectified samples monitoring_pass_rate applications "
        "consultations permits_issued cases decided_cases fines"
    ).split()
    for i in range(0, len(keys), 5):
        print("  " + "  ".join(f"{k}={data[k]}" for k in keys[i : i + 5]))
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", action="store_true", help="500,000 units, not 5,000")
    parser.add_argument("--runs", type=int, default=7, help="timed runs (median reported)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--keep", action="store_true", help="leave the database afterwards")
    parser.add_argument(
        "--generate-only", action="store_true", help="generate (and keep) the data, time nothing"
    )
    parser.add_argument(
        "--live", action="store_true", help="also time one summary counted live, not kept"
    )
    parser.add_argument(
        "--jit",
        action="store_true",
        help="keep the server's JIT setting (by default the bench database has jit = off, "
        "as recommended for Weijian: JIT compiles these queries for longer than they run)",
    )
    args = parser.parse_args()
    size = "province" if args.province else "county"
    database = choose_database(args.province, args.reuse)
    server_sql(database, f"ALTER DATABASE {{}} SET jit = {'DEFAULT' if args.jit else 'off'}")
    setup_django()
    from django.core.management import call_command
    from django.db import connections

    try:
        if database["fresh"]:
            print(f"database {database['name']}: migrating and generating a {size}…", flush=True)
            call_command("migrate", verbosity=0)
            generated = generate(100 if args.province else 1)
            vacuum_analyze()
            print(f"generated in {generated['seconds']:.0f} s", flush=True)
        else:
            print(f"database {database['name']}: reused", flush=True)
        if args.generate_only:
            args.keep = True
            return 0
        print(f"jit: {'server default' if args.jit else 'off'}")
        return report(measure(args.runs, args.live or not args.province), size)
    finally:
        connections.close_all()
        if not args.keep:
            server_sql(database, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        else:
            print(f"kept database {database['name']}")


if __name__ == "__main__":
    sys.exit(main())
