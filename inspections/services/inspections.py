import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import StaleRecord, change_note, is_current, record_version
from core.roster import team_check
from inspections.choices import ChecklistPurpose, InspectionKind, OpinionStatus
from inspections.models import (
    ChecklistScore,
    Inspection,
)
from inspections.services.checklists import checklist_scores_check, score_rows
from inspections.services.draws import draw_team_errors
from premises.choices import EstablishmentStatus


@dataclass(frozen=True)
class Visit:
    """One inspection as entered: what the checks read before anything is written."""

    establishment: object
    inspected_at: datetime.datetime
    inspectors: tuple
    kind: str
    campaign: object = None
    draw_assignment: object = None
    follows_opinion: object = None
    rectified: bool | None = None
    checklist: object = None
    scores: dict | None = None
    domain: object = None
    problems: tuple = ()

    def category(self):
        """The unit's kind in the domain inspected (None: not supervised under it then)."""
        unit, day = self.establishment, timezone.localdate(self.inspected_at)
        if self.follows_opinion is not None:  # a 复查 is of what the opinion was about
            return self.follows_opinion.inspection.category
        if self.domain is not None:
            return unit.kind_in(self.domain, day)
        return unit.category


def _team_and_time_errors(visit: Visit) -> dict:
    errors = {}
    try:
        team_check(
            visit.inspectors,
            field="inspectors",
            too_few="执法检查须有两名以上监督员。",
            outside="{names} 不在监督员名录中。",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    establishment = visit.establishment
    if visit.inspected_at > timezone.now():
        errors["inspected_at"] = "检查时间不能晚于现在。"
    elif establishment.closed_on and visit.inspected_at.date() > establishment.closed_on:
        errors["establishment"] = f"该单位已于 {establishment.closed_on:%Y-%m-%d} 关闭。"
    if establishment.status == EstablishmentStatus.CLOSED and not establishment.closed_on:
        errors["establishment"] = "该单位已关闭。"
    return errors


def _kind_errors(visit: Visit) -> dict:
    """What each kind of inspection needs: its campaign, its draw, the opinion it follows."""
    errors = {}
    campaign, assignment, opinion = visit.campaign, visit.draw_assignment, visit.follows_opinion
    if visit.kind == InspectionKind.CAMPAIGN:
        if campaign is None:
            errors["campaign"] = "专项整治检查须选择所属专项整治。"
        elif not campaign.start_date <= timezone.localdate(visit.inspected_at) <= campaign.end_date:
            errors["campaign"] = (
                f"检查日期不在专项整治期间（{campaign.start_date:%Y-%m-%d} 至 {campaign.end_date:%Y-%m-%d}）。"
            )
    if visit.kind == InspectionKind.RANDOM:
        if assignment is None:
            errors["draw_assignment"] = "双随机检查须选择抽查任务。"
        elif assignment.establishment_id != visit.establishment.pk:
            errors["draw_assignment"] = "抽查任务的单位与被检查单位不一致。"
        else:  # made by the drawn pair, after recorded substitutions
            errors.update(draw_team_errors(assignment=assignment, inspectors=visit.inspectors))
    if visit.kind == InspectionKind.FOLLOW_UP:
        if opinion is None:
            errors["follows_opinion"] = "复查须选择所复查的卫生监督意见书。"
        elif opinion.inspection.establishment_id != visit.establishment.pk:
            errors["follows_opinion"] = "意见书的单位与被检查单位不一致。"
        elif opinion.status != OpinionStatus.ISSUED:
            errors["follows_opinion"] = f"意见书 {opinion.number} 已整改关闭。"
        # Times are entered to the minute: a 复查 in the opinion's own minute is not before it.
        elif visit.inspected_at < opinion.issued_at.replace(second=0, microsecond=0):
            errors["inspected_at"] = (
                f"复查时间不能早于所复查的意见书 {opinion.number} 的下达时间"
                f"（{timezone.localtime(opinion.issued_at):%Y-%m-%d %H:%M}）。"
            )
        if visit.rectified is None:
            errors["rectified"] = "复查须填写是否已整改。"
    elif visit.rectified is not None:
        errors["rectified"] = "只有复查才填写整改结论。"
    return errors


def domain_day_error(unit, domain, day) -> str:
    """Why ``unit`` cannot be inspected under ``domain`` on ``day`` ("" if it can): it is
    not supervised under it, or not yet or no longer then."""
    if unit.category_id and unit.category.domain_id == domain.pk:
        return ""  # its main domain: the unit's own status dates are checked apart
    rows = [s for s in unit.supervisions.all() if s.domain_id == domain.pk]
    if any(s.started_on <= day and (s.ended_on is None or s.ended_on >= day) for s in rows):
        return ""
    if not rows:
        kinds = "、".join(k.domain.name for k in unit.kinds_on())
        return (
            f"该单位未纳入“{domain.name}”监管（现为：{kinds}）；"
            "如单位新增了监督专业，请先在单位信息中登记。"
        )
    periods = "、".join(
        f"{s.started_on:%Y-%m-%d} 至 {s.ended_on:%Y-%m-%d}"
        if s.ended_on
        else f"{s.started_on:%Y-%m-%d} 起"
        for s in sorted(rows, key=lambda s: s.started_on)
    )
    return f"该单位纳入“{domain.name}”监管的期间为 {periods}，检查日期 {day:%Y-%m-%d} 不在其中。"


def _domain_errors(visit: Visit) -> dict:
    """A unit is inspected under a domain it is supervised under on the day."""
    if visit.domain is None:
        return {}
    opinion = visit.follows_opinion
    if opinion is not None:
        if opinion.inspection.category.domain_id != visit.domain.pk:
            named = opinion.inspection.category.domain.name
            return {"domain": f"复查在原检查的专业（{named}）下进行。"}
        return {}
    error = domain_day_error(
        visit.establishment, visit.domain, timezone.localdate(visit.inspected_at)
    )
    return {"domain": error} if error else {}


def _checklist_errors(visit: Visit) -> dict:
    errors = {}
    checklist = visit.checklist
    if checklist is not None:
        if checklist.purpose != ChecklistPurpose.INSPECTION:
            errors["checklist"] = (
                f"“{checklist}”是{checklist.get_purpose_display()}用表，不能用于现场检查。"
            )
        errors.update(checklist_scores_check(checklist, visit.scores or {}))
    elif visit.scores:
        errors["scores"] = "未选择评分表，不能填写评分。"
    return errors


def _scope_errors(visit: Visit) -> dict:
    """A checklist and problems of the domain (and kind) inspected: a school's 一案八制 and
    晨检记录缺失 on a school's visit, not a hotel's sheet or a hospital's problems."""
    if visit.domain is not None and _domain_errors(visit):
        return {}  # the domain itself is wrong: said on its field
    category = visit.category()
    if category is None:
        return {}
    domain = category.domain
    errors = {}
    if visit.checklist is not None:
        misfit = visit.checklist.misfit(domain, category)
        if misfit:
            errors["checklist"] = misfit
    foreign = [m for m in (p.misfit(domain) for p in visit.problems) if m]
    if foreign:
        errors["problems"] = foreign
    return errors


def _visit_check(visit: Visit) -> None:
    """Every reason the inspection cannot be recorded, at once."""
    errors = _team_and_time_errors(visit)
    errors.update(_kind_errors(visit))
    errors.update(_domain_errors(visit))
    errors.update(_checklist_errors(visit))
    errors.update(_scope_errors(visit))
    if errors:
        raise ValidationError(errors)


def inspection_check(
    *,
    establishment=None,
    inspected_at=None,
    inspectors=(),
    kind=None,
    campaign=None,
    draw_assignment=None,
    follows_opinion=None,
    rectified=None,
    checklist=None,
    scores=None,
    domain=None,
    problems=(),
    **_rest,
) -> dict:
    """The rules of inspection_record on an entry some of whose fields did not parse (None):
    a page or request refused for its own field errors shows these too, in the same answer.
    The unit, the time and the kind are what every rule reads: without them none runs."""
    if establishment is None or inspected_at is None or not kind:
        return {}
    visit = Visit(
        establishment=establishment,
        inspected_at=inspected_at,
        inspectors=tuple(inspectors or ()),
        kind=kind,
        campaign=campaign,
        draw_assignment=draw_assignment,
        follows_opinion=follows_opinion,
        rectified=rectified,
        checklist=checklist,
        scores=scores,
        domain=domain,
        problems=tuple(problems or ()),
    )
    errors = _team_and_time_errors(visit)
    errors.update(_kind_errors(visit))
    errors.update(_domain_errors(visit))
    if checklist is not None and scores is not None:
        errors.update(_checklist_errors(visit))
    errors.update(_scope_errors(visit))
    return errors


def _score_rows(visit: Visit) -> list[tuple]:
    """The checklist scores to keep: (item id, score, note, not applicable)."""
    if visit.checklist is None:
        return []
    return score_rows(visit.scores)


def _inspection_write(
    visit: Visit, *, user, person_present, result, findings, problems, scores
) -> Inspection:
    inspection = Inspection(
        establishment=visit.establishment,
        category=visit.category(),
        inspected_at=visit.inspected_at,
        kind=visit.kind,
        campaign=visit.campaign,
        draw_assignment=visit.draw_assignment,
        follows_opinion=visit.follows_opinion,
        rectified=visit.rectified,
        person_present=person_present,
        findings=findings,
        result=result,
        checklist=visit.checklist,
        recorded_by=user,
    )
    inspection.full_clean()
    inspection._history_user = user
    inspection.save()
    inspection.inspectors.set(visit.inspectors)
    inspection.problems.set(problems)
    if visit.checklist is not None:
        ChecklistScore.objects.bulk_create(
            ChecklistScore(
                inspection=inspection, item_id=pk, score=score, note=note, not_applicable=na
            )
            for pk, score, note, na in scores
        )
    if visit.follows_opinion is not None and visit.rectified:
        opinion = (
            type(visit.follows_opinion).objects.select_for_update().get(pk=visit.follows_opinion.pk)
        )
        opinion.status = OpinionStatus.CLOSED
        opinion.closed_by = inspection
        opinion.save(update_fields=["status", "closed_by"])
    return inspection


def _unit_unchanged_check(establishment, seen: str, user) -> None:
    """An entry made offline names the unit as downloaded: when someone changed the unit
    since, the inspector settles it before the inspection is recorded (never silently)."""
    if not is_current(seen, record_version(establishment, lock=True)):
        by, note = change_note(establishment, seen, user)
        raise StaleRecord(
            {
                "establishment": f"该单位在您下载后已被{by}修改{note}，"
                "请核对单位的最新信息后再提交本次检查。"
            }
        )


@transaction.atomic
def inspection_record(
    *,
    user,
    establishment,
    inspected_at,
    inspectors,
    kind,
    person_present,
    result,
    findings="",
    problems=(),
    campaign=None,
    draw_assignment=None,
    follows_opinion=None,
    rectified=None,
    checklist=None,
    scores=None,
    domain=None,
    establishment_version=None,
) -> Inspection:
    """Record one inspection (one 户次), its checklist scores and, for a follow-up that finds
    the problems rectified, close the opinion it follows. ``scores``: {item id: (score, note)}.
    ``establishment_version``: the unit's version as the inspector saw it (an entry made
    offline); refused (409) when the unit was changed since. ``domain``: the domain the
    unit is inspected under, for a unit supervised under several (its main one if not
    given; a 复查's is the opinion's)."""
    visit = Visit(
        establishment=establishment,
        inspected_at=inspected_at,
        inspectors=tuple(inspectors),
        kind=kind,
        campaign=campaign,
        draw_assignment=draw_assignment,
        follows_opinion=follows_opinion,
        rectified=rectified,
        checklist=checklist,
        scores=scores,
        domain=domain,
        problems=tuple(problems),
    )
    _visit_check(visit)
    if establishment_version is not None:
        _unit_unchanged_check(establishment, establishment_version, user)
    return _inspection_write(
        visit,
        user=user,
        person_present=person_present,
        result=result,
        findings=findings,
        problems=problems,
        scores=_score_rows(visit),
    )
