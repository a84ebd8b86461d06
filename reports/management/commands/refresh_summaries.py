"""Bring the kept counts of every kept summary period up to date with the records."""

import time

from django.core.management.base import BaseCommand

from reports.counting.rollup import refreshed, report_queries
from reports.models import RollupPeriod
from reports.scope import Period, Scope


class Command(BaseCommand):
    help = (
        "把各统计期间的汇总缓存更新到最新（建议每几分钟由 cron 或 systemd 定时运行一次，"
        "使打开工作总结时几乎无需重新统计）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="also keep the year, its halves and quarters")

    def handle(self, *args, year=None, **options):
        periods = [Period(p.start, p.end) for p in RollupPeriod.objects.order_by("start", "end")]
        if year:
            periods += [Period.year(year), Period.half(year, 1), Period.half(year, 2)]
            periods += [Period.quarter(year, q) for q in range(1, 5)]
        for period in dict.fromkeys(periods):
            started = time.perf_counter()
            with report_queries():
                refreshed(Scope(period))
            self.stdout.write(f"{period.label}: {time.perf_counter() - started:.1f} s")
