"""Permit types and the permits issued or registered. Applications are in
licensing.models.applications."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import add_years
from licensing.choices import PermitOrigin, PermitState, PermitStatus, ValidityEnd
from premises.models import Establishment, Supervision

ONE_DAY = datetime.timedelta(days=1)
UNVERIFIED_WITHOUT_TERM = "不设有效期（长期有效）的许可证须按校验管理，请填写校验周期。"
REVIEW_AND_VERIFICATION = (
    "复核周期与校验周期只能填一项：有有效期的许可证复核，长期有效的许可证校验。"
)


class PermitType(models.Model):
    """A kind of permit with its rules (term, time limit for a decision, number format,
    who decides, whether the review is on site)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    term_years = models.PositiveSmallIntegerField(
        "有效期（年）",
        default=4,
        null=True,
        blank=True,
        help_text="许可证有效期几年（公共场所卫生许可证 4 年）。不填为长期有效，按校验管理："
        "放射诊疗许可证与《医疗机构执业许可证》同时校验，不另设有效期（《放射诊疗管理规定》"
        "第十七条，未核实），须填校验周期。",
    )
    validity_end = models.CharField(
        "有效期届满日写法",
        max_length=20,
        choices=ValidityEnd,
        default=ValidityEnd.SAME_DATE,
        help_text="有效期 4 年自 2026-12-03 起：写至 2030-12-03（同日，按民法典第二百零一条"
        "“开始的当日不计入”计算）或 2030-12-02（前一日，部分地方惯例）。",
    )
    decision_working_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=20)
    renewal_notice_days = models.PositiveSmallIntegerField(
        "延续申请提前天数",
        default=30,
        help_text="有效期届满前至少多少日提出延续申请（行政许可法第五十条）。",
    )
    post_check_days = models.PositiveSmallIntegerField("承诺制发证后核查时限（日）", default=30)
    review_years = models.PositiveSmallIntegerField(
        "复核周期（年）",
        null=True,
        blank=True,
        help_text="持证期间每隔几年复核一次（公共场所卫生许可证：每两年，实施细则）；"
        "不填为不复核（如按校验管理的许可证）。",
    )
    verification_years = models.PositiveSmallIntegerField(
        "校验周期（年）",
        null=True,
        blank=True,
        help_text="按校验管理的许可证每隔几年校验一次（放射诊疗许可证与《医疗机构执业许可证》"
        "同时校验：床位不满100张的医疗机构每年，100张以上的综合医院等每3年，"
        "《医疗机构管理条例实施细则》第三十五条，未核实）；不填为不校验。",
    )
    review_on_site = models.BooleanField(
        "审核须现场审查",
        default=True,
        help_text="勾选后，审核须关联一次现场检查（现场审查）记录。",
    )
    single_person_window = models.BooleanField(
        "一人办结",
        default=False,
        help_text="勾选后，受理人也可作出许可决定（须持有“作出许可决定”权限）。"
        "不勾选时，决定须由受理人以外的负责人作出。",
    )
    number_series = models.ForeignKey(
        "core.DocumentSeries", on_delete=models.PROTECT, related_name="+", verbose_name="证号规则"
    )
    categories = models.ManyToManyField(
        "premises.Category",
        blank=True,
        verbose_name="适用类别",
        related_name="permit_types",
        help_text="须办理本类许可证的单位类别：一个单位应发证且可申请本类许可证，当且仅当其类别在此列出"
        "（未列入任何许可证类型的类别无需卫生许可，如公园、体育场馆、公共交通工具）。"
        "国发〔2016〕12号已取消饭馆、咖啡馆、酒吧、茶座的公共场所卫生许可；初始数据沿用本县台帐"
        "做法仍列入这些类别（如茶楼），不再对其发证时从此处移除即可。",
    )
    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "许可证类型"
        constraints = [
            # A permit without an end and without 校验 would never be checked again.
            models.CheckConstraint(
                condition=Q(term_years__isnull=False) | Q(verification_years__isnull=False),
                name="permit_type_term_or_verification",
                violation_error_message=UNVERIFIED_WITHOUT_TERM,
            ),
            # 复核 or 校验, never both: one record kind, one schedule (licensing.models.reviews).
            models.CheckConstraint(
                condition=Q(review_years__isnull=True) | Q(verification_years__isnull=True),
                name="permit_type_review_or_verification",
                violation_error_message=REVIEW_AND_VERIFICATION,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.term_years and not self.verification_years:
            # A permit without an end and without 校验 would never be checked again.
            raise ValidationError({"verification_years": UNVERIFIED_WITHOUT_TERM})
        if self.review_years and self.verification_years:
            raise ValidationError({"verification_years": REVIEW_AND_VERIFICATION})

    @property
    def check_years(self) -> int | None:
        """The cycle of the periodic check of this type's permits: 复核 (``review_years``)
        or 校验 (``verification_years``); None: neither."""
        return self.review_years or self.verification_years or None

    @property
    def check_word(self) -> str:
        """What the periodic check is called on pages and messages: 复核 or 校验 ('' none)."""
        if self.review_years:
            return "复核"
        return "校验" if self.verification_years else ""

    @property
    def has_term(self) -> bool:
        """Whether permits of this type end after a fixed term (else: 长期有效，按校验管理)."""
        return bool(self.term_years)

    def term_end(self, valid_from: datetime.date) -> datetime.date | None:
        """The last day of a full term starting ``valid_from``, written the type's way;
        None for a type without a term (in force until cancelled, managed by 校验)."""
        if not self.term_years:
            return None
        end = add_years(valid_from, self.term_years)
        return end - ONE_DAY if self.validity_end == ValidityEnd.DAY_BEFORE else end


def _state_cases(day):
    """The SQL twin of Permit.state_on (keep the two in step; tests compare them)."""
    return Case(
        When(
            status=PermitStatus.CANCELLED, cancelled_on__lte=day, then=Value(PermitState.CANCELLED)
        ),
        When(status=PermitStatus.REVOKED, cancelled_on__lte=day, then=Value(PermitState.REVOKED)),
        When(
            Q(status=PermitStatus.SUPERSEDED)
            & Q(replaced_on__lte=day)
            & (Q(expires_on__isnull=True) | Q(replaced_on__lte=F("expires_on") + ONE_DAY)),
            then=Value(PermitState.SUPERSEDED),
        ),
        When(valid_from__gt=day, then=Value(PermitState.PENDING)),
        # A NULL end (长期有效) never compares less: the permit stays in force.
        When(expires_on__lt=day, then=Value(PermitState.EXPIRED)),
        default=Value(PermitState.VALID),
        output_field=models.CharField(max_length=20),
    )


class PermitQuerySet(models.QuerySet):
    def with_state(self, day=None):
        """Each permit's status on ``day`` (today by default) as ``state``: 有效, 未生效,
        已过期, 已换发, 已注销 or 已撤销 (licensing.choices.PermitState)."""
        return self.annotate(state=_state_cases(day or timezone.localdate()))

    def in_state(self, state, day=None):
        return self.with_state(day).filter(state=state)

    def held_on(self, day):
        """Permits in force on ``day``, a day past or ahead: in their term, not cancelled or
        revoked by then, and not yet replaced by a newer version in force. A permit without
        an end (长期有效，按校验管理) is in its term from its start."""
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day), valid_from__lte=day
        ).exclude(
            Q(status__in=[PermitStatus.CANCELLED, PermitStatus.REVOKED], cancelled_on__lte=day)
            | Q(status=PermitStatus.SUPERSEDED, replaced_on__lte=day)
        )

    def valid_on(self, day):
        return self.held_on(day)

    def current(self):
        """The current version of each unit's permit of a type (at most one: a constraint),
        whatever its dates say."""
        return self.filter(status=PermitStatus.VALID)

    def expiring_within(self, days, today=None):
        """Permits in force today that end within ``days`` days and have no newer version
        (never one without an end)."""
        today = today or timezone.localdate()
        return (
            self.held_on(today)
            .filter(status=PermitStatus.VALID)
            .filter(expires_on__lte=today + datetime.timedelta(days=days))
        )


