"""Restoring a backup of core.backups: read the whole archive into a staging directory
and check it against its manifest (and the database copy itself) before changing
anything; then replace the database (SQLite: in one SQLite transaction through the backup
API; PostgreSQL: ``pg_restore --clean --if-exists --no-owner --single-transaction``) and
make MEDIA_ROOT hold exactly the archive's files (others are removed)."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from core.backups import (
    CHUNK,
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    MANIFEST_MAX_BYTES,
    MEDIA,
    VERSION,
    BackupError,
    client_tool,
    pg_command,
    run_command,
    sha256_file,
)


def verify(path: str | Path, staging: Path, *, alias=DEFAULT_DB_ALIAS):
    """Unpack the archive into ``staging`` and check it whole: every member against the
    manifest, the database vendor and schema against this installation, the database
    copy itself. Return (the manifest, the migrations to run after restoring it).
    Nothing outside ``staging`` is touched."""
    manifest = read_archive(path, staging)
    pending = check_compatible(manifest, alias=alias)
    _check_database_copy(manifest, staging)
    return manifest, pending


def read_archive(path: str | Path, staging: Path) -> dict:
    """Unpack the archive into ``staging`` and check its members against its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    found: dict[str, tuple[int, str, float]] = {}
    manifest_data = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = member.name
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"不是 Weijian 备份文件：成员 {name!r} 出现了两次。")
                if not member.isreg():
                    raise BackupError(f"不是 Weijian 备份文件：{name!r} 不是普通文件。")
                source = tar.extractfile(member)
                assert source is not None  # a regular file's member
                if name == MANIFEST:
                    if member.size > MANIFEST_MAX_BYTES:
                        raise BackupError("不是 Weijian 备份文件：manifest.json 过大。")
                    manifest_data = source.read()
                    continue
                target = staging / _member_path(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[name] = (member.size, digest.hexdigest(), member.mtime)
            # Read on to the end of the gzip stream: its CRC is checked there.
            while tar.fileobj.read(CHUNK):
                pass
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"备份文件已损坏或不完整，无法读取：{path}（{exc}）") from exc
    manifest = _parse_manifest(manifest_data)
    _check_members(manifest, found)
    for entry in manifest["media"]["files"]:
        entry["mtime"] = found[f"{MEDIA}/{entry['path']}"][2]
    return manifest


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    canonical = str(path) == name and not path.is_absolute() and ".." not in path.parts
    if canonical and "\\" not in name and "\x00" not in name:
        if name in DATABASE_MEMBERS.values():
            return path
        if len(path.parts) > 1 and path.parts[0] == MEDIA:
            return path
    raise BackupError(f"不是 Weijian 备份文件：含有意外的成员 {name!r}。")


def _parse_manifest(data: bytes | None) -> dict:
    if data is None:
        raise BackupError("不是 Weijian 备份文件，或文件不完整：没有 manifest.json。")
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"备份清单 manifest.json 已损坏：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("不是 Weijian 备份文件：manifest.json 不是 Weijian 的备份清单。")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('version')!r} 不受本程序支持（支持版本 {VERSION}）。"
        )
    if not _well_formed(manifest):
        raise BackupError("备份清单 manifest.json 格式不正确。")
    return manifest


def _well_formed(manifest: dict) -> bool:
    try:
        database, media = manifest["database"], manifest["media"]
        datetime.datetime.fromisoformat(manifest["created_at"])
        return (
            database["file"] == DATABASE_MEMBERS.get(database["vendor"])
            and isinstance(database["size"], int)
            and isinstance(database["sha256"], str)
            and media["count"] == len(media["files"])
            and all(
                isinstance(entry["path"], str)
                and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)
                for entry in media["files"]
            )
            and all(
                isinstance(app, str) and isinstance(name, str)
                for app, name in manifest["migrations"]
            )
        )
    except (KeyError, TypeError, ValueError):
        return False


def _check_members(manifest: dict, found: dict) -> None:
    database = manifest["database"]
    expected = {database["file"]: (database["size"], database["sha256"])}
    for entry in manifest["media"]["files"]:
        expected[f"{MEDIA}/{entry['path']}"] = (entry["size"], entry["sha256"])
    problems = [f"缺少 {name}" for name in expected if name not in found]
    problems += [f"多出 {name}" for name in found if name not in expected]
    problems += [
        f"{name} 校验和不符"
        for name, (size, digest) in expected.items()
        if name in found and found[name][:2] != (size, digest)
    ]
    if problems:
        shown = "；".join(problems[:5]) + ("……" if len(problems) > 5 else "")
        raise BackupError(f"备份文件校验失败（已损坏或被改动），未作任何改动：{shown}")


