"""Back up the database and the uploaded files into one archive (core/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "把数据库和上传的文件（现场照片、证据）备份为一个 .tar.gz 文件，附带清单（时间、"
        "数据库类型、迁移状态、文件数和校验和）。默认保存到 BACKUP_DIR（项目下的 backups/）。"
        "应用运行时也可备份。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="directory or .tar.gz file name for the archive (default: BACKUP_DIR)",
        )

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backups.create_backup(output)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = manifest["media"]
        self.stdout.write(self.style.SUCCESS(f"备份已完成：{path}"))
        self.stdout.write(
            f"  数据库 {manifest['database']['vendor']}（已应用 {len(manifest['migrations'])} 个迁移），"
            f"上传文件 {media['count']} 个（{backups.human_size(media['bytes'])}），"
            f"备份文件 {backups.human_size(path.stat().st_size)}。"
        )
