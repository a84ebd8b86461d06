"""Measures taken on the evidence of a case and what leaves the office with it:

- ``EvidencePreservation`` (证据先行登记保存, 行政处罚法第五十六条): approved by the 负责人
  before the measure (a ``CaseApproval`` of kind "preservation"), with its item list
  (``PreservedItem``, 卫生部令第87号第二十二条: name, specification, quantity, producer or
  importer, 生产日期, 批号), the place kept and the party's signature or refusal; decided on
  (处理决定) within 7 working days (TimeLimitCode.EVIDENCE), item by item.
- ``CaseTransfer`` (案件移送, 行政处罚法第二十七条; 行政强制法第二十一条): the receiving organ,
  the reason and basis, the materials and seized items sent along, the party told in writing.
- ``CaseInterview``: a 询问笔录 (inspections.OnSiteRecord of kind inquiry) made for the case.
  The record lives in inspections (signed on the tablet like every on-site record); this
  row says which case it belongs to, since inspections may not name penalties.

Written only by ``penalties.services.preservation`` / ``transfer`` / ``interviews``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class PreservationDisposal(models.TextChoices):
    """What the 处理决定 does with a preserved item (行政处罚法第五十六条: 及时作出处理决定)."""

    RETURN = "return", "解除先行登记保存，退还当事人"
    TRANSFER = "transfer", "移送有关机关处理"
    CONFISCATE = "confiscate", "依法予以没收"
    SEIZE = "seize", "依法采取查封、扣押措施"
    TEST = "test", "需要检验、检测、鉴定的，送交检验"


class EvidencePreservation(models.Model):
    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="preservations",
        verbose_name="案件",
    )
    approval = models.OneToOneField(
        "penalties.CaseApproval",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preservation",
        verbose_name="负责人审批",
    )
    reason = models.TextField("先行登记保存理由", help_text="证据可能灭失或者以后难以取得的情形。")
    place_kept = models.CharField("保存地点", max_length=200)
    keeper = models.CharField("保存方式（保管人）", max_length=100, blank=True)
    # The 决定书: numbered and dated when the measure is taken (after the approval).
    number = models.CharField(
        "决定书文号", max_length=60, null=True, blank=True, unique=True, editable=False
    )
    taken_on = models.DateField("采取措施日期", null=True, blank=True)
    due = models.DateField("处理决定期限", null=True, blank=True)
    party_signer = models.CharField("当事人签收人", max_length=50, blank=True)
    party_refused = models.BooleanField("当事人拒绝签名", default=False)
    refusal_note = models.CharField("拒签情况（见证人）", max_length=200, blank=True)
    # The 处理决定书.
    disposal_number = models.CharField(
        "处理决定书文号", max_length=60, null=True, blank=True, unique=True, editable=False
    )
    disposed_on = models.DateField("处理决定日期", null=True, blank=True)
    disposal_note = models.TextField("处理决定说明", blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name="承办人"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[officers])

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = verbose_name_plural = "证据先行登记保存"
        constraints = [
            models.CheckConstraint(
                condition=Q(disposed_on__isnull=True) | Q(taken_on__isnull=False),
                name="preservation_disposed_after_taken",
            ),
        ]

    def __str__(self):
        return f"{self.case.number} 先行登记保存 {self.number or '（待批准）'}"

    @property
    def state_label(self) -> str:
        if self.disposed_on:
            return "已作出处理决定"
        if self.taken_on:
            return "保存中"
        approval = self.approval
        if approval is None or approval.approved is None:
            return "待负责人批准"
        return "已批准，待实施" if approval.approved else "负责人不予批准"

    def is_overdue(self, today) -> bool:
        return bool(self.due and not self.disposed_on and self.due < today)


class PreservedItem(models.Model):
    """One line of the 物品清单 (87号第二十二条)."""

    preservation = models.ForeignKey(
        EvidencePreservation,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name="先行登记保存",
    )
    name = models.CharField("物品名称", max_length=100)
    specification = models.CharField("规格", max_length=100, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=3)
    unit = models.CharField("单位", max_length=20)
    producer = models.CharField("生产者或者进口者", max_length=200, blank=True)
    production_date = models.CharField("生产日期", max_length=30, blank=True)
    batch_number = models.CharField("批号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    disposal = models.CharField("处理决定", max_length=20, choices=PreservationDisposal, blank=True)
    disposal_note = models.CharField("处理说明", max_length=200, blank=True)

    class Meta:
        ordering = ["preservation", "id"]
        verbose_name = verbose_name_plural = "先行登记保存物品"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="preserved_item_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.quantity_text}"

    @property
    def quantity_text(self) -> str:
        return f"{self.quantity.normalize():f}{self.unit}"


class TransferOrganKind(models.TextChoices):
    JUDICIAL = "judicial", "司法机关（涉嫌犯罪）"
    ADMINISTRATIVE = "administrative", "其他行政机关（无管辖权）"


class CaseTransfer(models.Model):
    """The transfer of a case (案件移送书): internal to the receiving organ."""

    case = models.OneToOneField(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="transfer",
        verbose_name="案件",
    )
    organ_kind = models.CharField("接收机关类别", max_length=20, choices=TransferOrganKind)
    organ = models.CharField("接收机关", max_length=200)
    reason = models.TextField("移送理由")
    basis = models.TextField("移送依据")
    materials = models.TextField("移送材料")
    seized_items = models.TextField("随案移交的涉案物品", blank=True)
    party_told_on = models.DateField("书面告知当事人日期", null=True, blank=True)
    party_told_how = models.CharField("告知方式", max_length=100, blank=True)
    number = models.CharField("移送书文号", max_length=60, unique=True, editable=False)
    transferred_on = models.DateField("移送日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "案件移送"

    def __str__(self):
        return f"{self.case.number} 移送{self.organ}"


class CaseInterview(models.Model):
    """A 询问笔录 made for a case (not for an inspection)."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name="案件",
    )
    record = models.OneToOneField(
        "inspections.OnSiteRecord",
        on_delete=models.PROTECT,
        related_name="case_link",
        verbose_name="询问笔录",
    )

    class Meta:
        ordering = ["case", "record__started_at", "id"]
        verbose_name = verbose_name_plural = "案件询问笔录"

    def __str__(self):
        return f"{self.case.number} {self.record}"
