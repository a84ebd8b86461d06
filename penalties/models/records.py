"""What a case gathers along the way: penalties, payments, evidence, the party's
statements, the hearing, extensions of the time limit and amendments after closure.

Each names its case "penalties.PenaltyCase" (not the class): the case's queryset sums its
penalties and payments, so penalties.models.case imports this module, never the reverse."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.fields import MONEY
from core.uploads import CONTENT_TYPES, download_name
from penalties.choices import EvidenceKind, PaymentKind, PenaltyKind, PenaltyStage


class CasePenalty(models.Model):
    """One penalty, proposed in the notice or imposed by the decision."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="penalties",
        verbose_name="案件",
    )
    stage = models.CharField("阶段", max_length=10, choices=PenaltyStage)
    kind = models.CharField("处罚种类", max_length=20, choices=PenaltyKind)
    amount = models.DecimalField("金额（元）", null=True, blank=True, **MONEY)
    items = models.CharField("没收物品", max_length=200, blank=True)
    quantity = models.CharField("数量", max_length=50, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["case", "stage", "id"]
        verbose_name = verbose_name_plural = "处罚内容"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "kind"], name="case_penalty_kind_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="case_penalty_amount_positive",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        label = self.get_kind_display()
        if self.amount is not None:
            return f"{label} {self.amount.normalize():,f} 元"
        if self.items:
            return f"{label}：{self.items}{('（' + self.quantity + '）') if self.quantity else ''}"
        if self.note:
            return f"{label}：{self.note}"
        return label


class CasePayment(models.Model):
    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name="案件",
    )
    kind = models.CharField("款项", max_length=20, choices=PaymentKind)
    paid_on = models.DateField("缴款日期")
    amount = models.DecimalField("金额（元）", **MONEY)
    receipt_number = models.CharField("票据号", max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "paid_on", "id"]
        verbose_name = verbose_name_plural = "缴款记录"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # One receipt is one payment: the same receipt twice would count its money twice.
            models.UniqueConstraint(
                fields=["case", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="payment_receipt_once_per_case",
                violation_error_message="该票据号已在本案登记过缴款。",
            ),
        ]

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()} {self.amount}"


def evidence_path(instance, filename):
    return f"cases/{instance.case_id}/{filename}"


