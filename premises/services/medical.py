"""The medical register (premises/models/medical.py, medical_infection.py): the 执业许可证
particulars, medical staff and the staff check against the licensed 诊疗科目, infection-control
particulars. Records only for units supervised under the medical domain. Every create is
idempotent: the same record sent again returns the one there is; a different record under
the same key is refused on its field."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery

from premises.choices import EstablishmentStatus
from premises.models import (
    ClinicalSubject,
    Domain,
    Establishment,
    InfectionControl,
    MedicalLicence,
    MedicalStaff,
    PracticeScope,
    Practitioner,
)
from premises.models.medical import MEDICAL, scope_tops, top_ids
from premises.services.registry import _save


def is_medical(establishment: Establishment) -> bool:
    """Supervised under the medical domain, now or at some time (its records stay)."""
    if establishment.category.domain.code == MEDICAL:
        return True
    return establishment.supervisions.filter(domain__code=MEDICAL).exists()


def _medical_unit(establishment: Establishment) -> Establishment:
    """The unit, locked (creates under one unit are serialised), if it is a medical unit."""
    unit = (
        Establishment.objects.select_for_update()
        .select_related("category__domain")
        .get(pk=establishment.pk)
    )
    if not is_medical(unit):
        domain = Domain.objects.get(code=MEDICAL)
        raise ValidationError(
            {
                "establishment": f"“{unit.name}”不是{domain.name}监管单位；"
                f"请先为其登记“{domain.name}”监督专业。"
            }
        )
    if unit.status == EstablishmentStatus.CLOSED:
        raise ValidationError({"establishment": "该单位已关闭，不能登记。"})
    return unit


# ---------------------------------------------------------------- the practice licence

LICENCE_FIELDS = (
    "registration_number",
    "beds",
    "valid_from",
    "valid_until",
    "legal_representative",
    "principal",
    "verified_on",
    "verification_due_on",
    "issued_by",
)


@transaction.atomic
def medical_licence_register(
    *, user, establishment, subjects, change_reason: str = "", **fields
) -> MedicalLicence:
    """The unit's 执业许可证 as the register holds it. With a current record already there,
    the same particulars return it (a double submit); different ones are a change: a new
    record superseding the old, which needs ``change_reason``."""
    unknown = set(fields) - set(LICENCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown licence fields: {sorted(unknown)}")
    unit = _medical_unit(establishment)
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    subjects = list(subjects)
    if not subjects:
        raise ValidationError({"subjects": "请至少选择一个诊疗科目。"})
    licence = MedicalLicence(establishment=unit, recorded_by=user, **fields)
    if licence.verification_due_on is None:
        licence.verification_due_on = licence.default_verification_due()
    current = (
        MedicalLicence.objects.select_for_update()
        .filter(establishment=unit, is_current=True)
        .first()
    )
    if current is not None:
        same = all(getattr(current, f) == getattr(licence, f) for f in fields) and {
            s.pk for s in current.subjects.all()
        } == {s.pk for s in subjects}
        if same:
            return current
        if not change_reason.strip():
            raise ValidationError(
                {
                    "change_reason": f"本单位已有现行执业许可证（{current.registration_number}），"
                    "登记变更须填写变更原因。"
                }
            )
        if licence.valid_from and licence.valid_from < current.valid_from:
            raise ValidationError(
                {"valid_from": f"有效期自不能早于原记录（{current.valid_from:%Y-%m-%d}）。"}
            )
    licence.change_reason = change_reason.strip()
    if current is not None:
        current.is_current = False
        _save(current, user=user, reason=f"被新记录取代：{licence.change_reason}")
        licence.supersedes = current
    licence = _save(licence, user=user, reason=licence.change_reason or "登记执业许可证")
    licence.subjects.set(subjects)
    return licence


# ---------------------------------------------------------------- medical staff

STAFF_FIELDS = (
    "practice_type",
    "scope",
    "certificate_number",
    "registered_here",
    "started_on",
    "left_on",
    "notes",
)


@transaction.atomic
def medical_staff_register(*, user, practitioner: Practitioner, **fields) -> MedicalStaff:
    """A practitioner of a medical unit practising there. Idempotent per person: the same
    particulars again return the record there is."""
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"unknown medical staff fields: {sorted(unknown)}")
    practitioner = Practitioner.objects.select_related("establishment").get(pk=practitioner.pk)
    unit = _medical_unit(practitioner.establishment)
    if practitioner.left_on is not None:
        raise ValidationError({"practitioner": f"{practitioner.name}已离职，不能登记。"})
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    found = unit.medical_staff.filter(practitioner=practitioner, left_on__isnull=True).first()
    if found is not None:
        if all(getattr(found, k) == v for k, v in fields.items()):
            return found
        raise ValidationError({"practitioner": f"{practitioner.name}已登记为本单位医务人员。"})
    staff = MedicalStaff(establishment=unit, practitioner=practitioner, recorded_by=user, **fields)
    return _save(staff, user=user, reason="登记医务人员")


@transaction.atomic
def medical_staff_update(*, user, staff: MedicalStaff, **fields) -> MedicalStaff:
    """A new certificate, scope or the day the person left (never the person)."""
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"unknown medical staff fields: {sorted(unknown)}")
    staff = MedicalStaff.objects.select_for_update().get(pk=staff.pk)
    for name, value in fields.items():
        setattr(staff, name, value.strip() if isinstance(value, str) else value)
    return _save(staff, user=user, reason="修改医务人员信息")


@dataclass
class StaffCheck:
    """The staff check of a unit against its current licence's 诊疗科目."""

    licence: MedicalLicence | None
    staff: list[MedicalStaff] = field(default_factory=list)  # current, each with .found
    uncovered: list[ClinicalSubject] = field(default_factory=list)  # no qualified staff

    @property
    def misfits(self) -> list[MedicalStaff]:
        return [s for s in self.staff if s.found]

    @property
    def problem_count(self) -> int:
        return len(self.misfits) + len(self.uncovered)


