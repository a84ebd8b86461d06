"""The simple procedure (简易程序, 行政处罚法第五十一至五十二条, 第六十八至七十一条): a warning
or a small fine decided on the spot with the 当场行政处罚决定书, signed by the party on the
tablet and handed over at once; cash collected on the spot and handed to the organ; the
decision filed (备案) with the organ. The case itself is a ``PenaltyCase`` with
``procedure=simple``; its on-the-spot particulars are its ``OnSpotDecision``.

The limits are data: ``OnSpotThreshold`` (the fine allowed, by party type; a law may set
otherwise) and ``OnSpotRule`` (cash on the spot, its hand-in, the 备案 limit)."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import MONEY
from penalties.choices import CashReason, PartyType


class OnSpotThreshold(models.Model):
    """The largest fine the simple procedure allows, by party type (行政处罚法第五十一条:
    200 元 for a citizen, 3,000 元 for a legal person or other organisation, unless a law
    provides otherwise)."""

    party_type = models.CharField("当事人", max_length=20, choices=PartyType, unique=True)
    fine_max = models.DecimalField(
        "当场罚款上限（元，含本数）", validators=[MinValueValidator(0)], **MONEY
    )
    basis = models.CharField("依据", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_type"]
        verbose_name = verbose_name_plural = "当场处罚罚款上限"

    def __str__(self):
        return f"{self.get_party_type_display()}：{self.fine_max.normalize():,f} 元以下"


class OnSpotRule(models.Model):
    """The limits around an on-the-spot decision, one row (the latest ``valid_from`` on or
    before the decision's day applies)."""

    valid_from = models.DateField("施行日期", unique=True)
    cash_max = models.DecimalField(
        "当场收缴罚款上限（元，含本数）",
        validators=[MinValueValidator(0)],
        help_text="行政处罚法第六十八条：依法给予一百元以下罚款的，可以当场收缴。",
        **MONEY,
    )
    cash_handover_days = models.PositiveSmallIntegerField(
        "当场收缴罚款交至机关期限（工作日）",
        help_text="行政处罚法第七十一条：自收缴罚款之日起二日内交至行政机关（第八十五条：工作日）。",
    )
    filing_days = models.PositiveSmallIntegerField(
        "备案期限（工作日）",
        help_text="行政处罚法第五十二条：当场作出的行政处罚决定，应当报所属行政机关备案。"
        "期限由部门规章或本省规定。",
    )
    filing_basis = models.CharField("备案期限依据", max_length=200)
    filing_verified = models.BooleanField(
        "备案期限已核对",
        default=False,
        help_text="未勾选：备案期限未对照规章或本省公布文本核实（出厂默认值）。",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = verbose_name_plural = "当场处罚期限规则"

    def __str__(self):
        return f"{self.valid_from:%Y-%m-%d} 起：备案 {self.filing_days} 个工作日"

    @classmethod
    def on(cls, day: datetime.date) -> "OnSpotRule":
        """The rule in force on ``day`` (the shipped default when none is)."""
        rule = cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
        return rule or cls(**DEFAULT_RULE)


# The shipped defaults (migration 00xx_simple_procedure and the fallback of OnSpotRule.on).
DEFAULT_RULE = {
    "valid_from": datetime.date(2021, 7, 15),
    "cash_max": 100,
    "cash_handover_days": 2,
    # UNVERIFIED: the 2025 rule (国家卫生健康委令第13号) sets the 备案 limit; its text was
    # not read (DOCUMENTS.md §5). 5 working days is a marked default, editable per province.
    "filing_days": 5,
    "filing_basis": "未核实的默认值（卫生健康行政处罚程序规定未读到原文），请按本省规定更正",
    "filing_verified": False,
}


def signature_path(instance, filename):
    return f"cases/{instance.case_id}/on_spot/{filename}"


class OnSpotDecision(models.Model):
    """The 当场行政处罚决定书 of a simple case: its pre-numbered series, the time and place,
    the party's signature drawn on the tablet (or the refusal noted), the cash collected
    on the spot and its hand-in, and its 备案 with the organ."""

    case = models.OneToOneField(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="on_spot",
        verbose_name="案件",
    )
    decided_at = models.DateTimeField("处罚时间")
    place = models.CharField("处罚地点", max_length=200)
    certificates_shown = models.BooleanField("已出示执法证件", default=False)
    party_statement = models.TextField("当事人陈述申辩", blank=True)
    # 行政处罚法第二十八条: what the party is ordered to correct and by when, or how the
    # conduct was already corrected on the spot. Blank only on decisions recorded before.
    correction = models.CharField("责令改正", max_length=200, blank=True)
    # The party's signature on the tablet (a PNG) or the noted refusal.
    signer_name = models.CharField("签收人", max_length=50, blank=True)
    signature = models.ImageField("当事人签名", upload_to=signature_path, blank=True)
    signature_sha256 = models.CharField("签名图像摘要", max_length=64, blank=True)
    content_sha256 = models.CharField("签署内容摘要", max_length=64, blank=True)
    signed_at = models.DateTimeField("签名时间", null=True, blank=True)
    refusal_reason = models.CharField("当事人拒绝签收情况", max_length=200, blank=True)
    # Cash on the spot (第六十八至七十一条).
    cash_amount = models.DecimalField("当场收缴罚款（元）", null=True, blank=True, **MONEY)
    cash_reason = models.CharField("当场收缴理由", max_length=20, choices=CashReason, blank=True)
    cash_receipt_number = models.CharField("罚款收据编号", max_length=60, blank=True)
    cash_due = models.DateField("交至机关期限", null=True, blank=True)
    cash_handed_in_on = models.DateField("交至机关日期", null=True, blank=True)
    cash_handed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记交款人",
    )
    # 备案 (第五十二条).
    filing_due = models.DateField("备案期限")
    filed_with_organ_on = models.DateField("备案日期", null=True, blank=True)
    filed_with_organ_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="备案登记人",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = verbose_name_plural = "当场行政处罚决定"
        constraints = [
            models.CheckConstraint(
                condition=~Q(signature="") | ~Q(refusal_reason=""),
                name="on_spot_signed_or_refused",
            ),
            models.CheckConstraint(
                condition=(Q(cash_amount__isnull=True) & Q(cash_reason=""))
                | (Q(cash_amount__gt=0) & ~Q(cash_reason="") & ~Q(cash_receipt_number="")),
                name="on_spot_cash_with_reason_and_receipt",
            ),
        ]

    def __str__(self):
        return f"当场行政处罚决定书 {self.case.number}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signature)

    @property
    def filing_overdue(self) -> bool:
        return self.filed_with_organ_on is None and self.filing_due < timezone.localdate()

    @property
    def cash_overdue(self) -> bool:
        return (
            self.cash_due is not None
            and self.cash_handed_in_on is None
            and self.cash_due < timezone.localdate()
        )