def _check_database_copy(manifest: dict, staging: Path) -> None:
    database = manifest["database"]
    copy = staging / database["file"]
    if database["vendor"] == "sqlite":
        try:
            source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
            try:
                result = source.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                source.close()
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            raise BackupError(f"备份中的数据库未通过完整性检查：{result}")
    elif shutil.which("pg_restore"):
        # The dump's table of contents must be readable (no connection needed).
        try:
            run_command([client_tool("pg_restore"), "--list", str(copy)], dict(os.environ))
        except BackupError as exc:
            raise BackupError(f"备份中的数据库副本无法读取：{exc}") from exc


def check_compatible(manifest: dict, *, alias=DEFAULT_DB_ALIAS) -> list[tuple[str, str]]:
    """Refuse an archive of another database vendor or of a newer schema than this code
    knows; return the migrations this code has that the archive lacks (to migrate after)."""
    connection = connections[alias]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"该备份来自 {vendor} 数据库，当前数据库是 {connection.vendor}："
            "不能恢复到不同种类的数据库。"
        )
    archived = {tuple(key) for key in manifest["migrations"]}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    # Rows of apps no longer installed say nothing about this code's schema.
    apps = {app for app, _ in known}
    unknown = sorted(key for key in archived - known if key[0] in apps)
    if unknown:
        names = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"该备份的数据库结构比本程序新（本程序没有迁移 {names}）："
            "请先部署生成该备份时的程序版本。"
        )
    return sorted(known - archived)


def restore(manifest: dict, staging: Path, *, alias=DEFAULT_DB_ALIAS, warn=None) -> None:
    """Replace the database and MEDIA_ROOT with the checked archive in ``staging``;
    ``warn(message)`` hears of other connections to a PostgreSQL database."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("不能在数据库事务中恢复。")
    copy = staging / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, copy)
    else:
        _restore_postgresql(connection, copy, warn or (lambda message: None))
    ContentType.objects.clear_cache()
    restore_media(manifest, staging / MEDIA, Path(settings.MEDIA_ROOT))


def _restore_sqlite(connection, copy: Path) -> None:
    """The backup API copies the whole file into the live database in one SQLite
    transaction: other connections see the old database or the new one, and an error or
    a crash half-way leaves the old one (its journal rolls it back)."""
    source = sqlite3.connect(copy)
    try:
        connection.ensure_connection()
        with connection.wrap_database_errors:
            source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"数据库恢复失败，数据库未改动：{exc}") from exc
    finally:
        source.close()


def _restore_postgresql(connection, copy: Path, warn) -> None:
    """pg_restore in one transaction: on any error nothing is changed. Objects of the
    archive are dropped and made again (tables, functions, triggers, sequences). Other
    connections are not terminated: one holding a lock makes pg_restore wait for it (the
    archive sets lock_timeout = 0 for itself)."""
    args, env = pg_command(connection.settings_dict)
    pg_restore = client_tool("pg_restore")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchone()[0]
    if others:
        warn(
            f"数据库 {connection.settings_dict['NAME']} 还有 {others} 个其他连接（应用是否仍在运行？）："
            "恢复会等待它们释放所持有的锁。"
        )
    connection.close()  # hold no lock of our own
    try:
        run_command(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                *args,
                str(copy),
            ],
            env,
        )
    except BackupError as exc:
        raise BackupError(
            f"数据库恢复失败，已回滚，数据库未改动（应用是否仍在运行？）：{exc}"
        ) from exc


def restore_media(manifest: dict, source: Path, root: Path) -> None:
    """Make ``root`` hold exactly the archive's files: others are removed first (so a
    directory where the archive has a file, or the reverse, is no obstacle), then each
    file is written beside its place and renamed over it. Run again if interrupted."""
    root.mkdir(parents=True, exist_ok=True)
    entries = manifest["media"]["files"]
    keep = {root / entry["path"] for entry in entries}
    parents = {parent for path in keep for parent in path.parents}
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        here = Path(dirpath)
        for name in filenames:
            if here / name not in keep:
                (here / name).unlink()
        for name in dirnames:
            path = here / name
            if path.is_symlink():
                path.unlink()
            elif path not in parents and not any(path.iterdir()):
                path.rmdir()
    for entry in entries:
        staged, target = source / entry["path"], root / entry["path"]
        if target.is_file() and target.stat().st_size == entry["size"]:
            if sha256_file(target) == entry["sha256"]:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(staged, partial)
        os.utime(partial, (entry["mtime"], entry["mtime"]))
        os.replace(partial, target)
