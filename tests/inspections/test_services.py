"""The rules of inspections, opinions, samples, checklists and draws, at the service level."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import DocumentSeries
from inspections import services
from inspections.choices import InspectionKind, InspectionResult, OpinionStatus, Verdict
from inspections.models import Inspection, SupervisionOpinion
from inspections.services.draws import draw_compute
from tests.factories import EstablishmentFactory, UserFactory
from tests.inspections.factories import (
    inspectors,
    pool_limit,
    pool_unit,
    record,
    small_checklist,
    when,
)


@pytest.fixture(autouse=True)
def opinion_series(db):
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )


def test_two_officers_at_least(db):
    team = inspectors(2)
    with pytest.raises(ValidationError) as exc:
        record(team=[team[0]])
    assert "两名以上" in exc.value.message_dict["inspectors"][0]
    with pytest.raises(ValidationError):
        record(team=[team[0], team[0]])  # the same person twice is one officer
    assert not Inspection.objects.exists()
    assert record(team=team).inspectors.count() == 2


def test_inspectors_must_be_on_the_roster(db):
    clerk = UserFactory(role="clerk")
    with pytest.raises(ValidationError) as exc:
        record(team=[inspectors(1)[0], clerk])
    assert "不在监督员名录" in exc.value.message_dict["inspectors"][0]


def test_future_inspection_refused_past_accepted(db):
    with pytest.raises(ValidationError) as exc:
        record(inspected_at=timezone.now() + datetime.timedelta(hours=2))
    assert "inspected_at" in exc.value.message_dict
    assert record(inspected_at=when(days_ago=400)).pk


def test_scores_are_validated_and_totals_computed(db):
    sheet = small_checklist(pass_mark="6", factor=Decimal("15"))
    first, second = sheet.items.all()
    with pytest.raises(ValidationError) as exc:
        record(checklist=sheet, scores={first.pk: (5, ""), second.pk: (6, "")})  # 5 > 4
    assert "0 到 4 之间" in exc.value.message_dict["scores"][0]
    with pytest.raises(ValidationError) as exc:
        record(checklist=sheet, scores={first.pk: (4, "")})
    assert "未评分" in exc.value.message_dict["scores"][0]
    inspection = record(checklist=sheet, scores={first.pk: (3, "缺记录"), second.pk: ("2.5", "")})
    summary = inspection.score_summary()
    assert summary["total"] == Decimal("5.5") and summary["full"] == Decimal("10")
    assert summary["passed"] is False  # pass mark 6
    assert summary["converted"] == Decimal("8.25")  # 15 × 5.5 / 10


def test_revising_a_checklist_keeps_the_old_version_for_old_inspections(db, administrator):
    sheet = small_checklist()
    first, second = sheet.items.all()
    old = record(checklist=sheet, scores={first.pk: (4, ""), second.pk: (6, "")})
    new = services.checklist_revise(template=sheet, user=administrator, pass_mark=Decimal("8"))
    sheet.refresh_from_db()
    assert (sheet.version, sheet.is_current, new.version, new.is_current) == (1, False, 2, True)
    assert new.items.count() == 2 and new.pass_mark == 8
    old.refresh_from_db()
    assert old.checklist == sheet and old.score_summary()["pass_mark"] == Decimal("6")


def test_sample_values_judged_against_limits(db):
    chlorine = pool_limit("游离性余氯", Decimal("0.3"), Decimal("1.0"))
    urea = pool_limit("尿素", maximum=Decimal("3.5"))
    coliforms = pool_limit("总大肠菌群", not_detected=True, unit="CFU/100mL")
    inspection = record(establishment=pool_unit())
    sample = services.sample_record(
        inspection=inspection,
        sample_type="游泳池水",
        taken_at=when(),
        user=inspection.recorded_by,
        location="深水区",
        results=[(chlorine, "0.1", None), (urea, "3.5", None), (coliforms, None, False)],
    )
    verdicts = {r.limit.parameter: r.verdict for r in sample.results.all()}
    assert verdicts == {
        "游离性余氯": Verdict.FAIL,
        "尿素": Verdict.PASS,
        "总大肠菌群": Verdict.PASS,
    }
    assert sample.verdict == Verdict.FAIL
    [(problem, requirement)] = services.sample_rectification_items(sample)
    assert (
        "游离性余氯为 0.1 mg/L" in problem
        and "0.3–1.0 mg/L" in problem
        and "GB 37488-2019" in problem
    )


def test_sample_without_a_value_is_refused(db):
    chlorine = pool_limit("游离性余氯", Decimal("0.3"), Decimal("1.0"))
    inspection = record(establishment=pool_unit())
    with pytest.raises(ValidationError) as exc:
        services.sample_record(
            inspection=inspection,
            sample_type="游泳池水",
            taken_at=when(),
            user=inspection.recorded_by,
            results=[(chlorine, None, None)],
        )
    assert "请填写检测值" in exc.value.message_dict["results"][0]


def issue(inspection, **kw):
    return services.opinion_issue(
        inspection=inspection,
        items=kw.pop("items", [("未设消毒间", "设置专用消毒间")]),
        deadline=kw.pop("deadline", timezone.localdate() + datetime.timedelta(days=15)),
        user=inspection.recorded_by,
        **kw,
    )


def test_opinions_numbered_per_year_without_gaps(db):
    year = timezone.localdate().year
    first = issue(record())
    second = issue(record())
    assert first.number == f"卫监意〔{year}〕0001号" and second.number == f"卫监意〔{year}〕0002号"
    assert first.inspection.result == InspectionResult.OPINION
    last_year = issue(
        record(inspected_at=when(days_ago=400)),
        issued_at=timezone.now() - datetime.timedelta(days=400),
        deadline=timezone.localdate() - datetime.timedelta(days=380),
    )
    assert last_year.sequence == 1 and last_year.year == year - 1


def test_a_failed_issue_gives_its_number_back(db):
    inspection = record()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(inspection)
        raise RuntimeError("printer jam: the clerk's transaction is rolled back")
    assert not SupervisionOpinion.objects.exists()
    assert issue(record()).sequence == 1


def test_opinion_rules(db):
    inspection = record()
    with pytest.raises(ValidationError) as exc:
        issue(inspection, items=[])
    assert "items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        issue(inspection, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert "deadline" in exc.value.message_dict
    issue(inspection)
    with pytest.raises(ValidationError) as exc:
        issue(inspection)
    assert "已下达意见书" in exc.value.message_dict["inspection"][0]


def test_amendment_is_recorded_not_silent(db):
    opinion = issue(record())
    old_deadline = opinion.deadline
    with pytest.raises(ValidationError):
        services.opinion_amend(
            opinion=opinion, user=opinion.issued_by, reason="", deadline=old_deadline
        )
    amendment = services.opinion_amend(
        opinion=opinion,
        user=opinion.issued_by,
        reason="期限笔误",
        deadline=old_deadline + datetime.timedelta(days=10),
    )
    opinion.refresh_from_db()
    assert opinion.deadline == old_deadline + datetime.timedelta(days=10)
    assert amendment.changes["deadline"]["before"] == old_deadline.isoformat()
    assert opinion.number.endswith("0001号")  # the number never changes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_amendment_is_all_or_nothing(monkeypatch):
    """Outside any transaction of the caller's (as a page calls it): the amendment locks
    the opinion, and a failure at its last step leaves the deadline and items unchanged."""
    from inspections.models import OpinionAmendment

    opinion = issue(record())
    old_deadline = opinion.deadline
    old_items = list(opinion.items.values_list("problem", "requirement"))

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(OpinionAmendment.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.opinion_amend(
            opinion=opinion,
            user=opinion.issued_by,
            reason="更正",
            deadline=old_deadline + datetime.timedelta(days=10),
            items=[("未设消毒间", "立即设置消毒间")],
        )
    opinion.refresh_from_db()
    assert opinion.deadline == old_deadline
    assert list(opinion.items.values_list("problem", "requirement")) == old_items
    monkeypatch.undo()
    amendment = services.opinion_amend(  # and with nothing failing, it goes through
        opinion=opinion,
        user=opinion.issued_by,
        reason="更正",
        deadline=old_deadline + datetime.timedelta(days=10),
    )
    assert amendment.pk is not None


def test_follow_up_closes_the_opinion_only_when_rectified(db):
    unit = EstablishmentFactory()
    opinion = issue(
        record(establishment=unit), deadline=timezone.localdate(), issued_at=when(hour=12)
    )
    with pytest.raises(ValidationError) as exc:
        record(establishment=unit, kind=InspectionKind.FOLLOW_UP)
    assert {"follows_opinion", "rectified"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        record(kind=InspectionKind.FOLLOW_UP, follows_opinion=opinion, rectified=True)  # other unit
    assert "follows_opinion" in exc.value.message_dict
    record(
        establishment=unit,
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion,
        rectified=False,
        inspected_at=when(days_ago=0, hour=0),
    )
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ISSUED
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert SupervisionOpinion.objects.overdue(on=tomorrow).get() == opinion
    follow_up = record(
        establishment=unit,
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion,
        rectified=True,
        inspected_at=when(days_ago=0, hour=0),
    )
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED and opinion.closed_by == follow_up
    assert not SupervisionOpinion.objects.overdue(on=tomorrow).exists()


def test_draw_is_reproducible_and_respects_exclusions(db, manager):
    team = inspectors(4)
    units = [EstablishmentFactory() for _ in range(12)]
    EstablishmentFactory(status="closed")  # closed units are never drawn
    excluded = (team[0].pk, units[3].pk)
    draw = services.draw_make(user=manager, name="2026年第一批", count=5, exclusions=[excluded])
    assignments = list(draw.assignments.all())
    assert len(assignments) == 5 and len({a.establishment_id for a in assignments}) == 5
    for a in assignments:
        assert a.inspector_a_id != a.inspector_b_id
        assert (a.inspector_a_id, a.establishment_id) != excluded and (
            a.inspector_b_id,
            a.establishment_id,
        ) != excluded
    assert services.draw_verify(draw=draw) is True
    again = draw_compute(
        seed=draw.seed,
        candidate_ids=draw.candidate_ids,
        roster_ids=draw.roster_ids,
        count=5,
        exclusions=[excluded],
    )
    assert again == [(a.establishment_id, a.inspector_a_id, a.inspector_b_id) for a in assignments]
    # Tampering with a recorded assignment is detected.
    first = assignments[0]
    first.inspector_a_id, first.inspector_b_id = first.inspector_b_id, first.inspector_a_id
    first.save()
    assert services.draw_verify(draw=draw) is False


def test_draw_by_share_and_bad_parameters(db, manager):
    inspectors(2)
    for _ in range(10):
        EstablishmentFactory()
    draw = services.draw_make(user=manager, name="30%", share=0.3)
    assert draw.assignments.count() == 3
    with pytest.raises(ValidationError) as exc:
        services.draw_make(user=manager, name="太多", count=11)
    assert "1 到 10" in exc.value.message_dict["count"][0]
    with pytest.raises(ValidationError):
        services.draw_make(user=manager, name="两者都填", count=2, share=0.5)
