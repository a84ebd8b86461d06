"""Kernel records shared by every app: document series and their gapless counters."""

from django.db import models


class DocumentSeries(models.Model):
    """A numbered kind of document (supervision opinion, permit, case, ...).

    ``pattern`` is how a number is written on the document; the office edits it in the
    admin. Placeholders: {year} and {number} (e.g. {number:04d}).
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    pattern = models.CharField("文号格式", max_length=100, help_text="可用 {year} 与 {number:04d}")

    class Meta:
        verbose_name = verbose_name_plural = "文书编号规则"

    def __str__(self):
        return self.name

    def format(self, year: int, number: int) -> str:
        return self.pattern.format(year=year, number=number)


class DocumentCounter(models.Model):
    """The last number given in a series in a year. Locked while a number is taken."""

    series = models.ForeignKey(DocumentSeries, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文书编号计数"
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="document_counter_unique_year")
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_number}"


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday rule: a public holiday on a weekday, or
    a weekend day worked in exchange (调休)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日", help_text="法定节假日不勾选；调休上班的周末勾选。")
    name = models.CharField("说明", max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日与调休"

    def __str__(self):
        return f"{self.date} {self.name}"
