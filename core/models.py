"""Kernel records shared by every app: document series and their gapless counters, the
working-day calendar, and the log of every view of a full ID number."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.patterns import pattern_regex, validate_number_pattern


class Recorded(models.Model):
    """Who registered a record and when (登记人, 登记时间): the pair every register of the
    unit's file keeps. The user may be empty for rows loaded by a migration or import."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        abstract = True


class DocumentSeries(models.Model):
    """A numbered kind of document (supervision opinion, permit, case, ...).

    ``pattern`` is how a number is written on the document; the office edits it in the
    admin. Placeholders: {year} and {number} (e.g. {number:04d}), both required: counters
    restart every year, so a number without its year would repeat
    (core.patterns).
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    pattern = models.CharField(
        "文号格式",
        max_length=100,
        help_text="须含 {year}（年度）与 {number}（序号，如 {number:03d} 补足三位）；可含 {office}（地区简称）"
        "与 {category}（执法类别，见“文号代字”），例如 {office}卫{category}罚〔{year}〕{number:03d}号",
        validators=[validate_number_pattern],
    )

    class Meta:
        verbose_name = verbose_name_plural = "文书编号规则"

    def __str__(self):
        return self.name

    def format(self, year: int, number: int, *, office: str = "", category: str = "") -> str:
        """The number as written; ``office`` and ``category``: the codes (文号代字) the
        pattern's {office} and {category} take (``DocumentCode.values_for``)."""
        return self.pattern.format(year=year, number=number, office=office, category=category)

    def parse(self, text: str) -> tuple[int, int] | None:
        """(year, number) of a number written in this series' pattern, or None when the
        text is written another way (e.g. another office's permit)."""
        match = pattern_regex(self.pattern).fullmatch((text or "").strip())
        if match is None:
            return None
        return int(match["year"]), int(match["number"])


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


class DocumentCodeKind(models.TextChoices):
    OFFICE = "office", "地区简称"
    CATEGORY = "category", "执法类别"


class DocumentCode(models.Model):
    """A 文号代字 (卫生部令第87号 art. 4–5: 地区简称 + 卫 + 执法类别 + 执法性质 + 〔年份〕 + 序号):
    the office's 地区简称 (one row, key empty) and the 执法类别 of each supervision domain
    (key: the domain's code). A series' pattern takes them as {office} and {category}; the
    执法性质 (罚、告、听…) is written in the pattern. Numbers already given never change."""

    kind = models.CharField("种类", max_length=10, choices=DocumentCodeKind)
    key = models.CharField(
        "对应代码",
        max_length=40,
        blank=True,
        help_text="执法类别：监督专业的代码；地区简称：留空。",
    )
    name = models.CharField("说明", max_length=50, blank=True)
    code = models.CharField("代字", max_length=10, help_text="如“万”“医”“公”。")
    source = models.CharField("来源", max_length=200, blank=True)
    verified = models.BooleanField(
        "已核实", default=False, help_text="未核实：系统默认值，请按本省规范确认。"
    )

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = verbose_name_plural = "文号代字"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="document_code_unique_key")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name or self.key}：{self.code}"

    @classmethod
    def values_for(cls, category: str = "") -> dict[str, str]:
        """{office, category} for a pattern: the office's 地区简称 and the 执法类别 of the
        domain ``category`` ("" where none is set)."""
        rows = cls.objects.filter(
            models.Q(kind=DocumentCodeKind.OFFICE, key="")
            | models.Q(kind=DocumentCodeKind.CATEGORY, key=category or "")
        )
        values = {"office": "", "category": ""}
        for row in rows:
            if row.kind == DocumentCodeKind.OFFICE:
                values["office"] = row.code
            elif category:
                values["category"] = row.code
        return values


