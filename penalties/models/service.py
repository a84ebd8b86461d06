"""Service (送达) of a document on the party: one record per served document, printed as
its 送达回执. Windows that run from service (陈述申辩, 申请听证, 缴纳罚款) run from the
record's ``served_on``. Rules: services.service.service_record."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from penalties.choices import ServiceMethod


class CaseServiceQuerySet(models.QuerySet):
    def current(self):
        """The service that counts for each document (a re-service replaces the earlier)."""
        return self.filter(current=True)


class CaseService(models.Model):
    """The service of one document of a case: which document (its registry slug, the record
    for a document printed per record, the 文号 as served), when and how, and who received
    it. ``served_on`` is the day service took effect: for 邮寄 the day the receipt was
    signed, for 公告 the day the publication period ended."""

    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name="案件",
    )
    document = models.CharField("文书", max_length=40, help_text="案件文书登记中的代码。")
    record_id = models.PositiveIntegerField("文书记录", null=True, blank=True)
    document_title = models.CharField("文书名称", max_length=60)
    document_number = models.CharField("文书文号", max_length=60, blank=True)
    method = models.CharField("送达方式", max_length=20, choices=ServiceMethod)
    served_on = models.DateField("送达日期")
    served_at = models.TimeField("送达时间", null=True, blank=True)
    place = models.CharField("送达地点", max_length=200, blank=True)
    recipient = models.CharField("受送达人", max_length=100)
    signer = models.CharField("签收人", max_length=50, blank=True)
    signer_relation = models.CharField("签收人与受送达人关系", max_length=50, blank=True)
    # 留置送达: the refusal, and a witness or a photo/video record of leaving it.
    refusal_reason = models.TextField("拒收情况", blank=True)
    witness = models.CharField("见证人", max_length=100, blank=True)
    evidence_record = models.CharField("拍照、录像记录", max_length=200, blank=True)
    # 邮寄送达
    mailed_on = models.DateField("交邮日期", null=True, blank=True)
    mail_number = models.CharField("邮件号", max_length=60, blank=True)
    # 电子送达: only with the party's signed 确认书 and a record of the sending.
    consent_on = models.DateField("电子送达确认书签署日期", null=True, blank=True)
    electronic_address = models.CharField("电子送达地址", max_length=200, blank=True)
    electronic_record = models.CharField("送达记录（截图、录像）", max_length=200, blank=True)
    # 委托送达
    entrusted_to = models.CharField("受委托机关", max_length=100, blank=True)
    # 公告送达
    published_on = models.DateField("公告日期", null=True, blank=True)
    publication = models.CharField("公告载体", max_length=200, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="送达人"
    )
    note = models.TextField("备注", blank=True)
    reservice_reason = models.TextField("重新送达理由", blank=True)
    current = models.BooleanField("有效送达", default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = CaseServiceQuerySet.as_manager()

    class Meta:
        ordering = ["case", "served_on", "id"]
        verbose_name = verbose_name_plural = "送达记录"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document", "document_number"],
                condition=Q(current=True, record_id__isnull=True),
                name="service_once_per_document",
            ),
            models.UniqueConstraint(
                fields=["case", "document", "record_id", "document_number"],
                condition=Q(current=True, record_id__isnull=False),
                name="service_once_per_document_record",
            ),
        ]

    def __str__(self):
        return f"{self.document_title} {self.document_number} {self.served_on}"

    @property
    def label(self) -> str:
        return f"《{self.document_title}》{self.document_number}".strip()
