"""The occupational-health register (premises/models/occupational.py): an employer's yearly
profile and the hazards its workers are exposed to, health surveillance by stage, occupational
disease cases and construction projects.

Every action is keyword-only and atomic; creates are idempotent (the same record sent again,
a double submit or an API retry, returns the row there is; a different one for the same
year, stage or project is refused on its field and names what is there). Records are kept
only for units supervised under the occupational domain (main kind or a further domain).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from premises.models import (
    PROJECT_STAGES,
    ConstructionProject,
    Domain,
    Establishment,
    HazardExposure,
    HazardFactor,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
)
from premises.services.registry import _save

DOMAIN = "occupational"

PROFILE_FIELDS = (
    "surveyed_on",
    "workers_total",
    "exposed_total",
    "declared",
    "declared_on",
    "records_kept",
    "records_count",
    "notes",
)
SURVEILLANCE_FIELDS = (
    "due",
    "examined",
    "rechecked",
    "suspected",
    "contraindicated",
    "institution",
)
CASE_FIELDS = (
    "worker_name",
    "disease_class",
    "disease",
    "hazard",
    "diagnosed_on",
    "diagnosed_by",
    "reported",
    "reported_on",
)
PROJECT_FIELDS = (
    "name",
    "investment",
    "industry",
    "approved_by",
    "approved_on",
    *(f"{p}_{s}" for p, _label in PROJECT_STAGES for s in ("status", "on")),
    "notes",
)


def is_employer(establishment: Establishment) -> bool:
    """Supervised under the occupational domain, now or at some time (its records stay)."""
    if establishment.category.domain.code == DOMAIN:
        return True
    return establishment.supervisions.filter(domain__code=DOMAIN).exists()


def _employer(establishment: Establishment) -> Establishment:
    establishment = (
        Establishment.objects.select_for_update()
        .select_related("category__domain")
        .get(pk=establishment.pk)
    )
    if not is_employer(establishment):
        domain = Domain.objects.get(code=DOMAIN)
        raise ValidationError(
            {
                "establishment": f"“{establishment.name}”不是{domain.name}监管单位；"
                f"请先为其登记“{domain.name}”监督专业。"
            }
        )
    return establishment


def _same(record, fields, values) -> bool:
    return all(getattr(record, name) == values[name] for name in fields if name in values)


def _apply(record, fields, values):
    for name in fields:
        if name in values:
            setattr(record, name, values[name])


def _unknown(values, fields):
    extra = set(values) - set(fields)
    if extra:
        raise TypeError(f"unexpected fields: {sorted(extra)}")


# ---------------------------------------------------------------- the yearly profile


@transaction.atomic
def occupational_profile_record(
    *, user, establishment: Establishment, year: int, **values
) -> OccupationalProfile:
    """The employer's 职工总数, 接害人数, declaration and monitoring files for ``year``."""
    _unknown(values, PROFILE_FIELDS)
    establishment = _employer(establishment)
    there = OccupationalProfile.objects.filter(establishment=establishment, year=year).first()
    if there is not None:
        if _same(there, PROFILE_FIELDS, values):
            return there
        raise ValidationError({"year": f"本单位{year}年度的职业卫生情况已登记，请修改该记录。"})
    profile = OccupationalProfile(
        establishment=establishment, year=year, recorded_by=user, **values
    )
    return _save(profile, user=user, reason="登记职业卫生年度情况")


@transaction.atomic
def occupational_profile_update(*, user, profile: OccupationalProfile, **values):
    _unknown(values, PROFILE_FIELDS)
    profile = OccupationalProfile.objects.select_for_update().get(pk=profile.pk)
    _apply(profile, PROFILE_FIELDS, values)
    most = max(profile.exposures.values_list("exposed", flat=True), default=0)
    if profile.exposed_total is not None and most > profile.exposed_total:
        raise ValidationError(
            {"exposed_total": f"已登记接触某一危害因素 {most} 人，接害人数不能少于此数。"}
        )
    return _save(profile, user=user, reason="修改职业卫生年度情况")


