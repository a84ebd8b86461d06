"""双随机: units drawn at random from the registry, two inspectors drawn for each.

Nobody chooses the seed (docs/draws.md). At the draw the server takes a canonical snapshot
of what is drawn from (the draw's parameters, the candidate units with their credit codes,
the roster, the exclusions; every list sorted), hashes it (SHA-256), generates a secret
(``secrets.token_bytes``) and records its commitment SHA-256(secret); the seed is the first
8 bytes of SHA-256(snapshot hash || secret), as an integer shifted right by one (63 bits).
Snapshot, hash, commitment, secret and seed are recorded with the draw and published in its
workbook, so anyone can re-run it (``draw_verify`` here, scripts/verify_draw.py outside).

The algorithm is plain and public: Python's Mersenne Twister seeded with the seed; units
are sampled from the sorted candidate ids; for each drawn unit in order, two inspectors are
sampled from the sorted roster less those excluded for that unit. Draws made before (method
1) were seeded with a number typed in or generated; they are re-run from that number.

A drawn visit is made by the drawn pair, or by the pair as it stands after recorded
substitutions (``draw_substitute``, ``draw_pair``, ``draw_team_errors``).
"""

import hashlib
import json
import math
import random
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core.people import display_names
from core.roster import MIN_OFFICERS, roster
from inspections.choices import GradeRuleRow
from inspections.models import (
    DrawAssignment,
    DrawMethod,
    DrawSubstitution,
    GradeAssessment,
    GradeRule,
    RandomDraw,
)
from premises.choices import REGISTERED_SUBJECTS, EstablishmentStatus, SubjectKind
from premises.models import Establishment

SECRET_BYTES = 32
# Subjects without a credit code drawn only by a draw naming the domain they are filed under.
DRAWN_IN_OWN_DOMAIN = (SubjectKind.COMMUNITY, SubjectKind.VILLAGE, SubjectKind.FAMILY)


def draw_candidates(*, domains=(), categories=(), townships=()):
    """Operating units within the scope; an empty scope part means "all".

    Registered units (单位, 个体工商户) only, except that a draw naming a domain takes the
    communities, villages and families filed under it (健康促进 draws them); a person
    registered as a subject (自然人, 无证行医) is never drawn: it is pursued, not sampled."""
    units = Establishment.objects.filter(status=EstablishmentStatus.OPERATING)
    registered = Q(subject_kind__in=REGISTERED_SUBJECTS)
    if domains:
        registered |= Q(subject_kind__in=DRAWN_IN_OWN_DOMAIN, category__domain__in=list(domains))
    units = units.filter(registered)
    # A unit supervised under a further domain (a hospital's 放射诊疗) is a candidate there.
    if domains:
        in_any = Q(pk__in=[])
        for domain in domains:
            in_any |= Establishment.objects.domain_condition(domain)
        units = units.filter(in_any)
    if categories:
        units = units.filter(Establishment.objects.kind_condition(categories))
    if townships:
        units = units.filter(township__in=townships)
    return units


def draw_compute(*, seed, candidate_ids, roster_ids, count, exclusions, strata=None):
    """The assignments [(unit id, inspector id, inspector id)] a draw's parameters give.
    ``strata`` (a draw by grade): [(unit ids, how many)] in the order of GRADE_STRATA; the
    units are sampled stratum by stratum with the one generator, then the inspectors."""
    rng = random.Random(seed)
    if strata is None:
        units = rng.sample(sorted(candidate_ids), count)
    else:
        units = []
        for ids, n in strata:
            units += rng.sample(sorted(ids), n)
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


# ---------------------------------------------------------------- the seed's derivation


