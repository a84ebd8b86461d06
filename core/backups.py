"""Backups: one ``.tar.gz`` holding the database, the uploaded files and a manifest.

An archive (``weijian-YYYYMMDD-HHMMSS.tar.gz``, written by ``manage.py backup``) holds:

- ``database.sqlite3`` — a copy made with SQLite's backup API (consistent while the app
  writes), or ``database.pgdump`` — ``pg_dump --format=custom`` of DATABASES["default"];
  either way with the triggers and PL/pgSQL functions of the migrations;
- ``media/<path>`` — every file under MEDIA_ROOT (inspection photos, case evidence);
- ``manifest.json`` — written last: format, time, database vendor, applied migrations,
  and the size and SHA-256 of every other member.

``manage.py restore`` reads and checks an archive, then puts it back (core/restore.py).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "weijian-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is for the user."""


def backup_dir() -> Path:
    """BACKUP_DIR (setting, else environment), relative to the project; default backups/."""
    value = getattr(settings, "BACKUP_DIR", None) or os.environ.get("BACKUP_DIR") or "backups"
    path = Path(value)
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def human_size(size: float) -> str:
    if size < 1024:
        return f"{size:.0f} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


# ---------------------------------------------------------------------------- backup


def create_backup(output: str | Path | None = None, *, alias=DEFAULT_DB_ALIAS):
    """Write an archive (into ``output``: a directory, or a file name ending in .tar.gz;
    default BACKUP_DIR) and return (its path, its manifest)."""
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"不支持备份 {vendor} 数据库（仅支持 SQLite 和 PostgreSQL）。")
    if connection.in_atomic_block:
        raise BackupError("不能在数据库事务中备份。")
    database_name = connection.settings_dict["NAME"]
    if vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        if not Path(database_name).is_file():
            raise BackupError(f"找不到数据库文件 {database_name}：DATABASE_URL 是否正确？")
    if not MigrationRecorder(connection).applied_migrations():
        raise BackupError(
            f"数据库 {database_name} 是空的（没有已应用的迁移）：DATABASE_URL 是否正确？"
        )
    target = Path(output) if output else backup_dir()
    if target.name.endswith(".tar.gz"):
        directory, name = target.parent, target.name
        if target.exists():
            raise BackupError(f"备份文件已存在：{target}")
    else:
        directory, name = target, None
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = timezone.localtime()
    # The work files stay beside the archive: same disk, private (mkdtemp is 0700).
    with tempfile.TemporaryDirectory(prefix=".weijian-backup-", dir=directory) as work_dir:
        work = Path(work_dir)
        dump = work / DATABASE_MEMBERS[vendor]
        database = _dump_database(connection, dump)
        database.update(file=dump.name, size=dump.stat().st_size, sha256=sha256_file(dump))
        migrations = sorted(list(key) for key in MigrationRecorder(connection).applied_migrations())
        partial = work / "archive.partial"
        with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            with open(dump, "rb") as handle:
                tar.addfile(_member(dump.name, database["size"], created.timestamp()), handle)
            # After the database: every file its copy refers to is there (unless deleted
            # meanwhile); a file uploaded meanwhile is kept too, unreferenced.
            files = _add_media(tar, Path(settings.MEDIA_ROOT))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": created.isoformat(),
                "database": database,
                "migrations": migrations,
                "media": {
                    "count": len(files),
                    "bytes": sum(f["size"] for f in files),
                    "files": files,
                },
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            tar.addfile(_member(MANIFEST, len(data), created.timestamp()), _BytesReader(data))
        os.chmod(partial, 0o600)
        final = directory / (name or _free_name(directory, created))
        os.replace(partial, final)  # a half-written archive never carries the final name
    return final, manifest


def _free_name(directory: Path, created: datetime.datetime) -> str:
    stem = f"weijian-{created:%Y%m%d-%H%M%S}"
    name, n = f"{stem}.tar.gz", 1
    while (directory / name).exists():
        n += 1
        name = f"{stem}-{n}.tar.gz"
    return name


def _member(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o600
    return info


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


class _HashingReader:
    """Hashes exactly the bytes the archive takes (a file growing meanwhile is cut at its
    size when listed, so hash and content always agree)."""

    def __init__(self, raw):
        self.raw, self.digest = raw, hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _add_media(tar: tarfile.TarFile, root: Path) -> list[dict]:
    files: list[dict] = []
    if not root.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            try:
                handle = open(path, "rb")
            except FileNotFoundError:  # deleted since listed: not part of the backup
                continue
            with handle:
                stat = os.fstat(handle.fileno())
                reader = _HashingReader(handle)
                tar.addfile(_member(f"{MEDIA}/{relative}", stat.st_size, stat.st_mtime), reader)
            files.append(
                {"path": relative, "size": stat.st_size, "sha256": reader.digest.hexdigest()}
            )
    return files


def _dump_database(connection, dump: Path) -> dict:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            with connection.wrap_database_errors:
                connection.connection.backup(target)
        finally:
            target.close()
        return {"vendor": "sqlite", "sqlite_version": sqlite3.sqlite_version}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    args, env = pg_command(connection.settings_dict)
    pg_dump = client_tool("pg_dump")
    run_command([pg_dump, "--format=custom", "--no-password", f"--file={dump}", *args], env)
    tool_version = run_command([pg_dump, "--version"], env).stdout.strip()
    return {"vendor": "postgresql", "server_version": server_version, "pg_dump": tool_version}


def pg_command(settings_dict) -> tuple[list[str], dict]:
    """Connection options for pg_dump / pg_restore, and their environment (PGPASSWORD,
    PGSSLMODE, … as Django's own ``dbshell`` passes them)."""
    _, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    if settings_dict.get("NAME"):
        args.append(f"--dbname={settings_dict['NAME']}")
    return args, {**os.environ, **(extra or {})}


def client_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install "
            "postgresql-client，主版本不低于数据库服务器）。"
        )
    return found


def run_command(args: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(
            f"{Path(args[0]).name} 失败（退出码 {done.returncode}）：\n{done.stderr.strip()}"
        )
    return done
