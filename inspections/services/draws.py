"""双随机: units drawn at random from the registry, two inspectors drawn for each.

The draw keeps its seed and snapshots of the candidate units and the roster, so the same
assignments come out whenever it is re-run (``draw_verify``), whatever happened to the
registry since. The algorithm is plain and public: Python's Mersenne Twister seeded with
the draw's seed; units are sampled from the sorted candidate ids; for each drawn unit in
order, two inspectors are sampled from the sorted roster less those excluded for that unit.
"""

import math
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core.roster import MIN_OFFICERS, roster
from inspections.models import DrawAssignment, RandomDraw
from premises.choices import EstablishmentStatus
from premises.models import Establishment


def draw_candidates(*, domains=(), categories=(), townships=()):
    """Operating units within the scope; an empty scope part means "all"."""
    units = Establishment.objects.filter(status=EstablishmentStatus.OPERATING)
    if domains:
        units = units.filter(category__domain__in=domains)
    if categories:
        units = units.filter(Q(category__in=categories) | Q(category__parent__in=categories))
    if townships:
        units = units.filter(township__in=townships)
    return units


def draw_compute(*, seed, candidate_ids, roster_ids, count, exclusions):
    """The assignments [(unit id, inspector id, inspector id)] a draw's parameters give."""
    rng = random.Random(seed)
    units = rng.sample(sorted(candidate_ids), count)
    excluded = {(int(i), int(u)) for i, u in exclusions}
    officers = sorted(roster_ids)
    result = []
    for unit in units:
        eligible = [i for i in officers if (i, unit) not in excluded]
        if len(eligible) < 2:
            raise ValidationError({"exclusions": f"单位 #{unit} 回避后可抽取的监督员不足两名。"})
        a, b = rng.sample(eligible, 2)
        result.append((unit, a, b))
    return result


def _draw_size(*, count, share, candidates: int) -> int:
    """How many units to draw: ``count``, or ``share`` of the candidates rounded up."""
    if not candidates:
        raise ValidationError({"count": "抽取范围内没有营业中的单位。"})
    if share is not None:
        if not 0 < share <= 1:
            raise ValidationError({"share": "抽取比例应大于 0 且不超过 100%。"})
        count = math.ceil(candidates * share)
    if count < 1 or count > candidates:
        raise ValidationError({"count": f"抽取数量应在 1 到 {candidates} 之间。"})
    return count


def _draw_save(
    *, user, name, seed, parameters, candidate_ids, roster_ids, exclusions, assignments
) -> RandomDraw:
    draw = RandomDraw.objects.create(
        name=name,
        seed=seed,
        parameters=parameters,
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        exclusions=[list(e) for e in exclusions],
        created_by=user,
    )
    DrawAssignment.objects.bulk_create(
        DrawAssignment(
            draw=draw, position=i, establishment_id=u, inspector_a_id=a, inspector_b_id=b
        )
        for i, (u, a, b) in enumerate(assignments, start=1)
    )
    return draw


@transaction.atomic
def draw_make(
    *,
    user,
    name,
    count=None,
    share=None,
    domains=(),
    categories=(),
    townships=(),
    exclusions=(),
    seed=None,
) -> RandomDraw:
    """Draw ``count`` units (or ``share`` of the candidates, rounded up) and two inspectors
    for each. ``exclusions``: [(inspector id, unit id)] pairs that must not meet."""
    if (count is None) == (share is None):
        raise ValidationError({"count": "请填写抽取数量或抽取比例（二选一）。"})
    candidate_ids = sorted(
        draw_candidates(domains=domains, categories=categories, townships=townships).values_list(
            "pk", flat=True
        )
    )
    count = _draw_size(count=count, share=share, candidates=len(candidate_ids))
    roster_ids = list(roster().values_list("pk", flat=True))
    if len(roster_ids) < MIN_OFFICERS:
        raise ValidationError({"count": "监督员名录不足两人，无法抽取。"})
    seed = secrets.randbits(62) if seed is None else int(seed)
    exclusions = sorted({(int(i), int(u)) for i, u in exclusions})
    assignments = draw_compute(
        seed=seed,
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        count=count,
        exclusions=exclusions,
    )
    return _draw_save(
        user=user,
        name=name,
        seed=seed,
        parameters={
            "count": count,
            "share": share,
            "domains": sorted(d.pk for d in domains),
            "categories": sorted(c.pk for c in categories),
            "townships": sorted(t.pk for t in townships),
        },
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        exclusions=exclusions,
        assignments=assignments,
    )


def draw_verify(*, draw: RandomDraw) -> bool:
    """Re-run the draw from its recorded seed and snapshots; True when it matches."""
    expected = draw_compute(
        seed=draw.seed,
        candidate_ids=draw.candidate_ids,
        roster_ids=draw.roster_ids,
        count=draw.parameters["count"],
        exclusions=draw.exclusions,
    )
    recorded = list(
        draw.assignments.order_by("position").values_list(
            "establishment_id", "inspector_a_id", "inspector_b_id"
        )
    )
    return [tuple(e) for e in expected] == [tuple(r) for r in recorded]
