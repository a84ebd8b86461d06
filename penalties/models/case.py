"""A penalty case (行政处罚案件) and what it gathers step by step."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import MONEY
from core.validators import mask_id_number
from penalties.choices import (
    STEP_ORDER,
    CaseOutcome,
    CaseSource,
    CaseStatus,
    PartyKind,
    PaymentKind,
    PenaltyKind,
    PenaltyStage,
    Procedure,
    ServiceMethod,
    Severity,
    TimeLimitCode,
)
from penalties.models.records import CasePayment, CasePenalty
from penalties.models.reference import TimeLimit
from premises.choices import Sex

ZERO = Decimal("0")


def _money_sum(model, **filters):
    rows = (
        model.objects.filter(case=OuterRef("pk"), **filters)
        .order_by()
        .values("case")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(rows, output_field=DecimalField(**MONEY)),
        Value(ZERO, output_field=DecimalField(**MONEY)),
    )


class PenaltyCaseQuerySet(models.QuerySet):
    def filed(self):
        """Cases whose 立案 the 负责人 approved (the cases every figure counts), and the
        simple-procedure cases (decided on the spot: no 立案)."""
        return self.filter(Q(filing_approved=True) | Q(procedure=Procedure.SIMPLE))

    def open(self):
        return self.exclude(status=CaseStatus.CLOSED)

    def in_year(self, year: int):
        return self.filter(year=year)

    def of_officer(self, user):
        return self.filter(officers=user)

    def overdue(self, today=None):
        return self.open().filter(next_due__lt=today or timezone.localdate())

    def due_soon(self, today=None):
        """Open cases past their current time limit or within its warning days."""
        today = today or timezone.localdate()
        near = Q(pk__in=[])
        for code, warn in TimeLimit.warn_days_by_code().items():
            near |= Q(next_due_code=code, next_due__lte=today + datetime.timedelta(days=warn))
        return self.open().filter(near)

    def with_money(self):
        """Decided fine and confiscated gains, and what has been paid of them."""
        return self.annotate(
            fine_total=_money_sum(CasePenalty, stage=PenaltyStage.DECIDED, kind=PenaltyKind.FINE),
            gains_total=_money_sum(
                CasePenalty, stage=PenaltyStage.DECIDED, kind=PenaltyKind.CONFISCATE_GAINS
            ),
            paid_total=_money_sum(
                CasePayment, kind__in=[PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS]
            ),
        )


class PenaltyCase(models.Model):
    year = models.PositiveIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("案号", max_length=60, unique=True)
    # 简易程序: decided on the spot; number, year and sequence are the 当场行政处罚决定书's
    # own series (penalties.models.simple.OnSpotDecision holds the rest).
    procedure = models.CharField(
        "程序", max_length=10, choices=Procedure, default=Procedure.ORDINARY
    )
    source = models.CharField("案件来源", max_length=20, choices=CaseSource)
    source_note = models.CharField("来源说明", max_length=200, blank=True)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_cases",
        verbose_name="来源检查",
    )
    # The party (当事人): a registered unit, or a party outside the registry.
    party_kind = models.CharField("当事人类型", max_length=20, choices=PartyKind)
    establishment = models.ForeignKey(
        "premises.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_cases",
        verbose_name="被监督单位",
    )
    party_name = models.CharField("当事人", max_length=100)
    party_code = models.CharField("身份证号码或统一社会信用代码", max_length=18, blank=True)
    party_legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    party_address = models.CharField("住址（地址）", max_length=200)
    party_phone = models.CharField("联系电话", max_length=30, blank=True)
    # A person's sex (性别), printed with name, ID number and address on the documents.
    party_sex = models.CharField("性别", max_length=1, choices=Sex, blank=True)

    violation = models.ForeignKey(
        "penalties.Violation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="违法行为",
    )
    occurred_on = models.DateField("违法行为发生日期")
    # 追责时效 (行政处罚法第三十六条): two years, five where the violation harmed life or
    # health; a continuing or repeated violation counts from the day it ended.
    continuing = models.BooleanField("连续或者继续状态", default=False)
    ended_on = models.DateField("违法行为终了日期", null=True, blank=True)
    harms_life_health = models.BooleanField("涉及公民生命健康安全且有危害后果", default=False)
    harm_reason = models.TextField("危害后果说明", blank=True)
    illegal_gains = models.DecimalField(
        "违法所得（元）",
        null=True,
        blank=True,
        help_text="按违法所得倍数罚款的基数；无违法所得填 0。",
        **MONEY,
    )
    facts = models.TextField("案情摘要（违法事实）")
    # The facts as the notice stated them: the notice prints these, whatever is corrected later.
    notice_facts = models.TextField("告知的违法事实", blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="penalty_cases", verbose_name="承办人"
    )
    status = models.CharField(
        "办理环节", max_length=20, choices=CaseStatus, default=CaseStatus.FILED
    )

    filed_on = models.DateField("立案日期", help_text="负责人批准立案之日；批准前为报请日期。")
    decision_due = models.DateField("作出决定期限")
    # 立案 is approved by the 负责人 (CaseApproval kind filing): None while it waits, False
    # refused (the case ends as 不予立案), True approved.
    filing_approved = models.BooleanField("立案已批准", null=True, blank=True)
    procedure_rule = models.ForeignKey(
        "penalties.ProcedureRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="适用程序规定",
    )
    # 法制审核 triggers of 行政处罚法第五十八条 the officer marked (LegalReviewTrigger values).
    legal_review_triggers = models.JSONField("法制审核情形", default=list, blank=True)

    notice_number = models.CharField(
        "告知书文号", max_length=60, null=True, blank=True, unique=True
    )
    notified_on = models.DateField("告知日期", null=True, blank=True)
    statement_due = models.DateField("陈述申辩截止日", null=True, blank=True)
    hearing_request_due = models.DateField("申请听证截止日", null=True, blank=True)
    proposed_severity = models.CharField("拟认定情节", max_length=10, choices=Severity, blank=True)
    proposal_departure_reason = models.TextField("拟处罚偏离裁量基准的理由", blank=True)
    proposal_correction_waiver = models.CharField(
        "告知时未责令改正的理由", max_length=200, blank=True
    )
    hearing_offered = models.BooleanField("告知听证权利", null=True, blank=True)
    hearing_rights_number = models.CharField(
        "听证告知书文号", max_length=60, null=True, blank=True, unique=True
    )
    hearing_reason = models.CharField("听证权利依据", max_length=300, blank=True)
    rights_waived = models.BooleanField("当事人放弃陈述申辩和听证", default=False)
    rights_waived_on = models.DateField("放弃陈述申辩和听证日期", null=True, blank=True)

    decision_number = models.CharField(
        "决定书文号", max_length=60, null=True, blank=True, unique=True
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    severity = models.CharField("认定情节", max_length=10, choices=Severity, blank=True)
    departure_reason = models.TextField("偏离裁量基准的理由", blank=True)
    # 行政处罚法第二十八条: a penalty goes with an order to correct; where none is given
    # (the conduct already corrected, or over with nothing left to correct) the reason.
    correction_waiver = models.CharField("未责令改正的理由", max_length=200, blank=True)
    legal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="法制审核人",
    )
    legal_reviewed_on = models.DateField("法制审核日期", null=True, blank=True)
    legal_review_opinion = models.TextField("法制审核意见", blank=True)
    legal_review_approved = models.BooleanField("法制审核同意", null=True, blank=True)
    service_due = models.DateField("送达期限", null=True, blank=True)

    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, choices=ServiceMethod, blank=True)
    service_recipient = models.CharField("受送达人", max_length=50, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True)

    executed_on = models.DateField("执行完毕日期", null=True, blank=True)
    execution_note = models.TextField("执行情况", blank=True)
    late_charge_waiver_reason = models.TextField("未收加处罚款的理由", blank=True)

    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_summary = models.TextField("结案报告", blank=True)
    outcome = models.CharField("结案类型", max_length=20, choices=CaseOutcome, blank=True)

    next_due = models.DateField("当前环节期限", null=True, blank=True)
    next_due_code = models.CharField(
        "当前期限事项", max_length=30, choices=TimeLimitCode, blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="立案人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[officers])

    objects = PenaltyCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = verbose_name_plural = "行政处罚案件"
        permissions = [
            ("approve_extension", "审批延长办案期限"),
            ("approve_case", "审批案件（机关负责人）"),
            ("legal_review", "法制审核"),
            ("amend_case", "更正已结案件"),
            ("review_case", "案卷评查"),
            ("waive_late_charge", "决定不收取加处罚款"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "year", "sequence"], name="case_number_unique_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(party_kind=PartyKind.UNIT) | Q(establishment__isnull=False),
                name="case_unit_party_has_establishment",
            ),
            # A person may be one registered as a subject (自然人, premises.SubjectKind).
            models.CheckConstraint(
                condition=Q(party_kind__in=[PartyKind.UNIT, PartyKind.PERSON])
                | Q(establishment__isnull=True),
                name="case_unregistered_party_has_no_establishment",
            ),
            models.CheckConstraint(
                condition=Q(party_kind=PartyKind.PERSON) | Q(party_sex=""),
                name="case_party_sex_only_person",
            ),
            models.CheckConstraint(
                condition=~Q(source=CaseSource.INSPECTION) | Q(inspection__isnull=False),
                name="case_from_inspection_names_it",
            ),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.CLOSED) & Q(outcome__in=CaseOutcome.values))
                | (~Q(status=CaseStatus.CLOSED) & Q(outcome="")),
                name="case_outcome_once_closed",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.party_name}"

    def get_absolute_url(self):
        return reverse("penalties:case_detail", args=[self.pk])

    def _approval_state(self, kind: str, *, since=None, after=None) -> str:
        """ "approved", "waiting" or "" for the latest requests of ``kind`` (those put on or
        after ``since``, approved on or after ``after``): what the case page offers."""
        rows = [
            a
            for a in self.approvals.all()
            if a.kind == kind and (since is None or a.requested_on >= since)
        ]
        if any(a.approved and (after is None or a.decided_on >= after) for a in rows):
            return "approved"
        if any(a.approved is None for a in rows):
            return "waiting"
        return ""

    @property
    def decision_approval(self) -> str:
        """The 负责人's approval of the decision: after the latest notice and any hearing."""
        hearing = getattr(self, "hearing", None) if self.notified_on else None
        held = hearing.held_on if hearing is not None else None
        return self._approval_state("decision", since=self.notified_on, after=held)

    @property
    def closing_approval(self) -> str:
        return self._approval_state("closing")

    @property
    def is_simple(self) -> bool:
        """Decided on the spot (简易程序): no 立案审批, 告知, 听证 or 决定审批 applies."""
        return self.procedure == Procedure.SIMPLE

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def late_charge_waived(self) -> bool:
        """The late charge was left uncollected, with its reason, at execution."""
        return bool(self.late_charge_waiver_reason)

    @property
    def legal_review_state(self) -> str:
        """法制审核 as it stands: who, when, agreed or not (empty: not reviewed)."""
        if self.legal_reviewer_id is None:
            return ""
        verdict = "同意" if self.legal_review_approved else "不同意"
        return f"{verdict}（{self.legal_reviewed_on:%Y-%m-%d}）"

    @property
    def party_kind_label(self) -> str:
        """The party's kind as the case page states it: a person registered as a subject
        (自然人, e.g. found practising without a licence before) is not 未登记."""
        if self.party_kind == PartyKind.PERSON and self.establishment_id:
            return "登记的自然人"
        return self.get_party_kind_display()

    @property
    def party_code_masked(self) -> str:
        if self.party_kind == PartyKind.PERSON:
            return mask_id_number(self.party_code)
        return self.party_code

    def reached(self, step: str) -> bool:
        return STEP_ORDER.index(self.status) >= STEP_ORDER.index(step)

    def penalties_at(self, stage: str):
        return [p for p in self.penalties.all() if p.stage == stage]

    def amount_decided(self, kind: str) -> Decimal:
        return sum(
            (
                p.amount or ZERO
                for p in self.penalties.all()
                if p.stage == PenaltyStage.DECIDED and p.kind == kind
            ),
            ZERO,
        )

    def amount_paid(self, *kinds: str) -> Decimal:
        return sum((p.amount for p in self.payments.all() if p.kind in kinds), ZERO)


class CaseStep(models.Model):
    """A step done: its date, the officer responsible and the document it produced."""

    case = models.ForeignKey(
        PenaltyCase, on_delete=models.CASCADE, related_name="steps", verbose_name="案件"
    )
    step = models.CharField("环节", max_length=20, choices=CaseStatus)
    done_on = models.DateField("日期")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    document = models.CharField("文书", max_length=200)
    note = models.TextField("说明", blank=True)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "done_on", "id"]
        verbose_name = verbose_name_plural = "办案环节"
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="case_step_once"),
        ]

    def __str__(self):
        return f"{self.case.number} {self.get_step_display()} {self.done_on}"
