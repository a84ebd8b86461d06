"""The paper made on site (现场笔录, 询问笔录, 复查记录) and its signatures.

A record is prefilled from its inspection (inspections.services.records) and edited until
its first signature; each signature keeps the SHA-256 of the record's content as signed.
When every required signature is there the record is frozen (``signed_at``): a correction
afterwards is a new version (``supersedes``), never an edit in place."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class PaperKind(models.TextChoices):
    ONSITE = "onsite", "现场笔录"
    INQUIRY = "inquiry", "询问笔录"
    FOLLOW_UP = "follow_up", "复查记录"


class SignerRole(models.TextChoices):
    PARTY = "party", "当事人"
    OFFICER = "officer", "执法人员"
    WITNESS = "witness", "见证人"


# The fields a signature vouches for, in the order they are hashed.
CONTENT_FIELDS = (
    "kind",
    "version",
    "party_name",
    "responsible_person",
    "address",
    "place",
    "started_at",
    "ended_at",
    "present_person",
    "credentials_shown",
    "facts",
    "questioned_name",
    "questioned_id_number",
    "questioned_role",
    "questioned_phone",
    "recusal_notice",
    "questions",
)
# The refusal to sign (party_refused, refusal_reason) is an account of the signing, not
# of the visit: outside the content, borne out by the witness's signature.


# Added later: hashed only when set, so what was signed before they existed keeps its hash.
OPTIONAL_CONTENT_FIELDS = (
    "questioned_relation",
    "recusal_answer",
    "questioner_id",
    "recorder_id",
)


def signature_path(instance, filename):
    if instance.record.inspection_id is None:  # a 询问笔录 made for a penalty case
        return f"records/{instance.record_id}/signatures/{filename}"
    return f"inspections/{instance.record.inspection_id}/signatures/{filename}"


class OnSiteRecord(models.Model):
    # None: a 询问笔录 made for a penalty case (penalties.CaseInterview names the case).
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onsite_records",
        verbose_name="检查",
    )
    kind = models.CharField("文书", max_length=20, choices=PaperKind)
    version = models.PositiveSmallIntegerField("版本", default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="更正的原笔录",
    )
    amendment_reason = models.TextField("更正原因", blank=True)
    party_name = models.CharField("被检查单位（当事人）", max_length=200)
    responsible_person = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    place = models.CharField("检查地点", max_length=300)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    present_person = models.CharField("在场人员", max_length=100, blank=True)
    credentials_shown = models.BooleanField("已出示执法证件", default=True)
    facts = models.TextField("现场检查情况", blank=True)
    # 询问笔录: the person questioned, the 回避 notice, the questions and answers.
    questioned_name = models.CharField("被询问人", max_length=50, blank=True)
    questioned_id_number = models.CharField("身份证件号码", max_length=30, blank=True)
    questioned_role = models.CharField("工作单位及职务", max_length=100, blank=True)
    questioned_phone = models.CharField("联系电话", max_length=30, blank=True)
    questioned_relation = models.CharField("与当事人关系", max_length=50, blank=True)
    recusal_notice = models.BooleanField("已告知申请回避的权利", default=False)
    recusal_answer = models.CharField("是否申请回避（被询问人的回答）", max_length=100, blank=True)
    questioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="询问人",
    )
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="记录人（执法人员）",
    )
    questions = models.JSONField("问答", default=list, blank=True)  # [[question, answer], ...]
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="onsite_records", verbose_name="执法人员"
    )
    party_refused = models.BooleanField("当事人拒绝签名", default=False)
    refusal_reason = models.CharField("拒签情况", max_length=200, blank=True)
    content_sha256 = models.CharField("签署时内容摘要", max_length=64, blank=True)
    signed_at = models.DateTimeField("签署完成时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["inspection", "kind", "version", "id"]
        verbose_name = verbose_name_plural = "现场文书"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PaperKind.values), name="onsite_record_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")),
                name="onsite_record_ends_after_start",
            ),
        ]

    def __str__(self):
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.get_kind_display()} {self.party_name}{suffix}"

    def get_absolute_url(self):
        return reverse("inspections:record_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.signed_at is not None

    def content(self) -> dict:
        """What a signature vouches for: the record's text and its officers."""
        data = {}
        for name in CONTENT_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        for name in OPTIONAL_CONTENT_FIELDS:
            value = getattr(self, name)
            if value:
                data[name] = value
        data["inspection"] = self.inspection_id
        data["officers"] = sorted(u.pk for u in self.officers.all()) if self.pk else []
        return data

    def content_hash(self) -> str:
        text = json.dumps(self.content(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class OnSiteSignature(models.Model):
    """One signature, drawn on the tablet: a PNG kept with who signed, when, and the
    SHA-256 of the record's content it was given on."""

    record = models.ForeignKey(
        OnSiteRecord, on_delete=models.PROTECT, related_name="signatures", verbose_name="笔录"
    )
    role = models.CharField("签名人身份", max_length=20, choices=SignerRole)
    name = models.CharField("签名人", max_length=50)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="执法人员",
    )
    certificate_number = models.CharField("执法证号", max_length=40, blank=True)
    image = models.ImageField("签名", upload_to=signature_path)
    image_sha256 = models.CharField("签名图像摘要", max_length=64)
    content_sha256 = models.CharField("签署内容摘要", max_length=64)
    signed_at = models.DateTimeField("签名时间")
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="采集人"
    )

    class Meta:
        ordering = ["record", "signed_at", "id"]
        verbose_name = verbose_name_plural = "现场签名"
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=SignerRole.values), name="onsite_signature_role_valid"
            ),
            models.UniqueConstraint(
                fields=["record", "officer"],
                condition=Q(officer__isnull=False),
                name="onsite_signature_officer_once",
            ),
            models.UniqueConstraint(
                fields=["record", "role"],
                condition=Q(role="party"),
                name="onsite_signature_party_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"
