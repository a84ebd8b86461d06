"""Load the official holidays and make-up working days (调休) into the working-day calendar.

    manage.py calendar_load                 # every year the installed package covers
    manage.py calendar_load --year 2027     # one year (after upgrading chinese-calendar)

Idempotent; days the administrator added or changed in the admin are kept (core.services.calendar)."""

from django.core.management.base import BaseCommand, CommandError

from core.services.calendar import CalendarDataMissing, calendar_load, official_years


class Command(BaseCommand):
    help = "载入国务院办公厅公布的法定节假日与调休上班日（本地录入的日期不覆盖）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="只载入这一年（可重复）；默认载入随系统发布的全部年份",
        )

    def handle(self, *args, years=None, **options):
        try:
            result = calendar_load(years=years)
        except CalendarDataMissing as error:
            raise CommandError(str(error)) from error
        known = official_years()
        first, last = result.years[0], result.years[-1]
        span = str(first) if first == last else f"{first}-{last}"
        self.stdout.write(
            f"{span} 年：新增 {result.created}，更新 {result.updated}，删除 {result.removed}，"
            f"保留本地录入 {result.kept_local}（随系统发布的数据：{known[0]}-{known[-1]} 年）"
        )
