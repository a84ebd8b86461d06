"""The records behind every figure of one scope, as querysets. A figure is the count (or
sum) of its set, and its drill-down lists the same set, so the list's count equals the
figure.

``RecordSets(scope)`` is made once per scope and handed down: the counting (cells, the
work beside them), the drill-downs, the dashboard and the radiation tables all read their
records from it. Each method returns a fresh queryset.

Definitions (written on the summary page and in the API docs):
- in scope: units of the domain operating at some time in the period;
- already licensed: in scope, holding a permit in force on the first day of the period and
  on its last day; due: the other units in scope whose kind a permit type lists; issued: due
  units that got a permit dated in the period;
- inspected: in scope with at least one inspection in the period; visits: inspections of
  units in scope in the period;
- practitioners: employed in an in-scope unit at some time in the period; due an
  examination (exam_due): those whose post serves customers directly and so must hold a
  health certificate (premises.Post, 《公共场所卫生管理条例》第七条 / 实施细则第十条; no post
  counts as due); examined: those due with a health examination dated in the period;
  trained: attended a training in the period (all practitioners, whatever their post).
"""

from functools import cached_property

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, When

from inspections.choices import SampleVerdict
from inspections.models import Complaint, Inspection, Sample, SupervisionOpinion
from licensing.choices import ApplicationStatus
from licensing.health.models import HealthCertificate, TrainingAttendance
from licensing.models import Application, Consultation, Permit, PermitType
from penalties.models import PenaltyCase
from premises.models import MUST_HOLD_CERTIFICATE, Establishment, Practitioner, Supervision
from reports.scope import Scope


def _member(records, field: str, among, listing: bool) -> Q:
    """The row's pk is among ``records``' ``field``.

    To count (a FILTER in an aggregate): an uncorrelated IN, which PostgreSQL hashes once
    and probes per row, where an EXISTS correlated with the row runs once per row; ``among``
    (a township or a few) narrows the records to those of its rows first. To list (a
    WHERE): an EXISTS, which PostgreSQL joins, also negated (an anti-join), where a negated
    IN falls back to a subplan that is re-run per row once its set outgrows work_mem."""
    if listing:
        return Q(Exists(records.filter(**{field: OuterRef("pk")})))
    if among is not None:
        records = records.filter(**{f"{field}__in": among})
    return Q(pk__in=records.values(field))


# The catalogue's violations of illegal practice (penalties migration 0009).
ILLEGAL_PRACTICE_VIOLATIONS = ("illegal-practice", "med-no-licence")