class CaseEvidence(models.Model):
    """A piece of evidence, with its file (served only through a permission-checked view)."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name="案件",
    )
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind)
    title = models.CharField("证据名称", max_length=200)
    file = models.FileField("文件", upload_to=evidence_path, blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    collected_on = models.DateField("取证日期")
    # Who took it and when (the officers at the scene, not the one who typed it in):
    # the time when it is known (a photo's EXIF, a sample's taking).
    collected_at = models.TimeField("取证时间", null=True, blank=True)
    collectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="取证人"
    )
    note = models.TextField("说明", blank=True)
    # A photo taken at the inspection, attached without uploading it again: the evidence
    # names the same stored file, and the SHA-256 the photo was kept with.
    inspection_photo = models.ForeignKey(
        "inspections.InspectionPhoto",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_evidence",
        verbose_name="现场照片",
    )
    # A sample taken at the inspection, with its results judged against the limits: the
    # evidence names the sample (and prints its results); nothing is uploaded again.
    sample = models.ForeignKey(
        "inspections.Sample",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_evidence",
        verbose_name="检测样品",
    )
    sha256 = models.CharField("文件 SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    uploaded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "collected_on", "id"]
        verbose_name = verbose_name_plural = "证据"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "inspection_photo"],
                condition=Q(inspection_photo__isnull=False),
                name="evidence_inspection_photo_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["case", "sample"],
                condition=Q(sample__isnull=False),
                name="evidence_sample_once_per_case",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        """The name its file downloads under (the detected type's extension)."""
        return self.served_as()[0] if self.file else ""

    def served_as(self) -> tuple[str, str]:
        """The file name and content type the file is served under: the type detected
        when it was stored (the stored name's extension, chosen by content), with the stem of
        the name the user gave, so ``x.html`` holding a JPEG is offered as ``x.jpg``,
        image/jpeg. Anything of no known type is offered as ``.bin``,
        application/octet-stream."""
        stored = self.file.name.rsplit("/", 1)[-1]
        ext = stored.rsplit(".", 1)[-1].lower() if "." in stored else ""
        if ext not in CONTENT_TYPES:
            ext = "bin"
        name = download_name(self.original_name or "", ext, fallback=f"证据{self.pk}")
        return name, CONTENT_TYPES.get(ext, "application/octet-stream")


class PartyStatement(models.Model):
    """The party's statement and defence (陈述申辩) after the notice, and the office's reply."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name="案件",
    )
    received_on = models.DateField("提出日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("是否采纳")
    reply = models.TextField("复核意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )

    class Meta:
        ordering = ["case", "received_on", "id"]
        verbose_name = verbose_name_plural = "陈述申辩"

    def __str__(self):
        return f"{self.case.number} 陈述申辩 {self.received_on}"


class Hearing(models.Model):
    """A hearing (听证) the party asked for: requested, scheduled with notice, held."""

    case = models.OneToOneField(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="hearing",
        verbose_name="案件",
    )
    requested_on = models.DateField("申请日期")
    party_notified_on = models.DateField("通知当事人日期", null=True, blank=True)
    scheduled_for = models.DateField("举行日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=50, blank=True)
    held_on = models.DateField("实际举行日期", null=True, blank=True)
    summary = models.TextField("听证笔录要点及意见", blank=True)
    # 听证通知书 (行政处罚法第六十四条): its number; whether the hearing is public.
    notice_number = models.CharField("听证通知书文号", max_length=60, blank=True)
    public = models.BooleanField(
        "公开举行", default=True, help_text="涉及国家秘密、商业秘密或者个人隐私的不公开。"
    )
    # 听证笔录: who took part, what was said, the party's check and signature (or refusal,
    # noted by the 主持人: 第六十四条第（八）项).
    clerk = models.CharField("记录员", max_length=50, blank=True)
    participants = models.TextField(
        "参加人员", blank=True, help_text="调查人员、当事人及其委托代理人、第三人等。"
    )
    agents = models.CharField("委托代理人", max_length=100, blank=True, help_text="一至二人。")
    record = models.TextField("听证笔录", blank=True)
    party_statement = models.TextField("当事人陈述申辩和质证意见", blank=True)
    party_signed = models.BooleanField("当事人核对签名", null=True, blank=True)
    signature_note = models.CharField("拒绝签名的说明", max_length=200, blank=True)
    # 听证意见书: the 主持人's opinion to the 负责人 (internal: never on the decision).
    opinion = models.TextField("主持人意见", blank=True)
    opinion_on = models.DateField("意见日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "听证"

    def __str__(self):
        return f"{self.case.number} 听证"


class CaseExtension(models.Model):
    """An approved extension of the time limit for the decision (行政处罚法第六十条)."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name="案件",
    )
    reason = models.TextField("延期理由")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人"
    )
    approved_on = models.DateField("批准日期")
    # Under a rule where the superior organ approves (卫生部令第53号): that organ and its
    # approval's document number; ``approved_by`` is who recorded it. Otherwise the
    # 负责人's approval (``approval``) in the system.
    approving_organ = models.CharField("批准机关", max_length=100, blank=True)
    approval_document = models.CharField("批准文号", max_length=100, blank=True)
    approval = models.OneToOneField(
        "penalties.CaseApproval",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension",
        verbose_name="审批",
    )
    previous_due = models.DateField("原期限")
    new_due = models.DateField("延长至")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "approved_on", "id"]
        verbose_name = verbose_name_plural = "延长办案期限"

    def __str__(self):
        return f"{self.case.number} 延期至 {self.new_due}"


class CaseAmendment(models.Model):
    """A recorded correction of a closed case: what changed, why, by whom."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name="案件",
    )
    reason = models.CharField("更正原因", max_length=200)
    changes = models.JSONField("更正内容")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="更正人"
    )
    amended_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]
        verbose_name = verbose_name_plural = "案件更正记录"

    def __str__(self):
        return f"{self.case.number} 更正：{self.reason}"
