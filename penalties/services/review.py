from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from inspections.choices import ChecklistPurpose
from inspections.services import checklist_scores_check
from penalties.choices import CaseStatus
from penalties.models import CaseReview, CaseReviewScore
from penalties.services.base import case_lock, check_date


@transaction.atomic
def case_review(*, case, user, template, scores, reviewed_on, comments="") -> CaseReview:
    """Score a closed case file (案卷评查) with a review checklist; the grade shows on the
    case. ``scores``: {item id: (score, note)}."""
    case = case_lock(case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError({"status": "只有已结案的案卷才能评查。"})
    if CaseReview.objects.filter(case=case).exists():
        raise ValidationError({"status": "该案卷已评查。"})
    if not user.has_perm("penalties.review_case"):
        raise ValidationError({"reviewer": "只有评查人员可以评查案卷。"})
    if (
        template is None
        or template.purpose != ChecklistPurpose.CASE_REVIEW
        or not template.is_current
    ):
        raise ValidationError({"template": "请选择现行的案卷评查表。"})
    check_date(
        reviewed_on,
        field="reviewed_on",
        label="评查日期",
        not_before=case.closed_on,
        not_before_label="结案日期",
    )
    problems = checklist_scores_check(template, scores)
    if problems:
        raise ValidationError(problems)
    total = sum((Decimal(str(score)) for score, _note in scores.values()), Decimal("0"))
    review = CaseReview.objects.create(
        case=case,
        template=template,
        reviewer=user,
        reviewed_on=reviewed_on,
        total=total,
        grade=template.grade(total),
        comments=(comments or "").strip(),
    )
    CaseReviewScore.objects.bulk_create(
        CaseReviewScore(review=review, item_id=pk, score=Decimal(str(score)), note=note or "")
        for pk, (score, note) in scores.items()
    )
    return review
