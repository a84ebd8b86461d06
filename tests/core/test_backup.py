"""Backups (core/backups.py, ``manage.py backup`` / ``restore``) on the database of
DATABASE_URL, SQLite or PostgreSQL: a round trip gives back every row of every table,
the schema with its triggers and functions, and every uploaded file; a damaged, foreign
or unconfirmed restore is refused before anything changes.

pg_dump and pg_restore work from connections of their own: the records must be
committed, hence transactional tests (with the reference data of the migrations put back
afterwards, as the numbering tests do).
"""

import datetime
import hashlib
import io
import json
import re
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from PIL import Image

from inspections.models import Inspection
from inspections.services import photo_add
from premises.choices import StatusChangeKind
from premises.models import Establishment, EstablishmentStatusChange, Practitioner
from reports.counting.rollup import refreshed, report_queries
from reports.models import RollupCell, RollupChange
from reports.scope import Period, Scope
from tests.factories import EstablishmentFactory, PractitionerFactory
from tests.reports import builders

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date


# ------------------------------------------------------------------ what must come back


def rows() -> dict[str, list[dict]]:
    """Every row of every table (auto-created many-to-many tables and the migration
    records included), ordered by primary key."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        dump[model._meta.label] = list(model._base_manager.order_by("pk").values())
    dump["django_migrations"] = list(MigrationRecorder.Migration.objects.order_by("pk").values())
    return dump


def schema() -> dict[str, list[tuple]]:
    """Tables, indexes, constraints, triggers, functions and sequence positions."""
    if connection.vendor == "sqlite":
        queries = {
            "objects": "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name",
            "triggers": "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            "sequences": "SELECT name, seq FROM sqlite_sequence ORDER BY name",
        }
    else:
        queries = {
            "triggers": "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
            "AND c.relnamespace = 'public'::regnamespace ORDER BY 1, 2",
            "functions": "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
            "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1",
            "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
            "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = 'public' ORDER BY 1, 2",
            "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
            "sequences": "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' ORDER BY 1",
        }
    found = {}
    with connection.cursor() as cursor:
        for key, sql in queries.items():
            cursor.execute(sql)
            found[key] = [tuple(row) for row in cursor.fetchall()]
    if "constraints" in found:
        found["constraints"] = [(t, n, same_check(d)) for t, n, d in found["constraints"]]
    return found


def same_check(definition: str) -> str:
    """PostgreSQL prints a reloaded ``IN`` check with its casts moved into the array
    (``ARRAY[('a'::character varying)::text, …]`` for ``(ARRAY['a'::character varying,
    …])::text[]``): the same condition. Compared without casts and parentheses."""
    return re.sub(r"[()\s]", "", re.sub(r"::[a-z ]+(\[\])?", "", definition))


def files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def state():
    return rows(), schema(), files()


# ------------------------------------------------------------------ an office's records


def png_bytes(colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def office():
    """Units, status changes, practitioners, visits, an opinion, a sample, a permit,
    health exams, kept summary cells and history rows; a photo (image and thumbnail)
    and an evidence file under MEDIA_ROOT."""
    town = builders.township()
    shops = builders.units(3, town=town)
    builders.unit(
        "pp.lodging.hotel",
        town=town,
        changes=[
            (StatusChangeKind.SUSPENDED, D(2023, 5, 1)),
            (StatusChangeKind.RESUMED, D(2024, 2, 1)),
        ],
    )
    registered = EstablishmentFactory(township=town, name="悦来理发店")
    PractitionerFactory(establishment=registered, name="李四")
    workers = builders.people(shops[0], 2)
    builders.exams(workers, D(2024, 2, 1))
    first = builders.visit(shops[0], D(2024, 3, 5))
    builders.opinion(first)
    builders.sample(first)
    builders.visits(shops[1:], D(2024, 4, 1))
    builders.permit(shops[0], D(2022, 1, 1))
    photo = photo_add(
        inspection=first,
        upload=SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png"),
        user=builders.staff()[0],
        caption="消毒间",
    )
    default_storage.save("cases/1/询问笔录.pdf", ContentFile(b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n"))
    with report_queries():
        refreshed(Scope(Period.year(2024)))
    assert RollupCell.objects.exists()
    return shops, photo


def change_everything(shops, photo):
    """What a day (or a mistake) does after the backup: rows edited, deleted and added,
    files deleted, changed and added."""
    Establishment.objects.filter(pk=shops[0].pk).update(name="改名后的理发店")
    Inspection.objects.filter(establishment=shops[2]).delete()
    Practitioner.objects.filter(pk=builders.people(shops[1], 1)[0].pk).delete()
    builders.unit(town=shops[0].township)
    Path(photo.image.path).unlink()
    Path(photo.thumbnail.path).write_bytes(b"not the thumbnail")
    default_storage.save("stray/新文件.txt", ContentFile(b"added after the backup"))


def backup(tmp_path) -> Path:
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    [archive] = (tmp_path / "backups").glob("weijian-*.tar.gz")
    return archive


# ------------------------------------------------------------------ round trip


def test_a_restore_gives_back_every_row_every_trigger_and_every_file(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "backups"
    shops, photo = office()
    before = state()
    assert len(before[2]) == 4  # image, its display copy and thumbnail, evidence

    out = io.StringIO()
    call_command("backup", stdout=out)
    [archive] = settings.BACKUP_DIR.glob("weijian-*.tar.gz")
    assert f"备份已完成：{archive}" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only

    change_everything(shops, photo)
    assert state() != before

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "已从" in out.getvalue()
    after = state()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]

    # The triggers came back working, and the sequences where they were.
    if connection.vendor == "sqlite":
        triggers = {name for (name,) in after[1]["triggers"]}
    else:
        triggers = {name for _, name, _ in after[1]["triggers"]}
        functions = {name for name, _ in after[1]["functions"]}
        assert {"premises_link_status_changes", "reports_log_premises_establishment"} <= functions
    assert any(name.startswith("premises_link") for name in triggers)
    assert any(name.startswith("reports_log") for name in triggers)
    logged = RollupChange.objects.count()
    highest = max(row["id"] for row in before[0]["premises.Establishment"])
    added = builders.unit(
        town=shops[0].township, changes=[(StatusChangeKind.CLOSED, D(2024, 6, 1))]
    )
    assert added.pk > highest
    assert RollupChange.objects.count() > logged
    opening = EstablishmentStatusChange.objects.get(
        establishment=added, kind=StatusChangeKind.OPENED
    )
    assert opening.until == D(2024, 6, 1)


def test_the_manifest_lists_database_migrations_and_files_with_checksums(tmp_path):
    office()
    archive = backup(tmp_path)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        dump = tar.extractfile(manifest["database"]["file"]).read()
    assert manifest["format"] == "weijian-backup" and manifest["version"] == 1
    assert datetime.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["sha256"] == hashlib.sha256(dump).hexdigest()
    assert ["reports", "0003_rollup"] in manifest["migrations"]
    assert ["premises", "0006_statuschange_until_trigger"] in manifest["migrations"]
    listed = {f["path"]: f["sha256"] for f in manifest["media"]["files"]}
    assert listed == {path: hashlib.sha256(data).hexdigest() for path, data in files().items()}
    assert manifest["media"]["count"] == 4
    assert sorted(names) == sorted(
        ["manifest.json", manifest["database"]["file"], *(f"media/{p}" for p in listed)]
    )


def test_check_reads_the_whole_archive_and_changes_nothing(tmp_path):
    shops, photo = office()
    archive = backup(tmp_path)
    change_everything(shops, photo)
    changed = state()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "备份文件完好" in out.getvalue()
    assert state() == changed


# ------------------------------------------------------------------ refused, nothing changes


def rewritten(archive: Path, target: Path, change) -> Path:
    """A well-formed copy of ``archive`` whose members went through
    ``change(name, data) -> [(name, data), …]``."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            for name, data in change(member.name, source.extractfile(member).read()):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
    return target


