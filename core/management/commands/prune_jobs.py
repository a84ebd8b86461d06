"""Delete finished background jobs older than JOB_KEEP_DAYS (or --days), with their
uploaded and result files; mark jobs cut off by a restart as not finished; forget API
answers kept for Idempotency-Key longer than IDEMPOTENCY_KEY_HOURS; give up import drafts
left for a day and delete the rows left out of older import batches (core.batches: files
that may hold ID numbers). For a daily timer
(docs/deploy.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.batches import batches_prune
from core.idempotency import idempotency_prune
from core.jobs import jobs_mark_interrupted, jobs_prune


class Command(BaseCommand):
    help = "删除超过保留期的后台任务及其文件。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.JOB_KEEP_DAYS)

    def handle(self, *args, days, **options):
        interrupted = jobs_mark_interrupted()
        pruned = jobs_prune(days=days)
        forgotten = idempotency_prune()
        files = batches_prune(days=days)
        self.stdout.write(
            f"已删除 {pruned} 个后台任务；{interrupted} 个中断的任务已标记；"
            f"{forgotten} 条过期的接口幂等记录已删除；{files} 个导入文件已删除。"
        )
