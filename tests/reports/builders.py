"""Fast builders of raw records for the figure tests.

Rows are written with the ORM (bulk inserts where a test needs hundreds) instead of the
services, but every row is one the services could have written: a unit has its opening as
a status change and a status that matches its last change, an inspection has two
inspectors, a follow-up names its opinion, a renewal supersedes the permit it replaces, a
decided case has a decision number and its decided penalties, and so on."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.validators import id_number_check_char
from inspections.choices import InspectionKind, InspectionResult, OpinionStatus, Verdict
from inspections.models import Campaign, Inspection, Sample, SupervisionOpinion
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    ApplicationStatus,
    PermitOrigin,
    PermitStatus,
)
from licensing.health.models import HealthCertificate, TrainingAttendance, TrainingSession
from licensing.models import Application, Consultation, Permit, PermitType
from premises.choices import EstablishmentStatus, Sex, StatusChangeKind
from premises.models import (
    Category,
    Domain,
    Establishment,
    EstablishmentStatusChange,
    Practitioner,
    Township,
)
from tests.factories import UserFactory, post_named, valid_credit_code

_serial = itertools.count(1)
D = datetime.date
OPENED, SUSPENDED = StatusChangeKind.OPENED, StatusChangeKind.SUSPENDED
RESUMED, CLOSED = StatusChangeKind.RESUMED, StatusChangeKind.CLOSED
_STATUS_AFTER = {
    OPENED: EstablishmentStatus.OPERATING,
    RESUMED: EstablishmentStatus.OPERATING,
    SUSPENDED: EstablishmentStatus.SUSPENDED,
    CLOSED: EstablishmentStatus.CLOSED,
}


def at(day: datetime.date, hour=10, minute=0) -> datetime.datetime:
    """A moment of ``day`` in local (Beijing) time."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


# ------------------------------------------------------------------ people of the office


STAFF = (("fig_inspector_a", "inspector"), ("fig_inspector_b", "inspector"), ("fig_clerk", "clerk"))


def staff():
    """(inspector, inspector, clerk): the officers every record names (one query once
    they exist)."""
    found = {u.username: u for u in get_user_model().objects.filter(username__in=dict(STAFF))}
    if len(found) < len(STAFF):
        found = {name: UserFactory(username=name, role=role) for name, role in STAFF}
    return tuple(found[name] for name, _ in STAFF)


def kind(code: str) -> Category:
    return Category.objects.get(code=code)


def domain(code="public_places") -> Domain:
    return Domain.objects.get(code=code)


def township(code="360922101", name="康乐街道") -> Township:
    return Township.objects.get_or_create(code=code, defaults={"name": name})[0]


# ------------------------------------------------------------------ units


OPENED_ON, HIRED_ON = D(2020, 1, 1), D(2021, 3, 1)


def units(count=1, category="pp.bathing.barber", *, town=None, opened=OPENED_ON, changes=()):
    """``count`` units of one kind, opened on ``opened``, then each status change in
    ``changes`` ([(kind, date)]); the unit's status is the one its last change left."""
    town = town or township()
    cat = kind(category) if isinstance(category, str) else category
    last = changes[-1][0] if changes else OPENED
    closed_on = changes[-1][1] if last == CLOSED else None
    rows = []
    for _ in range(count):
        n = next(_serial)
        rows.append(
            Establishment(
                name=f"{cat.name}{n}号",
                credit_code=valid_credit_code(100000 + n),
                legal_representative="张三",
                address=f"解放路{n}号",
                township=town,
                category=cat,
                status=_STATUS_AFTER[last],
                opened_on=opened,
                closed_on=closed_on,
            )
        )
    made = Establishment.objects.bulk_create(rows)
    EstablishmentStatusChange.objects.bulk_create(
        EstablishmentStatusChange(establishment=u, kind=k, date=d)
        for u in made
        for k, d in [(OPENED, opened), *changes]
    )
    return made


def unit(category="pp.bathing.barber", **kw) -> Establishment:
    return units(1, category, **kw)[0]


# ------------------------------------------------------------------ inspections


