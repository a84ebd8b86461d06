"""The periodic check of a permit: 复核 or 校验, as its type says (PermitType.review_years
or verification_years; one or the other, never both). One record (PermitReview), one
schedule, one page, list and API for both; the words come from the type
(PermitType.check_word).

- 复核: the public-place permit is valid four years and reviewed every two (公共场所卫生管理
  条例实施细则). A review is due ``review_years`` after the permit version's validity start,
  or after its latest review; a review that would fall on or after the permit's expiry is
  not scheduled (the renewal, 延续, examines the unit instead).
- 校验: the 放射诊疗许可证 has no term and is verified with the practice licence every
  ``verification_years`` (《放射诊疗管理规定》第十七条，未核实). The next 校验 is due that
  many years after the latest 校验 (or the validity start), with no cap: the permit has no
  end. A 暂缓校验 sets a 暂缓期 (1 to 6 months, 《医疗机构管理条例实施细则》，未核实); the next
  校验 is due at its end.

A missed check stays due on its day in the past: it is overdue. A record is never edited.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import add_years
from licensing.choices import PermitStatus, ReviewResult
from licensing.models.permits import (  # noqa: F401 (the check schedule, here too)
    Permit,
    PermitType,
    check_due_on,
    review_due_on,
)

REVIEW_SOON_DAYS = 60  # the list shows checks due within this many days (and overdue ones)
DEFERRAL_MONTHS = 6  # the longest 暂缓校验期 (医疗机构管理条例实施细则, 未核实)


class PermitReview(models.Model):
    """One 复核 or 校验 of a permit: when, by whom, the result, and the inspection it was
    made on; a 暂缓校验 with the end of its 暂缓期."""

    permit = models.ForeignKey(
        Permit, on_delete=models.PROTECT, related_name="reviews", verbose_name="许可证"
    )
    due_on = models.DateField("应复核（校验）日期", null=True, blank=True)
    reviewed_on = models.DateField("复核（校验）日期")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="复核（校验）人",
    )
    result = models.CharField("结论", max_length=20, choices=ReviewResult)
    deferred_until = models.DateField(
        "暂缓期至",
        null=True,
        blank=True,
        help_text="暂缓校验的，暂缓期届满之日；下次校验于该日到期。",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="现场检查",
    )
    note = models.TextField("复核（校验）情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = verbose_name_plural = "许可证复核（校验）"
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=ReviewResult.values), name="permit_review_result_valid"
            ),
            # A 暂缓校验 has the end of its 暂缓期; no other result has one.
            models.CheckConstraint(
                condition=Q(result=ReviewResult.DEFERRED, deferred_until__isnull=False)
                | (~Q(result=ReviewResult.DEFERRED) & Q(deferred_until__isnull=True)),
                name="permit_review_deferral_has_end",
                violation_error_message="暂缓校验须填写暂缓期至；其他结论不填。",
            ),
        ]

    def __str__(self):
        return f"{self.permit.number} {self.get_result_display()} {self.reviewed_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("licensing:permit_review", args=[self.permit_id])

    @property
    def passed(self) -> bool:
        return self.result in ReviewResult.passing()

    def clean(self):
        if self.result and not self.passed and not (self.note or "").strip():
            raise ValidationError({"note": "结论不是“合格”的，须写明情况。"})


def _latest(field):
    return Subquery(
        PermitReview.objects.filter(permit=OuterRef("pk"))
        .order_by("-reviewed_on", "-id")
        .values(field)[:1]
    )


def permits_with_reviews():
    """Current permits of types with a 复核 or 校验, held today, with ``last_reviewed_on``
    and ``last_deferred_until`` (the latest check's 暂缓期 end, when a 暂缓校验)."""
    today = timezone.localdate()
    return (
        Permit.objects.held_on(today)
        .filter(status=PermitStatus.VALID)
        .filter(Q(permit_type__review_years__gt=0) | Q(permit_type__verification_years__gt=0))
        .annotate(
            last_reviewed_on=Max("reviews__reviewed_on"),
            last_deferred_until=_latest("deferred_until"),
        )
    )


def permits_review_due(*, day=None, within_days=REVIEW_SOON_DAYS):
    """Permits whose next 复核 or 校验 is due by ``day`` + ``within_days`` (overdue ones
    included), each with ``last_reviewed_on``; a fixed number of queries. The day
    arithmetic is ``add_years`` (per type, in SQL as a bound on the anchor; a 暂缓期 end
    directly), the expiry check in Python."""
    day = day or timezone.localdate()
    limit = day + datetime.timedelta(days=within_days)
    anchor = Coalesce(Max("reviews__reviewed_on"), "valid_from")
    bounds = Q(last_deferred_until__lte=limit)
    for pk, review, verification in PermitType.objects.filter(
        Q(review_years__gt=0) | Q(verification_years__gt=0)
    ).values_list("pk", "review_years", "verification_years"):
        years = review or verification
        bounds |= Q(
            permit_type=pk,
            last_deferred_until__isnull=True,
            review_anchor__lte=add_years(limit, -years),
        )
    candidates = permits_with_reviews().annotate(review_anchor=anchor).filter(bounds)
    due = []
    for permit in candidates.select_related("permit_type"):
        due_on = review_due_on(permit, permit.last_reviewed_on, permit.last_deferred_until)
        if due_on is not None and due_on <= limit:
            due.append(permit.pk)
    return permits_with_reviews().filter(pk__in=due)
