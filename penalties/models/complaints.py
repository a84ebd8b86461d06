"""The penalty cases a complaint (投诉举报, inspections.Complaint) led to. Declared here,
above inspections in the layers: the complaint's page shows them through a panel
(penalties/panels.py), and inspections reads them through the relation ``case_links``."""

from django.conf import settings
from django.db import models


class CaseComplaint(models.Model):
    case = models.ForeignKey(
        "penalties.PenaltyCase",
        on_delete=models.PROTECT,
        related_name="complaint_links",
        verbose_name="案件",
    )
    complaint = models.ForeignKey(
        "inspections.Complaint",
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name="投诉举报",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="关联人"
    )
    linked_at = models.DateTimeField("关联时间", auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name = verbose_name_plural = "案件来源投诉举报"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "complaint"],
                name="case_complaint_once",
                violation_error_message="该案件已关联此投诉举报。",
            )
        ]

    def __str__(self):
        return f"{self.case} ← {self.complaint}"