def canonical_bytes(document) -> bytes:
    """The one byte form of a snapshot that is hashed (scripts/verify_draw.py writes the same)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed_from(snapshot_hash: str, secret: str) -> int:
    """seed = SHA-256(snapshot hash bytes || secret bytes), first 8 bytes big-endian >> 1."""
    digest = hashlib.sha256(bytes.fromhex(snapshot_hash) + bytes.fromhex(secret)).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def draw_snapshot(*, parameters, units, roster_ids, exclusions, grades=None) -> dict:
    """The canonical snapshot: ``units`` [(id, credit code)], every list sorted; a draw by
    grade adds ``grades`` [[unit id, stratum]] (the unit's grade at the draw)."""
    snapshot = {
        "algorithm": DrawMethod.SNAPSHOT_SECRET.value,
        "parameters": parameters,
        "units": sorted([int(pk), str(code)] for pk, code in units),
        "officers": sorted(int(pk) for pk in roster_ids),
        "exclusions": sorted([int(i), int(u)] for i, u in exclusions),
    }
    if grades is not None:
        snapshot["grades"] = sorted([int(pk), str(g)] for pk, g in grades.items())
    return snapshot


# ---------------------------------------------------------------- a draw by grade
# The strata in their fixed order: A, B, C, 不予定级, then units not yet assessed.
GRADE_STRATA = tuple(GradeRuleRow.values)


def draw_grades(candidate_ids) -> dict:
    """{unit id: stratum} of the candidates: the current grade, or 未评定."""
    graded = dict(
        GradeAssessment.objects.standing()
        .filter(establishment__in=candidate_ids)
        .values_list("establishment_id", "grade")
    )
    return {pk: graded.get(pk, GradeRuleRow.UNRATED.value) for pk in candidate_ids}


def grade_strata(grades: dict, counts: dict) -> list:
    """[(unit ids, how many)] per stratum in GRADE_STRATA order, from {unit: stratum} and
    {stratum: count} (a draw's recorded parameters)."""
    strata = []
    for row in GRADE_STRATA:
        ids = sorted(pk for pk, g in grades.items() if g == row)
        strata.append((ids, int(counts.get(row, 0))))
    return strata


def grade_counts(grades: dict, shares: dict) -> dict:
    """{stratum: units to draw}: each stratum's share of its units, rounded up."""
    counts = {}
    for row in GRADE_STRATA:
        n = sum(1 for g in grades.values() if g == row)
        share = Decimal(str(shares.get(row, "0")))
        counts[row] = math.ceil(n * share / 100) if n and share > 0 else 0
    return counts


# ---------------------------------------------------------------- making a draw


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


def _exclusions_check(exclusions, *, roster_ids, candidate_ids) -> list:
    """The (officer, unit) pairs, each officer on the roster and each unit a candidate."""
    pairs = sorted({(int(i), int(u)) for i, u in exclusions})
    officers, units = set(roster_ids), set(candidate_ids)
    strangers = sorted({i for i, _u in pairs if i not in officers})
    outside = sorted({u for _i, u in pairs if u not in units})
    errors = []
    if strangers:
        users = get_user_model().objects.filter(pk__in=strangers).order_by("pk")
        errors.append(f"{display_names(users) or strangers} 不在监督员名录中。")
    if outside:
        names = "、".join(
            Establishment.objects.filter(pk__in=outside).values_list("name", flat=True)
        )
        errors.append(f"{names or outside} 不在本次抽取范围内。")
    if errors:
        raise ValidationError({"exclusions": errors})
    return pairs


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
    by_grade=False,
) -> RandomDraw:
    """Draw ``count`` units (or ``share`` of the candidates, rounded up) and two inspectors
    for each. ``exclusions``: [(inspector id, unit id)] pairs that must not meet. The seed
    comes from the snapshot and a fresh server secret: there is no way to give one.

    ``by_grade``: instead of a count or share, each grade's share of the GradeRule table
    (信誉度等级: A, B, C, 不予定级, 未评定) of its candidates, rounded up; the units' grades and
    the shares are part of the snapshot, so the draw is re-run to the same result."""
    if by_grade:
        if count is not None or share is not None:
            raise ValidationError({"count": "按信誉度等级抽取时，不填抽取数量或比例。"})
    elif (count is None) == (share is None):
        raise ValidationError({"count": "请填写抽取数量或抽取比例（二选一）。"})
    units = list(
        draw_candidates(domains=domains, categories=categories, townships=townships)
        .order_by("pk")
        .values_list("pk", "credit_code")
    )
    candidate_ids = [pk for pk, _code in units]
    grades = strata = None
    if by_grade:
        grades = draw_grades(candidate_ids)
        shares = {
            rule.row: str(rule.draw_share) for rule in GradeRule.objects.all().order_by("row")
        }
        counts = grade_counts(grades, shares)
        count = sum(counts.values())
        if not candidate_ids:
            raise ValidationError({"count": "抽取范围内没有营业中的单位。"})
        if count < 1:
            raise ValidationError({"count": "按各等级的抽取比例，本次抽取范围内抽不到单位。"})
        strata = grade_strata(grades, counts)
    else:
        count = _draw_size(count=count, share=share, candidates=len(candidate_ids))
    roster_ids = sorted(roster().values_list("pk", flat=True))
    if len(roster_ids) < MIN_OFFICERS:
        raise ValidationError({"count": "监督员名录不足两人，无法抽取。"})
    exclusions = _exclusions_check(exclusions, roster_ids=roster_ids, candidate_ids=candidate_ids)
    parameters = {
        "count": count,
        "share": share,
        "domains": sorted(d.pk for d in domains),
        "categories": sorted(c.pk for c in categories),
        "townships": sorted(t.pk for t in townships),
    }
    if by_grade:
        parameters["grade_shares"] = shares
        parameters["grade_counts"] = counts
    snapshot = draw_snapshot(
        parameters=parameters,
        units=units,
        roster_ids=roster_ids,
        exclusions=exclusions,
        grades=grades,
    )
    snapshot_hash = sha256_hex(canonical_bytes(snapshot))
    secret = secrets.token_bytes(SECRET_BYTES)
    seed = seed_from(snapshot_hash, secret.hex())
    assignments = draw_compute(
        seed=seed,
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        count=count,
        exclusions=exclusions,
        strata=strata,
    )
    draw = RandomDraw.objects.create(
        name=name,
        seed=seed,
        method=DrawMethod.SNAPSHOT_SECRET,
        parameters=parameters,
        candidate_ids=candidate_ids,
        roster_ids=roster_ids,
        exclusions=[list(e) for e in exclusions],
        snapshot=snapshot,
        snapshot_hash=snapshot_hash,
        commitment=sha256_hex(secret),
        secret=secret.hex(),
        created_by=user,
    )
    DrawAssignment.objects.bulk_create(
        DrawAssignment(
            draw=draw, position=i, establishment_id=u, inspector_a_id=a, inspector_b_id=b
        )
        for i, (u, a, b) in enumerate(assignments, start=1)
    )
    return draw