def visits(targets, moment, *, kind=InspectionKind.ROUTINE, result=InspectionResult.COMPLIANT,
           campaign=None, follows=None, rectified=None):  # fmt: skip
    """One inspection of each unit in ``targets`` (a unit or a list) at ``moment``
    (a date: 10:00 local time that day), each by the two inspectors."""
    a, b, _ = staff()
    targets = targets if isinstance(targets, list | tuple) else [targets]
    moment = at(moment) if not isinstance(moment, datetime.datetime) else moment
    made = Inspection.objects.bulk_create(
        Inspection(
            establishment=u,
            category_id=u.category_id,
            inspected_at=moment,
            kind=kind,
            result=result,
            campaign=campaign,
            follows_opinion=follows,
            rectified=rectified,
            person_present="店长",
            recorded_by=a,
        )
        for u in targets
    )
    through = Inspection.inspectors.through
    through.objects.bulk_create(
        through(inspection_id=i.pk, user_id=user.pk) for i in made for user in (a, b)
    )
    return made


def visit(target, moment, **kw) -> Inspection:
    return visits([target], moment, **kw)[0]


def opinion(inspection, *, issued_at=None, deadline_days=15) -> SupervisionOpinion:
    """The opinion of ``inspection`` (its result becomes 下达意见书), numbered in its year."""
    issued_at = issued_at or inspection.inspected_at
    year = timezone.localdate(issued_at).year
    sequence = SupervisionOpinion.objects.filter(year=year).count() + 1
    Inspection.objects.filter(pk=inspection.pk).update(result=InspectionResult.OPINION)
    return SupervisionOpinion.objects.create(
        inspection=inspection,
        year=year,
        sequence=sequence,
        number=f"测卫监意〔{year}〕{sequence:04d}号",
        issued_at=issued_at,
        deadline=timezone.localdate(issued_at) + datetime.timedelta(days=deadline_days),
        issued_by=staff()[0],
    )


def follow_up(op: SupervisionOpinion, moment, *, rectified=True) -> Inspection:
    """A follow-up visit of ``op``; when it finds the problems rectified, ``op`` closes."""
    check = visit(
        op.inspection.establishment,
        moment,
        kind=InspectionKind.FOLLOW_UP,
        follows=op,
        rectified=rectified,
        result=InspectionResult.COMPLIANT if rectified else InspectionResult.OPINION,
    )
    if rectified:
        SupervisionOpinion.objects.filter(pk=op.pk).update(
            status=OpinionStatus.CLOSED, closed_by=check
        )
    return check


def sample(inspection, verdict=Verdict.PASS, taken_at=None) -> Sample:
    return Sample.objects.create(
        inspection=inspection,
        sample_type="游泳池水",
        location="深水区",
        taken_at=taken_at or inspection.inspected_at,
        verdict=verdict,
    )


def draw(targets, on, *, name="双随机抽查"):
    """A random draw made on ``on`` that drew ``targets``, each assigned to the two
    inspectors; returns (the draw, its assignments in order)."""
    from inspections.models import DrawAssignment, RandomDraw

    a, b, _ = staff()
    made = RandomDraw.objects.create(
        name=name,
        seed=20240101,
        parameters={"count": len(targets)},
        candidate_ids=[t.pk for t in targets],
        roster_ids=[a.pk, b.pk],
        created_by=a,
    )
    RandomDraw.objects.filter(pk=made.pk).update(created_at=at(on))
    assignments = DrawAssignment.objects.bulk_create(
        DrawAssignment(draw=made, position=i, establishment=t, inspector_a=a, inspector_b=b)
        for i, t in enumerate(targets, start=1)
    )
    return made, assignments


def problems(inspection, *codes):
    """Record the problem types ``codes`` (made if missing) as found by ``inspection``."""
    from inspections.models import ProblemType

    found = [
        ProblemType.objects.get_or_create(code=code, defaults={"name": f"问题{code}"})[0]
        for code in codes
    ]
    inspection.problems.add(*found)
    return found


def campaign(name="公共场所专项整治", start=None, end=None, domains=()):
    start, end = start or D(2024, 6, 1), end or D(2024, 10, 29)
    made = Campaign.objects.create(name=name, start_date=start, end_date=end, created_by=staff()[0])
    made.domains.set(domains)
    return made


# ------------------------------------------------------------------ licensing


def permit_type(code="public_place") -> PermitType:
    return PermitType.objects.get(code=code)