class CalendarSource(models.TextChoices):
    OFFICIAL = "official", "国务院办公厅通知（随系统发布）"
    LOCAL = "local", "本地录入或修改"


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday rule: a public holiday, or a weekend day
    worked in exchange (调休).

    The official days ship with the system (``calendar_load``, from the chinese-calendar
    package's copy of the State Council's yearly notices); a day the administrator adds or
    changes is local and a later load leaves it alone."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日", help_text="法定节假日不勾选；调休上班的周末勾选。")
    name = models.CharField("说明", max_length=50, blank=True)
    source = models.CharField(
        "来源",
        max_length=10,
        choices=CalendarSource.choices,
        default=CalendarSource.LOCAL,
        help_text="在管理后台保存的日期为本地录入；重新载入官方数据时不覆盖本地录入。",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日与调休"

    def __str__(self):
        return f"{self.date} {self.name}"


class AccessChannel(models.TextChoices):
    PAGE = "page", "页面"
    API = "api", "接口"
    PDF = "pdf", "PDF 文书"
    # A search by a person's full ID number (core.personal_data): what it matched.
    SEARCH = "search", "按号码查找（页面）"
    API_SEARCH = "api_search", "按号码查找（接口）"
    EXPORT = "export", "按号码查找（导出）"


class PersonalDataAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if kwargs == {"user": None}:
            # An account removed (on_delete=SET_NULL): the rows keep its user name.
            return super().update(**kwargs)
        raise PermissionDenied("个人信息查看记录不能修改。")

    def delete(self):
        raise PermissionDenied("个人信息查看记录不能删除。")


class PersonalDataAccess(models.Model):
    """One view of a full (unmasked) ID number: who, when, whose (record type and key),
    from which address and through which page or endpoint (core.personal_data).

    Written once, never changed or deleted: the model refuses it, the admin only shows
    it, and the only permission there is is ``view``."""

    accessed_at = models.DateTimeField("查看时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="用户",
    )
    # The user name as it was: the row still says who if the account is removed.
    username = models.CharField("用户名", max_length=150)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="记录类型"
    )
    # Empty only for a search by ID number that matched no record (``record`` says so).
    object_id = models.PositiveBigIntegerField("记录编号", null=True, blank=True)
    record = models.CharField("记录", max_length=200, help_text="查看时记录的名称")
    field = models.CharField("字段", max_length=50)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    channel = models.CharField("途径", max_length=10, choices=AccessChannel.choices)
    view_name = models.CharField("页面或接口", max_length=100)
    path = models.CharField("请求地址", max_length=500)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-id"]
        default_permissions = ("view",)
        verbose_name = verbose_name_plural = "个人信息查看记录"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="pda_record"),
            models.Index(fields=["user", "accessed_at"], name="pda_user_time"),
        ]

    def __str__(self):
        return (
            f"{self.username} {timezone.localtime(self.accessed_at):%Y-%m-%d %H:%M} {self.record}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("个人信息查看记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("个人信息查看记录不能删除。")


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class JobQuerySet(models.QuerySet):
    def of(self, user):
        """The jobs a user sees: their own (an administrator sees everyone's)."""
        if user.is_superuser:
            return self
        return self.filter(user=user)

    def unfinished(self):
        return self.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))

    def finished(self):
        return self.filter(status__in=(JobStatus.DONE, JobStatus.FAILED))


def _job_input_path(job, filename):
    return f"jobs/{timezone.localdate():%Y/%m}/in-{job.token}.{filename.rsplit('.', 1)[-1][:5]}"


def _job_result_path(job, filename):
    return f"jobs/{timezone.localdate():%Y/%m}/out-{job.token}.{filename.rsplit('.', 1)[-1][:5]}"


class Job(models.Model):
    """Work that takes longer than a page may wait (a large import, a summary over many
    units, a batch of PDFs), run in the background by core.jobs: its progress while it
    runs, and its outcome (a message, a link, a file to download, or what went wrong)
    for the user to come back to."""

    token = models.UUIDField("标识", unique=True, editable=False)
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("任务", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name="提交人",
    )
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField("参数", default=dict, blank=True)
    total = models.PositiveIntegerField("总量", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    input_file = models.FileField("上传文件", upload_to=_job_input_path, blank=True)
    input_name = models.CharField("上传文件名", max_length=255, blank=True)
    result_file = models.FileField("结果文件", upload_to=_job_result_path, blank=True)
    result_name = models.CharField("结果文件名", max_length=255, blank=True)
    result_url = models.CharField("结果页面", max_length=500, blank=True)
    message = models.TextField("结果说明", blank=True)
    details = models.JSONField("明细", default=dict, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    updated_at = models.DateTimeField("最后进展", default=timezone.now)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        verbose_name = verbose_name_plural = "后台任务"
        indexes = [models.Index(fields=["user", "created_at"], name="job_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="job_done_within_total",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status not in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int | None:
        """How far along, 0-100; None while the amount of work is not known yet."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class IdempotencyKey(models.Model):
    """The answer given to a state-changing API request sent with an ``Idempotency-Key``
    header (core.idempotency): the same key from the same user within
    ``IDEMPOTENCY_KEY_HOURS`` gets this answer again and writes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="用户"
    )
    key = models.CharField("幂等键", max_length=255)
    method = models.CharField("方法", max_length=10)
    path = models.CharField("地址", max_length=500)
    fingerprint = models.CharField("请求摘要", max_length=64)
    status_code = models.PositiveSmallIntegerField("状态码")
    content_type = models.CharField("内容类型", max_length=200, blank=True)
    headers = models.JSONField("响应头", default=dict, blank=True)
    body = models.BinaryField("响应内容", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        default_permissions = ()
        verbose_name = verbose_name_plural = "接口幂等记录"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} {self.key}"


class OfficerCertificate(models.Model):
    """An officer's enforcement certificate (执法证): its number, issuer and validity.

    Officers hold one at a time, renewed over the years; a document names the certificate
    valid on its own date (core.officers.certificates_on), so a reprint of an old record
    shows the number its officers held then."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="监督员",
    )
    number = models.CharField("执法证号", max_length=40)
    issued_by = models.CharField("发证机关", max_length=100)
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")

    class Meta:
        ordering = ["user", "-valid_from"]
        verbose_name = verbose_name_plural = "执法证"
        constraints = [
            models.UniqueConstraint(fields=["number"], name="officer_certificate_number_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="officer_certificate_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.number}（{self.valid_from:%Y-%m-%d} 至 {self.valid_until:%Y-%m-%d}）"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day <= self.valid_until


# The batches imports write and the column mappings of their sources (core.imports).
from core.import_models import ImportBatch, ImportBatchRecord, ImportMapping  # noqa: E402, F401
