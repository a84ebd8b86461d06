"""The demo county's medical register (manage.py seed_demo): licences, staff and
infection-control findings of the demo hospitals, health centres and clinics."""

import datetime
import random

from django.utils import timezone

from core.dates import add_years
from premises import services
from premises.choices import Sex
from premises.models import Establishment, Post

# 诊疗科目 (codes of the catalogue shipped by premises 0012) by kind of medical unit.
MEDICAL_SUBJECTS = {
    "md.institution.hospital": ("03", "04", "05", "32.01"),
    "md.institution.township": ("01", "02", "03", "50"),
    "md.institution.clinic": ("03",),
}
# The scope a doctor needs for each 科目 (premises 0012's 执业范围).
SUBJECT_SCOPE = {
    "01": "clinical-prevention",
    "02": "clinical-general",
    "03": "clinical-internal",
    "04": "clinical-surgery",
    "05": "clinical-obstetrics",
    "32.01": "clinical-imaging",
    "50": "tcm-tcm",
    "12": "dental-dental",
}


def medical_demo(seed: int, user, *, county_code: str, person) -> None:
    """The demo medical units' 执业许可证 (with 诊疗科目), their doctors and a nurse (one clinic
    employs a person without a certificate) and this year's infection-control findings (one
    waste contract expired, one clinic without a triage point). Deterministic by seed.
    ``person(rng)`` gives a new person's name and ID number (seed_demo's generators)."""
    from premises.models import ClinicalSubject, PracticeScope
    from premises.services import medical

    rng = random.Random(seed + 18)
    subjects = {s.code: s for s in ClinicalSubject.objects.all()}
    scopes = {s.code: s for s in PracticeScope.objects.all()}
    units = (
        Establishment.objects.filter(category__code__in=MEDICAL_SUBJECTS)
        .exclude(status="closed")
        .select_related("category")
        .order_by("pk")
    )
    today = timezone.localdate()
    clinics = 0
    for index, unit in enumerate(units):
        codes = MEDICAL_SUBJECTS[unit.category.code]
        if unit.category.code == "md.institution.clinic":
            clinics += 1
            codes = (("03",), ("12",), ("50",))[clinics % 3]
        hospital = unit.category.code == "md.institution.hospital"
        start = max(unit.opened_on, today - datetime.timedelta(days=rng.randint(200, 1400)))
        medical.medical_licence_register(
            user=user,
            establishment=unit,
            subjects=[subjects[c] for c in codes],
            registration_number=f"PDY{county_code}{index + 1:04d}",
            beds={"md.institution.hospital": 150, "md.institution.township": 30}.get(
                unit.category.code, 0
            ),
            valid_from=start,
            # 15 years for 100 beds and more, else 5 (capped by the input rule's ten years ahead)
            valid_until=min(
                add_years(start, 15 if hospital else 5),
                datetime.date(today.year + 9, 12, 31),
            ),
            legal_representative=unit.legal_representative,
            principal=unit.legal_representative,
            verified_on=_verified(start, today, overdue=index % 5 == 1),
            issued_by="县卫生健康委员会",
        )
        people = list(unit.practitioners.filter(left_on__isnull=True).order_by("pk"))
        # one doctor per 科目 (more practitioners are needed for the hospitals' 科目)
        while len(people) < len(codes) + 1:
            name, id_number = person(rng)
            people.append(
                services.practitioner_create(
                    user=user,
                    establishment=unit,
                    name=name,
                    sex=rng.choice(Sex.values),
                    post=Post.objects.get(name="医师"),
                    id_number=id_number,
                    hired_on=max(unit.opened_on, datetime.date(2021, 1, 1)),
                )
            )
        for n, member in enumerate(people):
            if n < len(codes):
                scope = scopes[SUBJECT_SCOPE[codes[n]]]
                kind, number = scope.practice_type, f"1{rng.randint(10**13, 10**14 - 1)}"
            elif clinics == 2 and n == len(people) - 1 and not hospital:
                scope, kind, number = None, "none", ""  # 非卫生技术人员 (seed 000)
            elif n == len(codes):
                scope, kind, number = (
                    scopes["nurse"],
                    "nurse",
                    f"2{rng.randint(10**10, 10**11 - 1)}",
                )
            else:
                continue  # 收费员, 保洁员: not medical staff
            medical.medical_staff_register(
                user=user,
                practitioner=member,
                practice_type=kind,
                scope=scope,
                certificate_number=number,
                started_on=member.hired_on,
            )
        checked = today - datetime.timedelta(days=rng.randint(20, 200))
        township = unit.category.code == "md.institution.township"
        medical.infection_control_record(
            user=user,
            establishment=unit,
            checked_on=max(checked, unit.opened_on),
            triage="no" if clinics == 3 and not hospital and not township else "yes",
            fever_clinic="yes" if hospital else "not_required",
            disinfection_records=True,
            disinfection_monitoring=index % 5 != 2,
            waste_storage="yes" if index % 6 != 3 else "deficient",
            waste_disposer="宜春市医疗废物集中处置中心",
            waste_disposer_licence="JX3609000012",
            waste_contract_until=(
                today - datetime.timedelta(days=45)
                if index == 1
                else datetime.date(today.year + 1, 12, 31)
            ),
            waste_handover_kept=True,
            waste_manifest_kept=True,
            vaccination_site=township,
            vaccination_designation=f"奉卫疾控〔2024〕{index + 1}号" if township else "",
            vaccination_valid_until=datetime.date(today.year + 2, 12, 31) if township else None,
            vaccinators=3 if township else None,
            vaccinators_trained=(2 if index % 3 == 0 else 3) if township else None,
        )


def _verified(start: datetime.date, today: datetime.date, *, overdue: bool):
    """The last 校验: the latest anniversary of the licence (a year before it for a unit
    overdue), none while the first year runs."""
    day = add_years(start, today.year - start.year)
    if day > today:
        day = add_years(start, today.year - start.year - 1)
    if overdue:
        day = add_years(day, -1)
    return day if day > start else None