def permit(target, issued_on, *, expires_on=None, type_code=None, previous=None,
           application=None, cancelled_on=None) -> Permit:  # fmt: skip
    """A permit issued on ``issued_on`` for its type's term (or until ``expires_on``), of the
    type ``type_code`` (by default the one the unit's kind needs, else 公共场所卫生许可证);
    ``cancelled_on``: cancelled that day; ``previous``: the version it renews (superseded)."""
    if type_code is None:
        needed = PermitType.objects.filter(categories=target.category_id).first()
        ptype = needed or permit_type("public_place")
    else:
        ptype = permit_type(type_code)
    sequence = Permit.objects.filter(permit_type=ptype, year=issued_on.year).count() + 1
    current = Permit.objects.filter(
        establishment=target, permit_type=ptype, status=PermitStatus.VALID
    ).first()
    if previous is None and current is not None and current.issued_on <= issued_on:
        previous = current  # one current permit per unit and type: the newer follows it
    older = current is not None and current.issued_on > issued_on and previous is None
    if previous is not None:
        Permit.objects.filter(pk=previous.pk).update(
            status=PermitStatus.SUPERSEDED, replaced_on=issued_on
        )
    return Permit.objects.create(
        permit_type=ptype,
        establishment=target,
        number=f"测证〔{issued_on.year}〕第{sequence:04d}号",
        year=issued_on.year,
        sequence=sequence,
        origin=PermitOrigin.ISSUED,
        business_scope="住宿",
        issued_on=issued_on,
        # a type without a term (放射诊疗许可证, kept by 校验) has no end
        expires_on=expires_on
        or (
            issued_on.replace(year=issued_on.year + ptype.term_years) if ptype.term_years else None
        ),
        status=PermitStatus.CANCELLED
        if cancelled_on
        else (PermitStatus.SUPERSEDED if older else PermitStatus.VALID),
        replaced_on=current.valid_from if older else None,
        cancelled_on=cancelled_on,
        cancel_reason="歇业注销" if cancelled_on else "",
        previous=previous,
        application=application,
        recorded_by=staff()[2],
    )


def application(target, received_on, *, kind=ApplicationKind.NEW, path=ApplicationPath.STANDARD,
                previous=None, type_code="public_place") -> Application:  # fmt: skip
    """An application received on ``received_on``; issued at once on the commitment path,
    else still awaiting its decision."""
    n = next(_serial)
    # One open application per unit and type: a second one is recorded as finished.
    busy = Application.objects.open().filter(
        establishment=target, permit_type=permit_type(type_code)
    )
    status = ApplicationStatus.RECEIVED
    if path == ApplicationPath.COMMITMENT:
        status = ApplicationStatus.ISSUED
    elif busy.exists():
        status = ApplicationStatus.CLOSED
    return Application.objects.create(
        permit_type=permit_type(type_code),
        establishment=target,
        kind=kind,
        path=path,
        status=status,
        receipt_number=f"测受〔{received_on.year}〕{n:05d}号",
        received_on=received_on,
        due_on=received_on + datetime.timedelta(days=28),
        business_scope="住宿",
        previous_permit=previous,
        change_description="变更法定代表人" if kind == ApplicationKind.CHANGE else "",
        decided_on=received_on if path == ApplicationPath.COMMITMENT else None,
        received_by=staff()[2],
    )


def consultation(on, target=None) -> Consultation:
    return Consultation.objects.create(
        consulted_on=on, topic="办证咨询", establishment=target, answered_by=staff()[2]
    )


# ------------------------------------------------------------------ practitioners


def _id_number(n: int) -> str:
    birth = D(1970, 1, 1) + datetime.timedelta(days=n // 1000)
    first17 = f"360922{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def people(target, count=1, *, hired=HIRED_ON, left=None) -> list[Practitioner]:
    rows = []
    post = post_named("服务员")
    for _ in range(count):
        n = next(_serial)
        rows.append(
            Practitioner(
                establishment=target,
                name=f"从业者{n}",
                sex=Sex.FEMALE,
                post=post,
                id_number=_id_number(n),
                hired_on=hired,
                left_on=left,
            )
        )
    return Practitioner.objects.bulk_create(rows)


def exams(practitioners, on, *, result="passed") -> list[HealthCertificate]:
    clerk = staff()[2]
    return HealthCertificate.objects.bulk_create(
        HealthCertificate(
            practitioner=p,
            exam_date=on,
            institution="县疾病预防控制中心",
            result=result,
            expires_on=on.replace(year=on.year + 1) - datetime.timedelta(days=1),
            recorded_by=clerk,
        )
        for p in practitioners
    )


def training(on, practitioners, topic="公共场所从业人员卫生知识培训") -> TrainingSession:
    clerk = staff()[2]
    session = TrainingSession.objects.create(
        date=on, place="县会议中心", topic=topic, organiser="县卫生监督所", recorded_by=clerk
    )
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(session=session, practitioner=p, recorded_by=clerk)
        for p in practitioners
    )
    return session


