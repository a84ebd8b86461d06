"""Restore an archive of ``manage.py backup``: checked whole first, then the database and
MEDIA_ROOT are replaced (core/restore.py). Stop the app (gunicorn, timers) before."""

import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core import backups, restore


def interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Command(BaseCommand):
    help = (
        "从 backup 生成的备份文件恢复数据库和上传的文件。会替换当前的全部数据："
        "上传目录中备份里没有的文件会被删除。请先停止应用。先完整校验备份文件，"
        "损坏或不是本系统的备份则拒绝恢复、不作任何改动。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="replace the current data without asking"
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the archive; change nothing"
        )

    def handle(self, *args, archive, yes=False, check=False, **options):
        if not (check or yes or interactive()):
            raise CommandError(
                "恢复会替换当前数据库的全部数据和上传的文件：请加 --yes 确认"
                "（或在终端中运行，按提示确认）。未作任何改动。"
            )
        with tempfile.TemporaryDirectory(prefix="weijian-restore-") as staging:
            try:
                manifest, pending = restore.verify(archive, Path(staging))
            except backups.BackupError as exc:
                raise CommandError(str(exc)) from exc
            self.describe(archive, manifest)
            if check:
                self.stdout.write(self.style.SUCCESS("备份文件完好，可以恢复。未作任何改动。"))
                return
            if not yes and not self.confirmed():
                raise CommandError("已取消恢复，未作任何改动。")
            try:
                restore.restore(
                    manifest,
                    Path(staging),
                    warn=lambda message: self.stderr.write(self.style.WARNING(message)),
                )
            except backups.BackupError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {archive} 恢复数据库和上传的文件。"))
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"该备份早于本程序（少 {len(pending)} 个迁移）：请运行 manage.py migrate。"
                )
            )

    def describe(self, archive, manifest):
        media = manifest["media"]
        self.stdout.write(
            f"备份 {archive}：{manifest['created_at']}，数据库 {manifest['database']['vendor']}"
            f"（{len(manifest['migrations'])} 个迁移），上传文件 {media['count']} 个"
            f"（{backups.human_size(media['bytes'])}），校验通过。"
        )

    def confirmed(self) -> bool:
        database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        self.stdout.write(
            self.style.WARNING(
                f"将用该备份替换数据库 {database} 的全部数据和 {settings.MEDIA_ROOT} 中的全部文件"
                "（备份中没有的文件会被删除）。请确认应用已停止。"
            )
        )
        self.stdout.flush()
        try:
            answer = input("输入 yes 继续：")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
