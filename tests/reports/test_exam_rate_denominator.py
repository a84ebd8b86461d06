"""The 体检率's denominator (issue #19): the practitioners who must hold a health
certificate (their post serves customers directly), not every employee."""

import pytest

from core import formatting
from premises.models import Practitioner
from reports import figures, sets
from reports.figures.catalogue import FIGURES
from reports.scope import Period, Scope
from tests.factories import post_named
from tests.reports.builders import D, domain, exams, people, training, unit

pytestmark = pytest.mark.django_db


def year() -> Scope:
    return Scope(Period.year(2024), domain=domain())


def drill(key):
    return set(sets.DRILLDOWN[key][1](sets.RecordSets(year())).values_list("pk", flat=True))


def test_the_issue_example_600_staff_40_not_serving_540_of_560_examined():
    staff = people(unit(), 600)
    office, serving = staff[:40], staff[40:]
    Practitioner.objects.filter(pk__in=[p.pk for p in office]).update(
        post=post_named("会计", serves_customers=False)
    )
    examined = serving[:540]
    exams(examined, D(2024, 3, 1))
    exams(office[:5], D(2024, 3, 1))  # examined though not due: not in the 体检率
    training(D(2024, 7, 4), staff[:300])

    data = figures.summary(year())

    assert data["practitioners"] == 600
    assert data["exam_due"] == 560
    assert data["examined"] == 540
    assert formatting.rate(data["exam_rate"]) == "96.43%"  # not 90.00% (540 ÷ 600)
    assert FIGURES["exam_rate"].text(data["exam_rate"]) == "96.43%"
    # training stays over every practitioner, whatever the post
    assert data["trained"] == 300 and data["training_rate"] == 0.5
    # the drill-downs list exactly the records counted
    assert drill("exam_due") == {p.pk for p in serving}
    assert drill("examined") == {p.pk for p in examined}
    row = data["by_category"][0]
    assert (row["practitioners"], row["exam_due"], row["examined"]) == (600, 560, 540)


def test_a_practitioner_without_a_post_counts_as_due():
    shop = unit()
    (old,) = people(shop)
    Practitioner.objects.filter(pk=old.pk).update(post=None)
    (accountant,) = people(shop)
    Practitioner.objects.filter(pk=accountant.pk).update(
        post=post_named("会计", serves_customers=False)
    )
    data = figures.summary(year())
    assert (data["practitioners"], data["exam_due"]) == (2, 1)
    assert drill("exam_due") == {old.pk}


def test_changing_a_posts_flag_recounts_the_kept_cells(settings):
    settings.REPORTS_ROLLUP = True
    shop = unit()
    staff = people(shop, 4)
    exams(staff, D(2024, 3, 1))
    assert figures.summary(year())["exam_due"] == 4
    post = staff[0].post
    post.serves_customers = False
    post.save()
    data = figures.summary(year())
    assert (data["exam_due"], data["examined"], data["exam_rate"]) == (0, 0, None)


def test_the_definitions_say_what_is_counted():
    assert FIGURES["exam_rate"].definition.startswith(
        "体检人数 ÷ 须持健康合格证明的从业人员（直接为顾客服务的岗位）"
    )
    assert "全部从业人员" in FIGURES["training_rate"].definition