# ------------------------------------------------------------------ penalty cases


def case(target=None, filed_on=None, *, violation="pp-no-permit", decided_on=None,
         fine=None, gains=None, items="", closed_on=None, outcome="", inspection=None,
         procedure="ordinary"):  # fmt: skip
    """A case filed on ``filed_on`` against ``target`` (a unit) or, without one, against an
    unregistered person; ``decided_on`` with its decided ``fine``, ``gains`` (confiscated
    illegal gains) and ``items`` (confiscated drugs or instruments); ``closed_on`` with
    ``outcome``; ``procedure`` simple: decided on the spot (简易程序, its own series)."""
    from penalties.choices import CaseSource, CaseStatus, PartyKind, PenaltyKind, PenaltyStage
    from penalties.models import CasePenalty, PenaltyCase, Violation

    a, b, _ = staff()
    filed_on = filed_on or D(2024, 5, 10)
    year = filed_on.year
    sequence = PenaltyCase.objects.filter(year=year).count() + 1
    status = CaseStatus.FILED
    if decided_on:
        status = CaseStatus.DECIDED
    if closed_on:
        status = CaseStatus.CLOSED
    party = (
        {
            "party_kind": PartyKind.UNIT,
            "establishment": target,
            "party_name": target.name,
            "party_address": target.address,
            "party_code": target.credit_code,
        }
        if target is not None
        else {
            "party_kind": PartyKind.PERSON,
            "party_name": "李某",
            "party_address": "城关镇东街3号",
            "party_code": _id_number(next(_serial)),
        }
    )
    made = PenaltyCase.objects.create(
        year=year,
        sequence=sequence,
        number=f"测卫{'当罚' if procedure == 'simple' else '罚立'}〔{year}〕{sequence:04d}号",
        procedure=procedure,
        # An ordinary case counts once its 立案 is approved; a simple one has no 立案.
        filing_approved=True if procedure == "ordinary" else None,
        source=CaseSource.INSPECTION if inspection else CaseSource.COMPLAINT,
        inspection=inspection,
        violation=Violation.objects.get(code=violation),
        occurred_on=filed_on - datetime.timedelta(days=10),
        facts="未取得公共场所卫生许可证擅自营业。",
        status=status,
        filed_on=filed_on,
        decision_due=filed_on + datetime.timedelta(days=90),
        decision_number=f"测卫罚决〔{year}〕{sequence:04d}号" if decided_on else None,
        decided_on=decided_on,
        severity="ordinary" if decided_on else "",
        closed_on=closed_on,
        outcome=outcome,
        created_by=a,
        **party,
    )
    made.officers.set([a, b])
    if decided_on:
        lines = [(PenaltyKind.WARNING, None, "")]
        if fine:
            lines.append((PenaltyKind.FINE, Decimal(str(fine)), ""))
        if gains:
            lines.append((PenaltyKind.CONFISCATE_GAINS, Decimal(str(gains)), ""))
        if items:
            lines.append((PenaltyKind.CONFISCATE_ITEMS, None, items))
        CasePenalty.objects.bulk_create(
            CasePenalty(case=made, stage=PenaltyStage.DECIDED, kind=k, amount=amount, items=what)
            for k, amount, what in lines
        )
    return made


# ------------------------------------------------------------------ complaints

_complaint_serial = itertools.count(1)


def complaint(received, *, dom="public_places", target=None, closed=None, voided=False):
    """A complaint (投诉举报) received on ``received`` about ``target`` (else an unregistered
    place), closed on ``closed``; ``voided``: registered twice by mistake, voided."""
    from inspections.models import Complaint

    n = next(_complaint_serial)
    return Complaint.all_objects.create(
        number=f"TS{received.year}-{n:04d}",
        year=received.year,
        sequence=n,
        received_at=at(received),
        source="hotline_12345",
        establishment=target,
        place_name="" if target else "无证游泳池",
        domain=domain(dom),
        content="水质浑浊",
        anonymous=True,
        accept_due=received,
        closed_on=closed,
        status="closed" if closed else "registered",
        outcome="substantiated" if closed else "",
        registered_by=staff()[0],
        voided_at=timezone.now() if voided else None,
        void_reason="重复登记" if voided else "",
    )
