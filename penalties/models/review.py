"""Case review (案卷评查): a closed case file scored with a review checklist."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CaseReview(models.Model):
    case = models.OneToOneField(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="review",
        verbose_name="案件",
    )
    template = models.ForeignKey(
        "inspections.ChecklistTemplate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="评查表",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="评查人"
    )
    reviewed_on = models.DateField("评查日期")
    total = models.DecimalField("得分", max_digits=6, decimal_places=2)
    grade = models.CharField("等次", max_length=10)
    comments = models.TextField("评查意见", blank=True)

    class Meta:
        ordering = ["-reviewed_on", "id"]
        verbose_name = verbose_name_plural = "案卷评查"

    def __str__(self):
        return f"{self.case.number} 评查 {self.total.normalize():f} 分（{self.grade}）"


class CaseReviewScore(models.Model):
    review = models.ForeignKey(
        CaseReview, on_delete=models.CASCADE, related_name="scores", verbose_name="评查"
    )
    item = models.ForeignKey(
        "inspections.ChecklistItem", on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.CharField("扣分说明", max_length=200, blank=True)

    class Meta:
        ordering = ["item__order", "item_id"]
        verbose_name = verbose_name_plural = "评查评分"
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="review_score_once_per_item"),
            models.CheckConstraint(condition=Q(score__gte=0), name="review_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.score}"