# ---------------------------------------------------------------- verifying a draw


def _derivation_problems(draw: RandomDraw) -> list[str]:
    """What is wrong with a method-2 draw's snapshot, commitment and seed."""
    problems = []
    snapshot = draw.snapshot or {}
    if sha256_hex(canonical_bytes(snapshot)) != draw.snapshot_hash:
        problems.append("候选快照与记录的快照哈希不符。")
    units = [pk for pk, _code in snapshot.get("units", [])]
    if (
        units != sorted(draw.candidate_ids)
        or snapshot.get("officers") != sorted(draw.roster_ids)
        or snapshot.get("exclusions") != sorted(list(e) for e in draw.exclusions)
        or snapshot.get("parameters") != draw.parameters
    ):
        problems.append("记录的候选单位、监督员名录、回避或抽取条件与快照不符。")
    try:
        secret = bytes.fromhex(draw.secret)
        derived = seed_from(draw.snapshot_hash, draw.secret)
    except ValueError:
        return [*problems, "秘密值或快照哈希不是有效的十六进制数。"]
    if sha256_hex(secret) != draw.commitment:
        problems.append("秘密值与其承诺值不符。")
    if derived != draw.seed:
        problems.append("随机种子不是由快照哈希和秘密值导出的。")
    return problems


def draw_problems(*, draw: RandomDraw) -> list[str]:
    """Every reason the recorded draw does not follow from what it was drawn from ([]: it
    does). Method 2: the snapshot's hash, the secret's commitment, the seed's derivation,
    then the assignments re-run from the snapshot; method 1: the assignments re-run from
    the recorded seed and snapshots."""
    problems = []
    if draw.method == DrawMethod.SNAPSHOT_SECRET:
        problems = _derivation_problems(draw)
    try:
        strata = None
        if "grade_counts" in draw.parameters:
            grades = {int(pk): g for pk, g in (draw.snapshot or {}).get("grades", [])}
            if sorted(grades) != sorted(draw.candidate_ids):
                problems.append("快照中的单位等级与候选单位不符。")
            strata = grade_strata(grades, draw.parameters["grade_counts"])
        expected = draw_compute(
            seed=draw.seed,
            candidate_ids=draw.candidate_ids,
            roster_ids=draw.roster_ids,
            count=draw.parameters["count"],
            exclusions=draw.exclusions,
            strata=strata,
        )
    except (ValidationError, ValueError, KeyError) as exc:
        return [*problems, f"无法重新抽取：{exc}"]
    recorded = list(
        draw.assignments.order_by("position").values_list(
            "establishment_id", "inspector_a_id", "inspector_b_id"
        )
    )
    if [tuple(e) for e in expected] != [tuple(r) for r in recorded]:
        problems.append("重新抽取的结果与记录的抽查任务不同。")
    return problems