def staff_prefetch():
    return Prefetch("scope__subjects", queryset=ClinicalSubject.objects.all())


_FETCH = object()


def staff_check(establishment, *, licence=_FETCH, staff=None) -> StaffCheck:
    """Staff whose 执业范围 fits none of the licensed 诊疗科目 (or who hold no certificate),
    and the licensed 诊疗科目 no current qualified staff member covers. ``licence`` and
    ``staff`` may be passed in already fetched (subjects and scope subjects prefetched)."""
    if licence is _FETCH:
        licence = (
            establishment.medical_licences.filter(is_current=True)
            .prefetch_related("subjects")
            .first()
        )
    if staff is None:
        staff = list(
            establishment.medical_staff.filter(left_on__isnull=True)
            .select_related("practitioner", "scope")
            .prefetch_related(staff_prefetch())
        )
    subjects = list(licence.subjects.all()) if licence else []
    ids = top_ids(subjects)
    covered: set[int] = set()
    for member in staff:
        member.found = member.problems(ids)
        if not member.found and member.scope_id and not member.scope.fits_any:
            covered |= scope_tops(member.scope)
    uncovered = [s for s in subjects if (s.parent_id or s.pk) not in covered]
    return StaffCheck(licence=licence, staff=staff, uncovered=uncovered)


def current_staff_prefetch(to_attr="current_staff", path="establishment__medical_staff"):
    return Prefetch(
        path,
        queryset=MedicalStaff.objects.filter(left_on__isnull=True)
        .select_related("scope")
        .prefetch_related(staff_prefetch()),
        to_attr=to_attr,
    )


def current_licence_prefetch(path="establishment__medical_licences"):
    return Prefetch(
        path,
        queryset=MedicalLicence.objects.filter(is_current=True).prefetch_related(
            Prefetch("subjects", queryset=ClinicalSubject.objects.all())
        ),
        to_attr="current_licences",
    )


def scopes_for(practice_type: str):
    return PracticeScope.objects.filter(practice_type=practice_type, is_active=True)


# ---------------------------------------------------------------- infection control

INFECTION_FIELDS = (
    "checked_on",
    "triage",
    "fever_clinic",
    "disinfection_records",
    "disinfection_monitoring",
    "waste_storage",
    "waste_disposer",
    "waste_disposer_licence",
    "waste_contract_until",
    "waste_handover_kept",
    "waste_manifest_kept",
    "vaccination_site",
    "vaccination_designation",
    "vaccination_valid_until",
    "vaccinators",
    "vaccinators_trained",
    "notes",
)


@transaction.atomic
def infection_control_record(*, user, establishment, **fields) -> InfectionControl:
    """What was found of the unit's infection control on ``checked_on``. Idempotent by day:
    the same findings again return the record; different ones that day are refused."""
    unknown = set(fields) - set(INFECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown infection control fields: {sorted(unknown)}")
    unit = _medical_unit(establishment)
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    found = unit.infection_controls.filter(checked_on=fields.get("checked_on")).first()
    if found is not None:
        if all(getattr(found, k) == v for k, v in fields.items()):
            return found
        raise ValidationError(
            {"checked_on": f"该单位 {found.checked_on:%Y-%m-%d} 已有传染病防治情况记录。"}
        )
    record = InfectionControl(establishment=unit, recorded_by=user, **fields)
    return _save(record, user=user, reason="登记传染病防治情况")


def latest_infection_controls(units_queryset=None):
    """The latest record of each unit (one query)."""
    latest = (
        InfectionControl.objects.filter(establishment=OuterRef("establishment"))
        .order_by("-checked_on", "-pk")
        .values("pk")[:1]
    )
    records = InfectionControl.objects.filter(pk=Subquery(latest))
    if units_queryset is not None:
        records = records.filter(establishment__in=units_queryset)
    return records