class Permit(models.Model):
    """One version of a permit. Renewal and change make a new version linked to the old;
    cancellation and revocation keep the record with its date and reason. Never edited in
    place. The holder's particulars are kept as printed on it."""

    permit_type = models.ForeignKey(
        PermitType, on_delete=models.PROTECT, related_name="permits", verbose_name="类型"
    )
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        related_name="permits",
        verbose_name="持证单位",
    )
    number = models.CharField("许可证号", max_length=60)
    # The number's place in the office's series: set for every permit numbered here, and
    # for a registered one whose original number is written in the series' pattern.
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    sequence = models.PositiveIntegerField("序号", null=True, blank=True)
    origin = models.CharField(
        "来源", max_length=20, choices=PermitOrigin, default=PermitOrigin.ISSUED
    )
    holder_name = models.CharField("单位名称（证载）", max_length=100, blank=True)
    legal_representative = models.CharField("法定代表人（证载）", max_length=50, blank=True)
    address = models.CharField("地址（证载）", max_length=200, blank=True)
    business_scope = models.CharField("许可项目", max_length=200)
    issued_on = models.DateField("发证日期")
    valid_from = models.DateField("有效期自")
    # NULL: no end (a type without a term, 长期有效，按校验管理): in force until cancelled,
    # revoked or replaced.
    expires_on = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=PermitStatus, default=PermitStatus.VALID
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name="上一版本",
    )
    application = models.ForeignKey(
        "licensing.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请",
    )
    # The day a newer version took over (its validity start): a renewal the day after this
    # one ends, a change at once — also for an earlier version still in force when a change
    # of a renewal not yet begun is issued.
    replaced_on = models.DateField("换发生效日期", null=True, blank=True)
    cancelled_on = models.DateField("注销（撤销）日期", null=True, blank=True)
    cancel_reason = models.CharField("注销（撤销）原因", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = PermitQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = verbose_name_plural = "卫生许可证"
        constraints = [
            models.UniqueConstraint(fields=["permit_type", "number"], name="permit_number_unique"),
            # The place in the office's series: numbered here, or registered with a number
            # written in the series' pattern (licensing.services.permits.permit_register).
            models.UniqueConstraint(
                fields=["permit_type", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="permit_sequence_unique",
                violation_error_message="该许可证号已被占用。",
            ),
            # One unit, one current permit of a type: a second is refused by the database,
            # also when two clerks issue at the same moment.
            models.UniqueConstraint(
                fields=["establishment", "permit_type"],
                condition=Q(status="valid"),
                name="permit_one_current_per_unit_and_type",
                violation_error_message="该单位已持有同类许可证（现行版本），不能再发一张。",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("valid_from")),
                name="permit_expires_after_start",
                violation_error_message="有效期至应晚于有效期起始日。",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PermitStatus.values), name="permit_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.number}（{self.establishment}）"

    def save(self, *args, **kwargs):
        if self.valid_from is None:
            self.valid_from = self.issued_on
        if not self.holder_name and self.establishment_id:
            unit = self.establishment
            self.holder_name = unit.name
            self.legal_representative = self.legal_representative or unit.legal_representative
            self.address = self.address or unit.address
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("licensing:permit_detail", args=[self.pk])

    def clean(self):
        if self.valid_from is None:
            self.valid_from = self.issued_on
        permit_type = self.permit_type if self.permit_type_id else None
        if permit_type is None:
            return
        if permit_type.has_term and self.expires_on is None:
            raise ValidationError({"expires_on": "请填写有效期至。"})
        if not permit_type.has_term and self.expires_on is not None:
            raise ValidationError(
                {"expires_on": f"{permit_type.name}长期有效，按校验管理，不填有效期至。"}
            )

    def state_on(self, day=None) -> str:
        """This permit's status on ``day`` (a PermitState value); the Python twin of
        PermitQuerySet.with_state."""
        day = day or timezone.localdate()
        if self.status in (PermitStatus.CANCELLED, PermitStatus.REVOKED) and (
            self.cancelled_on and self.cancelled_on <= day
        ):
            return PermitState(self.status)
        if (
            self.status == PermitStatus.SUPERSEDED
            and self.replaced_on is not None
            and self.replaced_on <= day
            and (self.expires_on is None or self.replaced_on <= self.expires_on + ONE_DAY)
        ):
            return PermitState.SUPERSEDED
        if self.valid_from > day:
            return PermitState.PENDING
        if self.expires_on is not None and self.expires_on < day:
            return PermitState.EXPIRED
        return PermitState.VALID

    @property
    def state(self) -> str:
        """Today's status: the ``with_state`` annotation when the query made it."""
        annotated = self.__dict__.get("state")
        return annotated if annotated is not None else self.state_on()

    @state.setter
    def state(self, value):
        self.__dict__["state"] = value

    @property
    def state_label(self) -> str:
        return PermitState(self.state).label

    @property
    def in_force(self) -> bool:
        return self.state == PermitState.VALID

    def verification_due_on(self) -> datetime.date | None:
        """The day the next 校验 of this permit is due (its type verifies every
        ``verification_years``: the 放射诊疗许可证, with the practice licence), counted from
        its latest recorded 校验 or its start: a day past when the 校验 was missed. None
        for a type not verified. ``review_due_on`` (below) does the counting."""
        if not self.permit_type.verification_years:
            return None
        return check_due_on(self)

    def verification_overdue_days(self) -> int:
        """Days the 校验 is overdue today (0: not due yet, or no 校验)."""
        due = self.verification_due_on()
        today = timezone.localdate()
        return (today - due).days if due and due < today else 0


# The schedule of a permit's 复核 / 校验 (records: licensing.models.reviews.PermitReview).


def review_due_on(permit, last_reviewed_on=None, deferred_until=None):
    """The day ``permit``'s next 复核 or 校验 is due, or None (its type has neither, or the
    next 复核 would fall on or after its expiry: the renewal takes its place).
    ``last_reviewed_on``: its latest check; ``deferred_until``: that check's 暂缓期 end when
    it was a 暂缓校验 (the next 校验 is due then)."""
    permit_type = permit.permit_type
    years = permit_type.check_years
    if not years:
        return None
    if deferred_until is not None:
        return deferred_until
    due = add_years(last_reviewed_on or permit.valid_from, years)
    if permit.expires_on is None or permit_type.verification_years:
        return due  # 长期有效 / 校验: no renewal takes the check's place
    return due if due < permit.expires_on else None


def check_due_on(permit):
    """``review_due_on`` of ``permit`` from its records: the ``permits_with_reviews``
    annotations when the query made them, else one query (kept on the permit)."""
    if "last_reviewed_on" not in permit.__dict__:
        last = (
            permit.reviews.order_by("-reviewed_on", "-id")
            .values("reviewed_on", "deferred_until")
            .first()
        ) or {}
        permit.last_reviewed_on = last.get("reviewed_on")
        permit.last_deferred_until = last.get("deferred_until")
    return review_due_on(
        permit, permit.last_reviewed_on, getattr(permit, "last_deferred_until", None)
    )


def units_without_valid_permit(day=None):
    """Open units that need a permit (a permit type lists their kind) and hold no valid one
    on ``day``."""
    day = day or timezone.localdate()
    valid = Permit.objects.valid_on(day).filter(establishment=OuterRef("pk"))
    needing = PermitType.categories.through.objects.values("category_id")
    further = Supervision.objects.filter(
        establishment=OuterRef("pk"), category__in=needing
    ).active_on(day)
    return (
        Establishment.objects.open()
        .filter(Q(category__in=needing) | Q(Exists(further)), opened_on__lte=day)
        .exclude(Exists(valid))
    )