def draw_verify(*, draw: RandomDraw) -> bool:
    """Re-run the draw from what it records; True when everything follows."""
    return not draw_problems(draw=draw)


# ---------------------------------------------------------------- who makes a drawn visit


def draw_pair(assignment: DrawAssignment) -> list[int]:
    """The ids of the two inspectors who make the visit: the drawn pair, with each
    recorded substitution applied in order."""
    pair = [assignment.inspector_a_id, assignment.inspector_b_id]
    for replaced, substitute in assignment.substitutions.order_by("recorded_at", "id").values_list(
        "replaced_id", "substitute_id"
    ):
        pair = [substitute if pk == replaced else pk for pk in pair]
    return pair


def draw_team_errors(*, assignment: DrawAssignment, inspectors) -> dict:
    """The refusal, on ``inspectors``, of a drawn visit not made by the drawn pair (after
    substitutions); {} when it is."""
    pair = draw_pair(assignment)
    chosen = {u.pk for u in inspectors}
    if chosen == set(pair):
        return {}
    users = get_user_model().objects.in_bulk(set(pair) | chosen)
    drawn = display_names(users[pk] for pk in pair if pk in users)
    strangers = [users[pk] for pk in sorted(chosen - set(pair)) if pk in users]
    missing = [users[pk] for pk in pair if pk not in chosen and pk in users]
    parts = [f"双随机检查须由抽中的监督员（{drawn}）实施"]
    if strangers:
        parts.append(f"{display_names(strangers)} 未被抽中")
    if missing:
        parts.append(f"缺少 {display_names(missing)}")
    parts.append("人员有变动的，请先在抽查页面登记替换")
    return {"inspectors": "；".join(parts) + "。"}


@transaction.atomic
def draw_substitute(
    *, user, assignment: DrawAssignment, replaced, substitute, reason, approved_by
) -> DrawSubstitution:
    """Record that ``substitute`` replaces ``replaced`` (one of the pair as it stands) for
    ``assignment``, approved by ``approved_by``, for ``reason``."""
    assignment = (
        DrawAssignment.objects.select_for_update().select_related("draw").get(pk=assignment.pk)
    )
    pair = draw_pair(assignment)
    errors = {}
    if replaced is None or replaced.pk not in pair:
        errors["replaced"] = "被替换人须是该任务当前的监督员。"
    if substitute is None:
        errors["substitute"] = "请选择替换人。"
    elif substitute.pk in pair:
        errors["substitute"] = "替换人已是该任务的监督员。"
    elif not roster().filter(pk=substitute.pk).exists():
        errors["substitute"] = f"{display_names([substitute])} 不在监督员名录中。"
    elif [substitute.pk, assignment.establishment_id] in [
        list(e) for e in assignment.draw.exclusions
    ]:
        errors["substitute"] = f"{display_names([substitute])} 须回避该单位。"
    if not (reason or "").strip():
        errors["reason"] = "请填写替换原因。"
    if approved_by is None:
        errors["approved_by"] = "请选择批准人。"
    elif not approved_by.is_active or not approved_by.has_perm("inspections.add_drawsubstitution"):
        errors["approved_by"] = f"{display_names([approved_by])} 无权批准抽查人员替换。"
    if errors:
        raise ValidationError(errors)
    return DrawSubstitution.objects.create(
        assignment=assignment,
        replaced=replaced,
        substitute=substitute,
        reason=reason.strip(),
        approved_by=approved_by,
        recorded_by=user,
    )
