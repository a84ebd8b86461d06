"""The periodic 复核 of a permit in its term: the public-place permit is valid four years and
reviewed every two (公共场所卫生管理条例实施细则; the period is data: PermitType.review_years).

A review is due ``review_years`` after the permit version's validity start, or after its
latest review; a review that would fall on or after the permit's expiry is not scheduled
(the renewal, 延续, examines the unit instead). A recorded review is never edited.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import add_years
from licensing.choices import PermitStatus, ReviewResult
from licensing.models.permits import Permit, PermitType

REVIEW_SOON_DAYS = 60  # the list shows reviews due within this many days (and overdue ones)


class PermitReview(models.Model):
    """One 复核 of a permit: when, by whom, the result, and the inspection it was made on."""

    permit = models.ForeignKey(
        Permit, on_delete=models.PROTECT, related_name="reviews", verbose_name="许可证"
    )
    due_on = models.DateField("应复核日期", null=True, blank=True)
    reviewed_on = models.DateField("复核日期")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="复核人"
    )
    result = models.CharField("复核结论", max_length=20, choices=ReviewResult)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="现场检查",
    )
    note = models.TextField("复核情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = verbose_name_plural = "许可证复核"
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=ReviewResult.values), name="permit_review_result_valid"
            ),
        ]

    def __str__(self):
        return f"{self.permit.number} 复核 {self.reviewed_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("licensing:permit_detail", args=[self.permit_id])

    def clean(self):
        if self.result and self.result != ReviewResult.PASSED and not (self.note or "").strip():
            raise ValidationError({"note": "复核结论不是“合格”的，须写明复核情况。"})


def review_due_on(permit, last_reviewed_on=None):
    """The day ``permit``'s next 复核 is due, or None: its type has no review, or the next
    one would fall on or after its expiry (the renewal takes its place)."""
    years = permit.permit_type.review_years
    if not years:
        return None
    due = add_years(last_reviewed_on or permit.valid_from, years)
    if permit.expires_on is None:  # 长期有效: no renewal takes the review's place
        return due
    return due if due < permit.expires_on else None


def permits_with_reviews():
    """Current permits of types with a review, held today, with ``last_reviewed_on``."""
    today = timezone.localdate()
    return (
        Permit.objects.held_on(today)
        .filter(status=PermitStatus.VALID, permit_type__review_years__isnull=False)
        .annotate(last_reviewed_on=Max("reviews__reviewed_on"))
    )


def permits_review_due(*, day=None, within_days=REVIEW_SOON_DAYS):
    """Permits whose next 复核 is due by ``day`` + ``within_days`` (overdue ones included),
    each with ``last_reviewed_on``; a fixed number of queries. The day arithmetic is
    ``add_years`` (per type, in SQL as a bound on the anchor), the expiry check in Python."""
    day = day or timezone.localdate()
    limit = day + datetime.timedelta(days=within_days)
    anchor = Coalesce(Max("reviews__reviewed_on"), "valid_from")
    bounds = Q(pk__in=[])
    for pk, years in PermitType.objects.filter(review_years__gt=0).values_list(
        "pk", "review_years"
    ):
        bounds |= Q(permit_type=pk, review_anchor__lte=add_years(limit, -years))
    candidates = permits_with_reviews().annotate(review_anchor=anchor).filter(bounds)
    due = [
        permit.pk
        for permit in candidates.select_related("permit_type")
        if review_due_on(permit, permit.last_reviewed_on) is not None
    ]
    return permits_with_reviews().filter(pk__in=due)
