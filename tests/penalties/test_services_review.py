"""Case review (案卷评查): closed cases, by managers, with the current case-review
checklist; every item scored; the grade from the checklist's marks."""

from decimal import Decimal

import pytest

from inspections.models import ChecklistTemplate
from inspections.services import checklist_revise
from penalties import services
from penalties.choices import CaseStatus
from penalties.models import CaseReview, CaseReviewScore
from tests.inspections.factories import record, small_checklist
from tests.penalties.factories import case_at, days_ago, refused

pytestmark = pytest.mark.django_db


def review_sheet() -> ChecklistTemplate:
    return ChecklistTemplate.objects.for_case_review().get(code="case-review")


def scores(sheet, lost=0, note="扣分"):
    """Full marks on every item, minus ``lost`` points on the first items that can lose them."""
    result = {}
    for item in sheet.items.order_by("order"):
        take = min(Decimal(lost), item.max_points)
        lost -= take
        result[item.pk] = (item.max_points - take, note if take else "")
    return result


def review(case, user, sheet=None, marks=None, **more):
    sheet = sheet or review_sheet()
    return services.case_review(
        case=case,
        user=user,
        template=sheet,
        scores=marks if marks is not None else scores(sheet),
        reviewed_on=more.pop("reviewed_on", days_ago(1)),
        **more,
    )


@pytest.fixture
def closed():
    return case_at(CaseStatus.CLOSED)


@pytest.mark.parametrize(
    ("lost", "total", "grade"),
    [
        (0, "100", "优秀"),
        (10, "90", "优秀"),
        (11, "89", "合格"),
        (30, "70", "合格"),
        (31, "69", "不合格"),
    ],
)
def test_the_grade_follows_the_checklist_marks(closed, manager, lost, total, grade):
    sheet = review_sheet()
    result = review(closed, manager, marks=scores(sheet, lost), comments=" 卷宗完整 ")
    assert (result.total, result.grade) == (Decimal(total), grade)
    assert (result.reviewer, result.reviewed_on, result.comments) == (
        manager,
        days_ago(1),
        "卷宗完整",
    )
    assert result.scores.count() == sheet.items.count() == 10
    closed.refresh_from_db()
    assert closed.review.grade == grade


def test_only_closed_cases_are_reviewed(manager):
    case = case_at(CaseStatus.EXECUTED)
    with refused("status", "只有已结案的案卷才能评查"):
        review(case, manager)
    assert not CaseReview.objects.exists()


def test_only_managers_review(closed):
    with refused("reviewer", "只有评查人员"):
        review(closed, closed.created_by)
    assert not CaseReview.objects.exists()


def test_only_the_current_case_review_checklist(closed, manager):
    with refused("template", "现行的案卷评查表"):
        review(closed, manager, sheet=small_checklist())  # an inspection checklist
    old = review_sheet()
    new = checklist_revise(template=old, user=manager, pass_mark=Decimal("80"))
    old.refresh_from_db()
    with refused("template", "现行的案卷评查表"):
        review(closed, manager, sheet=old)
    with refused("template"):
        services.case_review(
            case=closed, user=manager, template=None, scores={}, reviewed_on=days_ago(1)
        )
    assert not CaseReview.objects.exists()
    result = review(closed, manager, sheet=new, marks=scores(new, 25))
    assert (result.template, result.total, result.grade) == (new, Decimal("75"), "不合格")


def test_every_item_is_scored_within_its_points(closed, manager):
    sheet = review_sheet()
    marks = scores(sheet)
    first = sheet.items.order_by("order").first()
    too_much = {**marks, first.pk: (first.max_points + 1, "")}
    with refused("scores", f"应在 0 到 {first.max_points.normalize():f} 之间"):
        review(closed, manager, marks=too_much)
    with refused("scores", "应在 0 到"):
        review(closed, manager, marks={**marks, first.pk: (-1, "")})
    missing = {pk: v for pk, v in marks.items() if pk != first.pk}
    with refused("scores", "还有 1 项未评分"):
        review(closed, manager, marks=missing)
    with refused("scores", "不是数字"):
        review(closed, manager, marks={**marks, first.pk: ("十", "")})
    assert not CaseReview.objects.exists() and not CaseReviewScore.objects.exists()


def test_a_case_is_reviewed_once_and_not_before_its_closure(closed, manager):
    with refused("reviewed_on", "不能早于结案日期"):
        review(closed, manager, reviewed_on=closed.closed_on - (days_ago(1) - days_ago(2)))
    review(closed, manager)
    with refused("status", "已评查"):
        review(closed, manager, marks=scores(review_sheet(), 50))
    assert CaseReview.objects.get().total == Decimal("100")


def test_an_inspection_cannot_use_the_case_review_checklist():
    sheet = review_sheet()
    with refused("checklist", "是案卷评查用表，不能用于现场检查"):
        record(checklist=sheet, scores=scores(sheet))
