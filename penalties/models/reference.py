"""Rules that change with regulations, kept as data the administrator edits: violations
with their discretion tables (处罚裁量权基准) and the statutory time limits."""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.calendar import add_working_days
from core.fields import MONEY
from penalties.choices import PartyType, PenaltyKind, Severity, TimeLimitCode

logger = logging.getLogger(__name__)

# The legal lengths the office starts from (migration 0002 ships the same rows): what a
# step counts with if a row has gone missing. code: (days, working days, warn days, basis)
LEGAL_DEFAULTS = {
    TimeLimitCode.STATEMENT: (
        3,
        True,
        2,
        "告知书载明的陈述申辩期限（行政处罚法第四十四、四十五条）",
    ),
    TimeLimitCode.HEARING_REQUEST: (5, True, 2, "行政处罚法第六十四条：告知后五日内提出听证要求"),
    TimeLimitCode.HEARING_NOTICE: (7, True, 2, "行政处罚法第六十四条：听证七日前通知当事人"),
    TimeLimitCode.DECISION: (90, False, 15, "行政处罚法第六十条：立案之日起九十日内作出决定"),
    TimeLimitCode.SERVICE: (7, True, 3, "行政处罚法第六十一条：七日内送达决定书"),
    TimeLimitCode.PAYMENT: (
        15,
        False,
        5,
        "行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款",
    ),
    TimeLimitCode.EVIDENCE: (
        7,
        True,
        3,
        "行政处罚法第五十六条：先行登记保存的证据七日内作出处理决定",
    ),
    # No statute sets a limit for serving the 事先告知书: the office's own limit, taken
    # from the decision's seven days (UNVERIFIED as a rule; practice).
    TimeLimitCode.NOTICE_SERVICE: (
        7,
        True,
        3,
        "未见法定期限（未核实）：参照行政处罚法第六十一条决定书七日内送达，本机关办案要求",
    ),
    # 行政处罚法第六十一条 serves by 民事诉讼法; its art. 95 (2021 revision, in force
    # 2022-01-01) deems a 公告送达 served 30 days after publication (60 before 2022).
    TimeLimitCode.PUBLIC_SERVICE: (
        30,
        False,
        0,
        "民事诉讼法第九十五条（2021年修正）：自发出公告之日起经过三十日即视为送达（原为六十日）",
    ),
}