@transaction.atomic
def hazard_exposure_set(
    *, user, profile: OccupationalProfile, factor: HazardFactor, exposed: int
) -> HazardExposure:
    """The workers exposed to ``factor`` in the profile's year (set again: the new count)."""
    profile = OccupationalProfile.objects.select_for_update().get(pk=profile.pk)
    exposure = HazardExposure.objects.filter(profile=profile, factor=factor).first()
    if exposure is None:
        if not factor.is_active:
            raise ValidationError({"factor": f"“{factor.name}”已停用。"})
        exposure = HazardExposure(profile=profile, factor=factor)
    elif exposure.exposed == exposed:
        return exposure
    exposure.exposed = exposed
    return _save(exposure, user=user, reason=f"登记接触{factor.name}")


@transaction.atomic
def hazard_exposure_remove(*, user, exposure: HazardExposure) -> None:
    exposure = HazardExposure.objects.select_for_update().get(pk=exposure.pk)
    exposure._history_user = user
    exposure._change_reason = "删除接触危害因素"
    exposure.delete()


# ---------------------------------------------------------------- surveillance


@transaction.atomic
def health_surveillance_record(
    *, user, establishment: Establishment, year: int, stage: str, **values
) -> HealthSurveillance:
    """职业健康检查 of ``stage`` in ``year``: 应检, 实检, 复查, 疑似职业病, 职业禁忌证."""
    _unknown(values, SURVEILLANCE_FIELDS)
    establishment = _employer(establishment)
    there = HealthSurveillance.objects.filter(
        establishment=establishment, year=year, stage=stage
    ).first()
    if there is not None:
        if _same(there, SURVEILLANCE_FIELDS, values):
            return there
        raise ValidationError(
            {"stage": f"本单位{year}年度{there.get_stage_display()}体检已登记，请修改该记录。"}
        )
    record = HealthSurveillance(
        establishment=establishment, year=year, stage=stage, recorded_by=user, **values
    )
    return _save(record, user=user, reason="登记职业健康检查")


@transaction.atomic
def health_surveillance_update(*, user, surveillance: HealthSurveillance, **values):
    _unknown(values, SURVEILLANCE_FIELDS)
    record = HealthSurveillance.objects.select_for_update().get(pk=surveillance.pk)
    _apply(record, SURVEILLANCE_FIELDS, values)
    return _save(record, user=user, reason="修改职业健康检查")


# ---------------------------------------------------------------- disease cases


@transaction.atomic
def occupational_case_record(
    *, user, establishment: Establishment, **values
) -> OccupationalDiseaseCase:
    """A worker diagnosed with an occupational disease (the same case twice: one row)."""
    _unknown(values, CASE_FIELDS)
    establishment = _employer(establishment)
    there = OccupationalDiseaseCase.objects.filter(
        establishment=establishment,
        worker_name=values.get("worker_name", "").strip(),
        disease=values.get("disease", "").strip(),
        diagnosed_on=values.get("diagnosed_on"),
    ).first()
    if there is not None:
        if _same(there, CASE_FIELDS, values):
            return there
        raise ValidationError({"worker_name": "该劳动者此职业病诊断已登记，请修改该记录。"})
    case = OccupationalDiseaseCase(establishment=establishment, recorded_by=user, **values)
    return _save(case, user=user, reason="登记职业病病例")


@transaction.atomic
def occupational_case_update(*, user, case: OccupationalDiseaseCase, **values):
    _unknown(values, CASE_FIELDS)
    record = OccupationalDiseaseCase.objects.select_for_update().get(pk=case.pk)
    _apply(record, CASE_FIELDS, values)
    return _save(record, user=user, reason="修改职业病病例")


# ---------------------------------------------------------------- construction projects


@transaction.atomic
def construction_project_record(
    *, user, establishment: Establishment, **values
) -> ConstructionProject:
    """A construction project and where its "三同时" stages stand."""
    _unknown(values, PROJECT_FIELDS)
    establishment = _employer(establishment)
    there = ConstructionProject.objects.filter(
        establishment=establishment,
        name=values.get("name", "").strip(),
        approved_on=values.get("approved_on"),
    ).first()
    if there is not None:
        if _same(there, PROJECT_FIELDS, values):
            return there
        raise ValidationError({"name": "该建设项目已登记，请修改该记录。"})
    project = ConstructionProject(establishment=establishment, recorded_by=user, **values)
    return _save(project, user=user, reason="登记建设项目")


@transaction.atomic
def construction_project_update(*, user, project: ConstructionProject, **values):
    _unknown(values, PROJECT_FIELDS)
    record = ConstructionProject.objects.select_for_update().get(pk=project.pk)
    _apply(record, PROJECT_FIELDS, values)
    return _save(record, user=user, reason="修改建设项目")