def edit_manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return [(name, data)]
        manifest = json.loads(data)
        edit(manifest)
        return [(name, json.dumps(manifest).encode())]

    return change


def flip_a_byte(archive, target):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def truncate(archive, target):
    data = archive.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


def not_an_archive(archive, target):
    target.write_text("名单\n")
    return target


def not_weijian(archive, target):
    with tarfile.open(target, "w:gz") as out:
        info = tarfile.TarInfo("photos/one.jpg")
        data = png_bytes()
        info.size = len(data)
        out.addfile(info, io.BytesIO(data))
    return target


def other_vendor(manifest):
    vendor = "postgresql" if manifest["database"]["vendor"] == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = vendor
    manifest["database"]["file"] = {"sqlite": "database.sqlite3"}.get(vendor, "database.pgdump")


def renamed_database(name, data):
    if name.startswith("database."):
        other = "database.pgdump" if name == "database.sqlite3" else "database.sqlite3"
        return [(other, data)]
    if name == "manifest.json":
        manifest = json.loads(data)
        other_vendor(manifest)
        return [(name, json.dumps(manifest).encode())]
    return [(name, data)]


DAMAGES = {
    "a flipped byte": (flip_a_byte, "已损坏|校验失败"),
    "cut short": (truncate, "已损坏或不完整"),
    "not an archive": (not_an_archive, "已损坏或不完整"),
    "a foreign archive": (not_weijian, "不是 Weijian 备份文件"),
    "a changed file": (
        lambda a, t: rewritten(
            a, t, lambda n, d: [(n, d + b"!" if n.startswith("media/cases/") else d)]
        ),
        "校验失败.*media/cases/.*校验和不符",
    ),
    "a missing file": (
        lambda a, t: rewritten(a, t, lambda n, d: [] if n.startswith("media/cases/") else [(n, d)]),
        "校验失败.*缺少 media/cases/",
    ),
    "a file added": (
        lambda a, t: rewritten(
            a, t, lambda n, d: [(n, d)] + ([("media/x.txt", b"x")] if n == "manifest.json" else [])
        ),
        "校验失败.*多出 media/x.txt",
    ),
    "a path outside MEDIA_ROOT": (
        lambda a, t: rewritten(a, t, lambda n, d: [(n.replace("media/cases/", "media/../"), d)]),
        "意外的成员",
    ),
    "a changed manifest": (
        lambda a, t: rewritten(a, t, edit_manifest(lambda m: m.update(version=99))),
        "格式版本 99",
    ),
    "another vendor's database": (
        lambda a, t: rewritten(a, t, renamed_database),
        "不能恢复到不同种类的数据库",
    ),
    "a newer schema": (
        lambda a, t: rewritten(
            a,
            t,
            edit_manifest(lambda m: m["migrations"].append(["premises", "9999_future"])),
        ),
        "比本程序新.*premises.9999_future",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(tmp_path, damage):
    shops, photo = office()
    archive = backup(tmp_path)
    change_everything(shops, photo)
    changed = state()
    make, message = DAMAGES[damage]
    damaged = make(archive, tmp_path / "damaged.tar.gz")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), "--yes", stdout=io.StringIO())
    assert state() == changed


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_restore_needs_yes_or_a_confirmation_at_a_terminal(tmp_path, monkeypatch):
    shops, photo = office()
    archive = backup(tmp_path)
    change_everything(shops, photo)
    changed = state()

    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))  # not a terminal: no prompt
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert state() == changed

    monkeypatch.setattr(sys, "stdin", Terminal("no\n"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive), stdout=out)
    assert "将用该备份替换数据库" in out.getvalue()
    assert state() == changed