class Violation(models.Model):
    """A kind of violation: what was broken and which clause sets the penalty."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("违法行为", max_length=200)
    domain = models.ForeignKey(
        "premises.Domain", on_delete=models.PROTECT, null=True, blank=True, verbose_name="监督专业"
    )
    law = models.CharField(
        "法律法规", max_length=100, blank=True, help_text="处罚条款所在的法律、法规或规章。"
    )
    legal_basis = models.TextField("违反的规定")
    penalty_basis = models.TextField("处罚依据")
    penalty_text = models.TextField(
        "处罚条款原文要点", blank=True, help_text="处罚条款规定的处罚种类、并处关系和罚款幅度。"
    )
    source_note = models.TextField(
        "来源说明",
        blank=True,
        help_text="条款核对情况、修订与条号变化（如传染病防治法 2025 年修订）。",
    )
    source_verified = models.BooleanField(
        "条款已核对", default=False, help_text="未勾选：条号或幅度尚未对照公布文本核实。"
    )
    limitation_years = models.PositiveSmallIntegerField(
        "追责时效（年）",
        default=2,
        help_text="行政处罚法第三十六条：一般两年；涉及公民生命健康安全的五年。",
    )
    # The group the summary adds its cases and money up under (工作总结: 医疗机构依法执业
    # apart from 非法行医); blank: the violation is its own group.
    report_group = models.CharField(
        "统计分组",
        max_length=50,
        blank=True,
        help_text="工作总结按此分组统计案件和罚没款（如“医疗机构依法执业”“非法行医”）；"
        "不填则单列。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "违法行为"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("penalties:violation_detail", args=[self.pk])


class DiscretionLevel(models.Model):
    """One row of a discretion table: for a violation at a severity, the penalties allowed
    and the fine range. ``fine_max`` empty: no fixed upper limit (e.g. a multiple of gains)."""

    violation = models.ForeignKey(
        Violation, on_delete=models.CASCADE, related_name="levels", verbose_name="违法行为"
    )
    severity = models.CharField("违法情节", max_length=10, choices=Severity)
    circumstances = models.TextField("情节描述")
    penalties = models.JSONField("可处罚种类", default=list)
    fine_min = models.DecimalField(
        "罚款下限（元）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    fine_max = models.DecimalField(
        "罚款上限（元）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    required_penalties = models.JSONField(
        "必须并处的种类",
        default=list,
        blank=True,
        help_text='条款写“给予警告，并处罚款”时两者都须处以，如 ["warning", "fine"]；“可以并处”的不列。',
    )
    gains_multiple_min = models.DecimalField(
        "罚款下限（违法所得倍数）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    gains_multiple_max = models.DecimalField(
        "罚款上限（违法所得倍数）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    gains_floor = models.DecimalField(
        "违法所得计算下限（元）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="违法所得不足此数的按此数计算（如“不足一万元的，按一万元计算”）。",
        **MONEY,
    )
    requires_legal_review = models.BooleanField(
        "须法制审核", default=False, help_text="行政处罚法第五十八条：重大处罚决定前须法制审核。"
    )
    requires_collective_discussion = models.BooleanField(
        "须集体讨论",
        default=False,
        help_text="重大违法行为，须负责人集体讨论决定（行政处罚法第五十七条第二款）。",
    )
    source = models.CharField(
        "裁量来源", max_length=200, blank=True, help_text="本档幅度所依据的裁量基准或条款。"
    )
    default_unpublished = models.BooleanField(
        "非公布裁量基准的默认值",
        default=False,
        help_text="勾选：本档的划分是系统默认值，不是摘自已公布的裁量基准，请按本省基准修改。",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["violation", "severity"]
        verbose_name = verbose_name_plural = "处罚裁量基准"
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "severity"], name="discretion_one_row_per_severity"
            ),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_min__lte=models.F("fine_max")),
                name="discretion_fine_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.violation}（{self.get_severity_display()}）"

    def clean(self):
        if not isinstance(self.penalties, list) or not self.penalties:
            raise ValidationError(
                {
                    "penalties": f'请以列表填写可处罚种类，如 ["warning", "fine"]（可选：{"、".join(PenaltyKind.values)}）。'
                }
            )
        unknown = [str(p) for p in self.penalties if p not in PenaltyKind.values]
        if unknown:
            raise ValidationError({"penalties": f"未知的处罚种类：{'、'.join(unknown)}。"})
        required = self.required_penalties or []
        if not isinstance(required, list) or any(p not in self.penalties for p in required):
            raise ValidationError(
                {"required_penalties": "必须并处的种类须以列表填写，且每一种都在可处罚种类中。"}
            )
        allows_fine = PenaltyKind.FINE in (self.penalties or [])
        multiple = self.gains_multiple_min is not None or self.gains_multiple_max is not None
        if multiple and (self.gains_multiple_min is None or self.gains_multiple_max is None):
            raise ValidationError(
                {"gains_multiple_max": "按违法所得倍数罚款须同时填写上下限倍数。"}
            )
        if multiple and self.gains_multiple_min > self.gains_multiple_max:
            raise ValidationError({"gains_multiple_max": "上限倍数不能低于下限倍数。"})
        if multiple and (self.fine_min is not None or self.fine_max is not None):
            raise ValidationError({"fine_min": "按违法所得倍数罚款的，不再填写固定罚款幅度。"})
        if allows_fine and self.fine_min is None and not multiple:
            raise ValidationError({"fine_min": "可处罚款时须填写罚款下限或违法所得倍数。"})
        if not allows_fine and (self.fine_min is not None or self.fine_max is not None or multiple):
            raise ValidationError({"penalties": "填写了罚款幅度，但可处罚种类中没有罚款。"})
        if (
            self.fine_min is not None
            and self.fine_max is not None
            and self.fine_min > self.fine_max
        ):
            raise ValidationError({"fine_max": "罚款上限不能低于下限。"})

    @property
    def penalty_labels(self) -> str:
        return "、".join(PenaltyKind(p).label for p in self.penalties if p in PenaltyKind.values)

    @property
    def by_gains(self) -> bool:
        return self.gains_multiple_min is not None and self.gains_multiple_max is not None

    def gains_base(self, gains):
        """The illegal gains a multiple counts from: never below the floor."""
        if gains is None:
            return self.gains_floor
        if self.gains_floor is not None and gains < self.gains_floor:
            return self.gains_floor
        return gains

    def fine_range_for(self, gains):
        """(min, max) fine in yuan for this level, given the illegal gains when it fines by
        a multiple; (None, None) if the multiple has no base."""
        if not self.by_gains:
            return self.fine_min, self.fine_max
        base = self.gains_base(gains)
        if base is None:
            return None, None
        cent = Decimal("0.01")
        return (
            (self.gains_multiple_min * base).quantize(cent),
            (self.gains_multiple_max * base).quantize(cent),
        )

    @property
    def required_labels(self) -> str:
        return "、".join(
            PenaltyKind(p).label for p in self.required_penalties or [] if p in PenaltyKind.values
        )

    @property
    def fine_range_text(self) -> str:
        if self.by_gains:
            text = (
                f"违法所得 {self.gains_multiple_min.normalize():f}–"
                f"{self.gains_multiple_max.normalize():f} 倍"
            )
            if self.gains_floor is not None:
                text += f"（不足 {self.gains_floor.normalize():,f} 元按 {self.gains_floor.normalize():,f} 元计）"
            return text
        if self.fine_min is None:
            return "—"
        low = f"{self.fine_min.normalize():,f}"
        if self.fine_max is None:
            return f"{low} 元以上"
        return f"{low}–{self.fine_max.normalize():,f} 元"


class TimeLimit(models.Model):
    """A statutory time limit. Limits of seven days or fewer count working days
    (行政处罚法第八十五条)."""

    code = models.CharField("代码", max_length=30, choices=TimeLimitCode, unique=True)
    days = models.PositiveSmallIntegerField("天数")
    working_days = models.BooleanField("按工作日计算", default=False)
    warn_days = models.PositiveSmallIntegerField(
        "提前提醒（日）", default=5, help_text="期限届满前多少日列入临期提醒。"
    )
    basis = models.CharField("依据", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "处罚程序时限"

    def __str__(self):
        unit = "个工作日" if self.working_days else "日"
        return f"{self.get_code_display()}：{self.days}{unit}"

    def due_from(self, start: datetime.date) -> datetime.date:
        if self.working_days:
            return add_working_days(start, self.days)
        return start + datetime.timedelta(days=self.days)

    @classmethod
    def legal_default(cls, code: str) -> "TimeLimit":
        """The shipped legal length of ``code`` (not saved)."""
        days, working_days, warn_days, basis = LEGAL_DEFAULTS[code]
        return cls(
            code=code, days=days, working_days=working_days, warn_days=warn_days, basis=basis
        )

    @classmethod
    def current(cls, code: str) -> "TimeLimit":
        """The row the administrator keeps, or the legal default (logged) if it is missing:
        a step never fails for want of a time limit."""
        limit = cls.objects.filter(code=code).first()
        if limit is None:
            logger.warning(
                "Time limit '%s' is missing from the database: using the legal default.",
                str(code),
            )
            limit = cls.legal_default(code)
        return limit

    @classmethod
    def due(cls, code: str, start: datetime.date) -> datetime.date:
        return cls.current(code).due_from(start)

    @classmethod
    def warn_days_by_code(cls) -> dict[str, int]:
        """Warning days of every limit, the legal default standing in for a missing row."""
        warn = {code: default[2] for code, default in LEGAL_DEFAULTS.items()}
        warn.update(cls.objects.values_list("code", "warn_days"))
        return warn


class HearingThreshold(models.Model):
    """较大数额 (行政处罚法第六十三条): the fine, or the confiscated gains or property's value,
    from which the party may ask for a hearing. Each province sets its own amounts."""

    party_type = models.CharField("当事人", max_length=20, choices=PartyType, unique=True)
    region = models.CharField("适用地区", max_length=50)
    fine_from = models.DecimalField(
        "较大数额罚款（元，含本数）", validators=[MinValueValidator(0)], **MONEY
    )
    confiscation_from = models.DecimalField(
        "没收较大数额违法所得、较大价值非法财物（元，含本数）",
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    basis = models.CharField("依据", max_length=200)
    verified = models.BooleanField(
        "已核对",
        default=False,
        help_text="未勾选：数额未对照本省公布文本核实（省级人民政府规定）。",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_type"]
        verbose_name = verbose_name_plural = "听证较大数额标准"

    def __str__(self):
        return f"{self.region} {self.get_party_type_display()}：罚款 {self.fine_from.normalize():,f} 元以上"