class RecordSets:
    """The record sets of ``scope``."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.start, self.end = scope.period.start, scope.period.end
        self.first, self.after = scope.period.moments()  # the period as date-times
        self.narrow = scope.township is not None or bool(scope.township_ids)

    # ------------------------------------------------------------ units

    def units(self):
        """Units in scope: of a domain, those filed under a kind of it and those supervised
        under it as a further domain in the period (premises.Supervision). Registered units
        only (单位, 个体工商户): a 社区, 行政村, 家庭 or unregistered person (无证行医) is no
        supervised unit and stays out of unit counts and coverage (监督覆盖率)."""
        scope = self.scope
        qs = Establishment.objects.in_period(self.start, self.end).units()
        if scope.domain is not None:
            qs = qs.filter(
                Establishment.objects.domain_condition(scope.domain, self.start, self.end)
            )
        if scope.township is not None:
            qs = qs.filter(township=scope.township)
        if scope.township_ids:
            qs = qs.filter(township_id__in=scope.township_ids)
        return qs

    def kind_of_unit(self, prefix: str = ""):
        """The kind a unit (reached by ``prefix``) counts under in the scope: its main kind,
        or in a domain it is supervised under as a further domain, its kind there."""
        main = F(f"{prefix}category")
        domain = self.scope.domain
        if domain is None:
            return main
        further = (
            Supervision.objects.filter(establishment=OuterRef(f"{prefix}pk"), domain=domain)
            .active_between(self.start, self.end)
            .order_by("-started_on")
            .values("category")[:1]
        )
        return Case(
            When(**{f"{prefix}category__domain": domain}, then=main),
            default=Subquery(further),
            output_field=IntegerField(),
        )

    @cached_property
    def unit_ids(self):
        """The units in scope as a subquery (never evaluated here)."""
        return self.units().values("pk")

    def unit_conditions(self, *, listing: bool = False) -> dict[str, Q]:
        """What a unit in scope may be: inspected, licensed (before), of a kind that needs a
        permit, got a permit in the period, due, issued."""
        narrow = self.unit_ids if self.narrow else None

        def member(records):
            return _member(records, "establishment", narrow, listing)

        visited = Inspection.objects.filter(
            inspected_at__gte=self.first, inspected_at__lt=self.after
        )
        if self.scope.domain is not None:  # inspected under the domain
            visited = visited.filter(category__domain=self.scope.domain)
        got = Permit.objects.filter(issued_on__range=(self.start, self.end))
        held_first, held_last = Permit.objects.held_on(self.start), Permit.objects.held_on(self.end)
        if self.scope.domain is not None:  # permits of the domain's types
            types = PermitType.objects.filter(categories__domain=self.scope.domain).values("pk")
            got, held_first, held_last = (
                qs.filter(permit_type__in=types) for qs in (got, held_first, held_last)
            )
        licensed = member(held_first) & member(held_last)
        # the kinds a permit type lists (licensing's one table of which kinds need a permit):
        # an uncorrelated IN of a few ids, no join and no duplicate rows
        needing = PermitType.categories.through.objects.values("category_id")
        # the kind the unit counts under (``units_by_kind`` annotates it)
        needs = Q(kind__in=needing)
        due = needs & ~licensed
        return {
            "inspected": member(visited),
            "licensed": licensed,
            "needs": needs,
            "got": member(got),
            "due": due,
            "issued": due & member(got),
        }

    def unit_flags(self):
        """The units in scope with the kind they count under (``kind``) and each condition
        they may meet as 0 or 1, each tested once a unit: ``inspected``, ``licensed``,
        ``needs`` (its kind needs a permit) and ``got`` (a permit dated in the period). Due
        is needs and not licensed; issued is due and got (``reports.counting.cells``)."""
        conditions = self.unit_conditions()

        def flag(condition: Q):
            return Case(When(condition, then=1), default=0, output_field=IntegerField())

        return self.units_by_kind().annotate(
            **{name: flag(conditions[name]) for name in ("inspected", "licensed", "needs", "got")}
        )

    def units_by_kind(self):
        """The units in scope, each with the kind it counts under (``kind``)."""
        return self.units().annotate(kind=self.kind_of_unit())

    def units_where(self, *flags: str, negated: str | None = None):
        """Units in scope meeting every named condition (and not ``negated``)."""
        conditions = self.unit_conditions(listing=True)
        qs = self.units_by_kind()
        for flag in flags:
            qs = qs.filter(conditions[flag])
        if negated:
            qs = qs.exclude(conditions[negated])
        return qs

    # ------------------------------------------------------------ practitioners

    def practitioner_condition(self, prefix: str = "") -> Q:
        """A practitioner (reached by ``prefix``) in scope: employed in a unit in scope at
        some time in the period."""
        return Q(
            **{f"{prefix}establishment__in": self.unit_ids, f"{prefix}hired_on__lte": self.end}
        ) & (Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": self.start}))

    def practitioners(self):
        return Practitioner.objects.filter(self.practitioner_condition())

    def practitioner_conditions(self, *, listing: bool = False) -> dict[str, Q]:
        narrow = self.practitioners().values("pk") if self.narrow else None
        examined = HealthCertificate.objects.filter(exam_date__range=(self.start, self.end))
        trained = TrainingAttendance.objects.filter(session__date__range=(self.start, self.end))
        return {
            "exam_due": MUST_HOLD_CERTIFICATE,
            "examined": MUST_HOLD_CERTIFICATE & _member(examined, "practitioner", narrow, listing),
            "trained": _member(trained, "practitioner", narrow, listing),
        }

    def practitioners_where(self, flag: str):
        return self.practitioners().filter(self.practitioner_conditions(listing=True)[flag])

    # ------------------------------------------------------------ the work

    def inspection_condition(self, prefix: str = "") -> Q:
        """An inspection (reached by ``prefix``) in scope: not voided, of a unit in scope, in
        the period; of a domain, made under it. Rows of an inspection (its inspectors) are
        filtered by it through a join, not an IN of every inspection in scope."""
        condition = Q(
            **{
                f"{prefix}voided_at__isnull": True,
                f"{prefix}inspected_at__gte": self.first,
                f"{prefix}inspected_at__lt": self.after,
                f"{prefix}establishment__in": self.unit_ids,
            }
        )
        if self.scope.domain is not None:
            condition &= Q(**{f"{prefix}category__domain": self.scope.domain})
        return condition

    def inspections(self):
        """Inspections of units in scope in the period; of a domain, those made under it."""
        return Inspection.objects.filter(self.inspection_condition())

    def opinions(self):
        qs = SupervisionOpinion.objects.filter(
            issued_at__gte=self.first,
            issued_at__lt=self.after,
            inspection__establishment__in=self.unit_ids,
        )
        if self.scope.domain is not None:
            qs = qs.filter(inspection__category__domain=self.scope.domain)
        return qs

    def samples(self):
        """Samples judged (合格 or 不合格): one 送检中 is counted once its result is in."""
        qs = Sample.objects.filter(
            taken_at__gte=self.first,
            taken_at__lt=self.after,
            inspection__establishment__in=self.unit_ids,
        ).exclude(verdict=SampleVerdict.PENDING)
        if self.scope.domain is not None:
            qs = qs.filter(inspection__category__domain=self.scope.domain)
        return qs

    def applications(self):
        """Applications accepted (受理) in the period: not those still waiting for 补正 nor
        those refused at the window (不予受理); a withdrawn one was accepted."""
        qs = Application.objects.filter(received_on__range=(self.start, self.end)).exclude(
            status__in=[ApplicationStatus.CORRECTION, ApplicationStatus.NOT_ACCEPTED]
        )
        return self._of_units(qs)

    def consultations(self):
        qs = Consultation.objects.filter(consulted_on__range=(self.start, self.end))
        if self.scope.domain is not None or self.scope.township is not None:
            qs = self._of_units(qs.filter(establishment__isnull=False))
        return qs

    def permits_issued(self):
        """Every permit dated in the period for a unit of the domain (new, renewed, changed)."""
        qs = Permit.objects.filter(issued_on__range=(self.start, self.end))
        return self._of_units(qs)

    def _of_units(self, qs):
        """Permit-window records of the domain: an application or a permit by its type (a
        type listing kinds of the domain: a hospital's 放射诊疗许可证 counts in radiation), a
        consultation by its unit (supervised under the domain in the period)."""
        domain = self.scope.domain
        if domain is not None:
            if hasattr(qs.model, "permit_type"):
                types = PermitType.objects.filter(categories__domain=domain).values("pk")
                qs = qs.filter(permit_type__in=types)
            else:
                qs = qs.filter(
                    Establishment.objects.domain_condition(
                        domain, self.start, self.end, prefix="establishment__"
                    )
                )
        if self.scope.township is not None:
            qs = qs.filter(establishment__township=self.scope.township)
        return qs

    def complaint_conditions(self) -> dict[str, Q]:
        """Received in the period; closed (办结) in the period, whenever received."""
        return {
            "received": Q(received_at__gte=self.first, received_at__lt=self.after),
            "closed": Q(closed_on__range=(self.start, self.end)),
        }

    def complaints(self):
        """Complaints (投诉举报) received in the period, not voided; of a domain by the one
        they were registered under, of a township by the unit complained about."""
        return self.complaints_dated(self.complaint_conditions()["received"])

    def complaints_closed(self):
        return self.complaints_dated(self.complaint_conditions()["closed"])

    def complaints_dated(self, dated: Q):
        qs = Complaint.objects.filter(dated)
        if self.scope.domain is not None:
            qs = qs.filter(domain=self.scope.domain)
        if self.scope.township is not None:
            qs = qs.filter(establishment__township=self.scope.township)
        return qs

    def cases(self):
        """Penalty cases filed in the period (of the domain by their violation)."""
        return self._cases(filed_on__range=(self.start, self.end))

    def illegal_practice_cases(self):
        """Cases filed in the period for illegal practice (查处无证行医: 非医师行医, 未取得
        医疗机构执业许可证擅自执业), against a registered unit, a person registered as a
        subject or an unregistered party alike."""
        return self.cases().filter(violation__code__in=ILLEGAL_PRACTICE_VIOLATIONS)

    def decided_cases(self):
        """Cases decided in the period: their fines and confiscations count in the period."""
        return self._cases(decided_on__range=(self.start, self.end))

    def penalised_units(self):
        """Registered units with a case decided in the period (not persons, 无证行医)."""
        return Establishment.objects.units().filter(
            pk__in=self.decided_cases().exclude(establishment=None).values("establishment")
        )

    def _cases(self, **dated):
        # Only cases the 负责人 approved for filing (or simple-procedure ones): a 立案报告
        # waiting or refused (不予立案) is no case.
        qs = PenaltyCase.objects.filed().filter(**dated)
        if self.scope.domain is not None:
            qs = qs.filter(violation__domain=self.scope.domain)
        if self.scope.township is not None:
            qs = qs.filter(establishment__township=self.scope.township)
        return qs
