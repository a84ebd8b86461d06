"""A school's particulars (premises/models/schools.py). A school recorded with its own well
is registered under the drinking-water domain as well (学校自备井, a premises.Supervision)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from premises.models import Category, Establishment, SchoolProfile
from premises.models.schools import SCHOOL_WELL
from premises.services.registry import _save
from premises.services.supervisions import supervision_add


def _well_supervision(*, user, unit, year):
    """The 学校自备井 supervision of a school with its own well, added when missing."""
    well = Category.objects.get(code=SCHOOL_WELL)
    if unit.category_id == well.pk:
        return None
    if unit.supervisions.filter(domain_id=well.domain_id, ended_on__isnull=True).exists():
        return None
    if unit.category.domain_id == well.domain_id:
        return None
    started = max(
        unit.opened_on,
        min(timezone.localdate(), timezone.localdate().replace(year=year, month=9, day=1)),
    )
    return supervision_add(
        user=user,
        establishment=unit,
        category=well,
        started_on=started,
        notes="学校基本情况登记有自备井",
    )


@transaction.atomic
def school_profile_record(
    *,
    user,
    establishment,
    year: int,
    students: int,
    classes: int | None = None,
    boarding: bool = False,
    boarders: int = 0,
    school_doctors: int = 0,
    health_teachers: int = 0,
    own_well: bool = False,
    notes: str = "",
) -> SchoolProfile:
    """A school's particulars for a school year. Idempotent by the year; a school with its own
    well is supervised under 生活饮用水 (学校自备井) from then on."""
    unit = Establishment.objects.select_for_update().get(pk=establishment.pk)
    fields = {
        "students": students,
        "classes": classes,
        "boarding": boarding,
        "boarders": boarders or 0,
        "school_doctors": school_doctors or 0,
        "health_teachers": health_teachers or 0,
        "own_well": own_well,
        "notes": notes.strip(),
    }
    found = unit.school_profiles.filter(year=year).first()
    if found is not None:
        if all(getattr(found, k) == v for k, v in fields.items()):
            return found
        raise ValidationError({"year": f"该学校 {year} 学年的基本情况已登记，请修改原记录。"})
    profile = SchoolProfile(establishment=unit, year=year, recorded_by=user, **fields)
    profile = _save(profile, user=user, reason="登记学校卫生基本情况")
    if own_well:
        _well_supervision(user=user, unit=unit, year=year)
    return profile


@transaction.atomic
def school_profile_update(*, user, profile: SchoolProfile, **fields) -> SchoolProfile:
    profile = SchoolProfile.objects.select_for_update().get(pk=profile.pk)
    for name, value in fields.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile = _save(profile, user=user, reason="修改学校卫生基本情况")
    if profile.own_well:
        _well_supervision(user=user, unit=profile.establishment, year=profile.year)
    return profile
