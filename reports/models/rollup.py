"""The summary's precomputed counts (汇总缓存): for each standard period (a year, a half, a
quarter) the counts of table 1 and beside it for every (kind of unit, township) cell, so
that a summary of half a million units reads a few thousand rows instead of millions.

They are derived data and never trusted blindly: database triggers (migrations 0003, 0004, 0006, 0008, 0009) log the
township of every row written to the records the counts come from, whatever writes it
(pages, API, imports, bulk inserts, SQL); before a period's cells are read, the townships
logged since are counted again from the records (reports/counting/rollup.py)."""

from django.db import models


class RollupPeriod(models.Model):
    start = models.DateField("统计起始日期")
    end = models.DateField("统计截止日期")
    # The domains whose units' cells are kept apart (RollupCell.domain): those a unit is
    # supervised under beside its main domain, or the main domain of such a unit.
    split_domains = models.JSONField("分专业计算的专业", default=list)
    computed_at = models.DateTimeField("首次计算时间", auto_now_add=True)
    refreshed_at = models.DateTimeField("最近更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "汇总缓存期间"
        constraints = [
            models.UniqueConstraint(fields=["start", "end"], name="rollup_period_unique")
        ]

    def __str__(self):
        return f"{self.start}–{self.end}"


class RollupCell(models.Model):
    """The counts of one kind of unit in one township for one period.

    Cells without a domain are counted for all domains: a unit under its main kind (once).
    Where units are supervised under several domains (premises.Supervision), the cells of
    each domain concerned are also kept apart, counted for that domain (``domain``): a
    hospital then counts under 医院 in the medical cells and under X射线影像诊断 in the
    radiation ones, and once in all."""

    period = models.ForeignKey(RollupPeriod, on_delete=models.CASCADE, related_name="cells")
    domain = models.ForeignKey(
        "premises.Domain", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey("premises.Category", on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey("premises.Township", on_delete=models.CASCADE, related_name="+")
    units = models.PositiveIntegerField(default=0)
    inspected_units = models.PositiveIntegerField(default=0)
    licensed_before = models.PositiveIntegerField(default=0)
    licence_due = models.PositiveIntegerField(default=0)
    licences_issued = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    compliant_visits = models.PositiveIntegerField(default=0)
    practitioners = models.PositiveIntegerField(default=0)
    exam_due = models.PositiveIntegerField(default=0)
    examined = models.PositiveIntegerField(default=0)
    trained = models.PositiveIntegerField(default=0)
    opinions = models.PositiveIntegerField(default=0)
    opinions_rectified = models.PositiveIntegerField(default=0)
    samples = models.PositiveIntegerField(default=0)
    samples_failing = models.PositiveIntegerField(default=0)
    officer_visits = models.PositiveIntegerField(default=0)
    visits_by_kind = models.JSONField(default=dict)
    # attendance by training session (its id as text)
    training_by_session = models.JSONField(default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "汇总缓存"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "category", "township"],
                condition=models.Q(domain__isnull=True),
                name="rollup_cell_unique",
            ),
            models.UniqueConstraint(
                fields=["period", "domain", "category", "township"],
                condition=models.Q(domain__isnull=False),
                name="rollup_cell_unique_in_domain",
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.category_id}/{self.township_id}"


class RollupDirty(models.Model):
    """A township (0: every township) whose cells of a period must be counted again."""

    period = models.ForeignKey(RollupPeriod, on_delete=models.CASCADE, related_name="dirty")
    township_id = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "汇总缓存待更新"
        indexes = [models.Index(fields=["period", "township_id"], name="rollup_dirty_period")]

    def __str__(self):
        return f"{self.period} {self.township_id}"


class RollupChange(models.Model):
    """Written by the database triggers only: a row of a counted record was written in this
    township (0: in every township, e.g. a training session's date), counting on the days
    from ``first_day`` to ``last_day``. ``batch`` is set by the refresh that takes it."""

    township_id = models.BigIntegerField()
    first_day = models.DateField(null=True, blank=True)  # empty: no bound
    last_day = models.DateField(null=True, blank=True)
    batch = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "汇总缓存变更记录"
        indexes = [models.Index(fields=["batch"], name="rollup_change_batch")]

    def __str__(self):
        return f"{self.township_id}"


class RollupLock(models.Model):
    """One row: refreshes take it in turn, so that two never fan the log out at once."""

    class Meta:
        verbose_name = verbose_name_plural = "汇总缓存锁"

    def __str__(self):
        return "lock"
