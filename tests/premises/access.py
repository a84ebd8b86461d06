"""Who may open each registry URL (walked by tests/test_url_permissions.py)."""

from tests.roles import ALL, FIELD, REGISTRARS

# The radiation register: kept by the clerk and by the inspector on site (premises 0009).
RADIATION_WRITERS = FIELD | REGISTRARS

# The occupational-health register: kept by the inspector on site and the clerk.
OCCUPATIONAL_WRITERS = FIELD | REGISTRARS

# The medical register (premises 0012): the clerk enters the licence from the health
# commission's register; staff and infection control also by the inspector on site.
MEDICAL_WRITERS = FIELD | REGISTRARS

# The drinking-water and school registers: kept by the inspector on site and the clerk.
WATER_WRITERS = FIELD | REGISTRARS

# name → (method, roles with access, status for them)
ACCESS = {
    # the drinking-water register (生活饮用水) and schools' particulars (学校卫生)
    "premises:supplier_list": ("get", ALL, 200),
    "premises:supply_particulars_add": ("get", WATER_WRITERS, 200),
    "premises:water_tank_list": ("get", ALL, 200),
    "premises:water_tank_add": ("get", WATER_WRITERS, 200),
    "premises:water_tank_clean": ("get", WATER_WRITERS, 200),
    "premises:water_product_list": ("get", ALL, 200),
    "premises:water_product_add": ("get", WATER_WRITERS, 200),
    "premises:product_sale_add": ("get", WATER_WRITERS, 200),
    "premises:product_sampling_add": ("get", WATER_WRITERS, 200),
    "premises:product_sampling_conclude": ("get", WATER_WRITERS, 200),
    "premises:school_profile_list": ("get", ALL, 200),
    "premises:school_profile_add": ("get", WATER_WRITERS, 200),
    "premises:school_profile_edit": ("get", WATER_WRITERS, 200),
    "supplyparticulars-list": ("get", ALL, 200),
    "supplyparticulars-detail": ("get", ALL, 200),
    "watertank-list": ("get", ALL, 200),
    "watertank-detail": ("get", ALL, 200),
    "waterproduct-list": ("get", ALL, 200),
    "waterproduct-detail": ("get", ALL, 200),
    "schoolprofile-list": ("get", ALL, 200),
    "schoolprofile-detail": ("get", ALL, 200),
    "home": ("get", ALL, 200),
    "premises:establishment_list": ("get", ALL, 200),
    "premises:establishment_detail": ("get", ALL, 200),
    # A person's full ID number (自然人) on request; the walk's unit has none: back to its page.
    "premises:establishment_reveal": ("post", REGISTRARS, 302),
    "premises:establishment_add": ("get", REGISTRARS, 200),
    "premises:establishment_edit": ("get", REGISTRARS, 200),
    "premises:establishment_status": ("post", REGISTRARS, 302),
    "premises:establishment_import": ("get", REGISTRARS, 200),
    "premises:establishment_import_template": ("get", REGISTRARS, 200),
    "premises:supervision_add": ("get", REGISTRARS, 200),
    "premises:supervision_end": ("get", REGISTRARS, 200),
    "premises:supervision_remove": ("get", REGISTRARS, 200),
    "premises:practitioner_list": ("get", ALL, 200),
    "premises:practitioner_detail": ("get", ALL, 200),
    # The full ID number on request: those who may see full ID numbers (each view logged).
    "premises:practitioner_reveal": ("post", REGISTRARS, 200),
    "premises:practitioner_add": ("get", REGISTRARS, 200),
    "premises:practitioner_edit": ("get", REGISTRARS, 200),
    "premises:practitioner_import": ("get", REGISTRARS, 200),
    "premises:practitioner_import_template": ("get", REGISTRARS, 200),
    "api_schema": ("get", ALL, 200),
    "api_docs": ("get", ALL, 200),
    "domain-list": ("get", ALL, 200),
    "domain-detail": ("get", ALL, 200),
    "category-list": ("get", ALL, 200),
    "category-detail": ("get", ALL, 200),
    "township-list": ("get", ALL, 200),
    "township-detail": ("get", ALL, 200),
    "establishment-list": ("get", ALL, 200),
    "establishment-detail": ("get", ALL, 200),
    "establishment-status": ("post", REGISTRARS, 400),  # empty body: a field error, not 403
    "establishment-supervisions": ("post", REGISTRARS, 400),
    "practitioner-list": ("get", ALL, 200),
    "practitioner-detail": ("get", ALL, 200),
    # the radiation-health register (放射卫生)
    "premises:radiation_device_list": ("get", ALL, 200),
    "premises:radiation_device_add": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_device_retire": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_worker_list": ("get", ALL, 200),
    "premises:radiation_worker_add": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_worker_detail": ("get", ALL, 200),
    "premises:radiation_worker_reveal": ("post", REGISTRARS, 200),  # who may see full numbers
    "premises:radiation_worker_edit": ("get", RADIATION_WRITERS, 200),
    "premises:dose_reading_add": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_exam_add": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_project_list": ("get", ALL, 200),
    "premises:radiation_project_add": ("get", RADIATION_WRITERS, 200),
    "premises:radiation_project_edit": ("get", RADIATION_WRITERS, 200),
    "radiationdevice-list": ("get", ALL, 200),
    "radiationdevice-detail": ("get", ALL, 200),
    "radiationworker-list": ("get", ALL, 200),
    "radiationworker-detail": ("get", ALL, 200),
    "dosereading-list": ("get", ALL, 200),
    "dosereading-detail": ("get", ALL, 200),
    "radiationexam-list": ("get", ALL, 200),
    "radiationexam-detail": ("get", ALL, 200),
    "radiationproject-list": ("get", ALL, 200),
    "radiationproject-detail": ("get", ALL, 200),
    # the medical register (医疗卫生)
    "premises:medical_licence_list": ("get", ALL, 200),
    "premises:medical_licence_add": ("get", REGISTRARS, 200),
    "premises:medical_staff_list": ("get", ALL, 200),
    "premises:medical_staff_add": ("get", MEDICAL_WRITERS, 200),
    "premises:medical_staff_edit": ("get", MEDICAL_WRITERS, 200),
    "premises:infection_control_list": ("get", ALL, 200),
    "premises:infection_control_add": ("get", MEDICAL_WRITERS, 200),
    "clinicalsubject-list": ("get", ALL, 200),
    "clinicalsubject-detail": ("get", ALL, 200),
    "practicescope-list": ("get", ALL, 200),
    "practicescope-detail": ("get", ALL, 200),
    "medicallicence-list": ("get", ALL, 200),
    "medicallicence-detail": ("get", ALL, 200),
    "medicalstaff-list": ("get", ALL, 200),
    "medicalstaff-detail": ("get", ALL, 200),
    "infectioncontrol-list": ("get", ALL, 200),
    "infectioncontrol-detail": ("get", ALL, 200),
    # the occupational-health register (职业卫生): kept by the inspector on site and the clerk
    "premises:occupational_profile_list": ("get", ALL, 200),
    "premises:occupational_profile_add": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:occupational_profile_edit": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:hazard_exposure_add": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:hazard_exposure_remove": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:health_surveillance_list": ("get", ALL, 200),
    "premises:health_surveillance_add": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:health_surveillance_edit": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:occupational_case_list": ("get", ALL, 200),
    "premises:occupational_case_add": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:occupational_case_edit": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:construction_project_list": ("get", ALL, 200),
    "premises:construction_project_add": ("get", OCCUPATIONAL_WRITERS, 200),
    "premises:construction_project_edit": ("get", OCCUPATIONAL_WRITERS, 200),
    "hazardfactor-list": ("get", ALL, 200),
    "hazardfactor-detail": ("get", ALL, 200),
    "occupationalprofile-list": ("get", ALL, 200),
    "occupationalprofile-detail": ("get", ALL, 200),
    "occupationalprofile-hazards": ("post", OCCUPATIONAL_WRITERS, 400),  # empty body
    "healthsurveillance-list": ("get", ALL, 200),
    "healthsurveillance-detail": ("get", ALL, 200),
    "occupationaldiseasecase-list": ("get", ALL, 200),
    "occupationaldiseasecase-detail": ("get", ALL, 200),
    "constructionproject-list": ("get", ALL, 200),
    "constructionproject-detail": ("get", ALL, 200),
}

SEGMENTS = {
    "tanks": "watertank",
    "samplings": "productsampling",
    "schools": "schoolprofile",
    "supply-particulars": "supplyparticulars",
    "water-tanks": "watertank",
    "water-products": "waterproduct",
    "school-profiles": "schoolprofile",
    "devices": "radiationdevice",
    "workers": "radiationworker",
    "projects": "radiationproject",
    "radiation-devices": "radiationdevice",
    "radiation-workers": "radiationworker",
    "dose-readings": "dosereading",
    "radiation-exams": "radiationexam",
    "radiation-projects": "radiationproject",
    "supervisions": "supervision",  # a unit's further domain (end, remove)
    # the occupational-health register
    "occupational-profiles": "occupationalprofile",
    "hazard-exposures": "hazardexposure",
    "health-surveillance": "healthsurveillance",
    "occupational-cases": "occupationaldiseasecase",
    "construction-projects": "constructionproject",
    "hazard-factors": "hazardfactor",
    # the medical register
    "staff": "medicalstaff",
    "medical-staff": "medicalstaff",
    "medical-licences": "medicallicence",
    "infection-controls": "infectioncontrol",
    "clinical-subjects": "clinicalsubject",
    "practice-scopes": "practicescope",
}


def make_objects(objects) -> dict:
    """A further domain of the walk's unit (the pages that end or remove one open it)."""
    import datetime

    from premises.models import Category, Establishment
    from premises.services import supervision_add
    from tests.factories import UserFactory

    unit = Establishment.objects.get(pk=objects["establishment"])
    other = Category.objects.kinds().exclude(domain=unit.category.domain).first()
    supervision = supervision_add(
        user=UserFactory(),
        establishment=unit,
        category=other,
        started_on=max(unit.opened_on, datetime.date(2024, 1, 1)),
    )
    return {
        "supervision": supervision.pk,
        **_occupational_objects(unit),
        **_radiation_objects(unit),
        **_water_objects(unit),
        **_medical_objects(unit),
    }


def _medical_objects(unit) -> dict:
    """The walk's unit as a medical unit (医疗卫生 as a further domain unless its main one)
    with a licence, a staff member and an infection-control record."""
    import datetime

    from premises.models import ClinicalSubject, Domain, PracticeScope
    from premises.services import medical, practitioner_create, supervision_add
    from tests.factories import UserFactory, kind, post_named, valid_id_number

    user, day = UserFactory(), max(unit.opened_on, datetime.date(2024, 1, 1))
    if unit.kind_in(Domain.objects.get(code="medical")) is None:
        supervision_add(
            user=user, establishment=unit, category=kind("md.institution.clinic"), started_on=day
        )
    internal = ClinicalSubject.objects.get(code="03")
    licence = medical.medical_licence_register(
        user=user,
        establishment=unit,
        subjects=[internal],
        registration_number="PDY00001-0",
        valid_from=day,
        valid_until=day.replace(year=day.year + 5),
        principal="负责人甲",
    )
    person = practitioner_create(
        user=user,
        establishment=unit,
        name="医师甲",
        sex="M",
        post=post_named("医师"),
        id_number=valid_id_number(951, birth=datetime.date(1961, 2, 3)),  # apart from the factories
        hired_on=day,
    )
    scope = PracticeScope.objects.get(code="clinical-internal")
    staff = medical.medical_staff_register(
        user=user,
        practitioner=person,
        practice_type="clinical",
        scope=scope,
        certificate_number="110000000000001",
        started_on=day,
    )
    control = medical.infection_control_record(
        user=user, establishment=unit, checked_on=day, triage="yes", waste_storage="yes"
    )
    internal.save()  # rows loaded by a migration have no history entry yet
    scope.save()
    return {
        "medicallicence": licence.pk,
        "medicalstaff": staff.pk,
        "infectioncontrol": control.pk,
        "clinicalsubject": internal.pk,
        "practicescope": scope.pk,
    }


def _radiation_objects(unit) -> dict:
    """A device, a worker with a dose reading and an exam, and a project of the walk's unit."""
    import datetime

    from premises.models import DoseLimit
    from premises.services import radiation
    from tests.factories import UserFactory, valid_id_number

    user, day = UserFactory(), datetime.date(2024, 3, 1)
    device = radiation.radiation_device_register(
        user=user,
        establishment=unit,
        device_type="dr",
        practice_category="xray",
        serial_number="W1",
    )
    worker = radiation.radiation_worker_register(
        user=user,
        establishment=unit,
        name="放射甲",
        id_number=valid_id_number(901, birth=datetime.date(1962, 3, 4)),  # apart from the factories
        practice_category="xray",
        started_on=day,
    )
    reading = radiation.dose_reading_record(
        user=user,
        worker=worker,
        period_start=day,
        period_end=datetime.date(2024, 5, 31),
        dose_msv="0.1",
    )
    exam = radiation.radiation_exam_record(
        user=user, worker=worker, kind="pre", examined_on=day, conclusion="fit"
    )
    project = radiation.radiation_project_register(
        user=user, establishment=unit, name="DR机房", kind="new", practice_category="xray"
    )
    limit = DoseLimit.objects.first()
    limit.save()  # rows loaded by a migration have no history entry yet
    return {
        "doselimit": limit.pk,
        "radiationdevice": device.pk,
        "radiationworker": worker.pk,
        "dosereading": reading.pk,
        "radiationexam": exam.pk,
        "radiationproject": project.pk,
    }


def _occupational_objects(unit) -> dict:
    """The walk's unit as an employer (职业卫生 as a further domain) with a year's profile and
    a hazard, surveillance, a case and a construction project."""
    import datetime

    from premises.models import Domain, HazardFactor
    from premises.services import (
        construction_project_record,
        hazard_exposure_set,
        health_surveillance_record,
        occupational_case_record,
        occupational_profile_record,
        supervision_add,
    )
    from tests.factories import UserFactory, kind

    user, day = UserFactory(), datetime.date(2024, 3, 1)
    if unit.kind_in(Domain.objects.get(code="occupational")) is None:
        supervision_add(
            user=user,
            establishment=unit,
            category=kind("oc.employer.hazard"),
            started_on=max(unit.opened_on, datetime.date(2024, 1, 1)),
        )
    profile = occupational_profile_record(
        user=user, establishment=unit, year=2024, workers_total=20, exposed_total=5
    )
    exposure = hazard_exposure_set(
        user=user, profile=profile, factor=HazardFactor.objects.get(code="PH001"), exposed=5
    )
    surveillance = health_surveillance_record(
        user=user, establishment=unit, year=2024, stage="on_duty", due=5, examined=5
    )
    case = occupational_case_record(
        user=user,
        establishment=unit,
        worker_name="职工甲",
        disease_class="physical",
        disease="职业性噪声聋",
        diagnosed_on=day,
    )
    project = construction_project_record(
        user=user, establishment=unit, name="扩建车间", approved_on=day
    )
    return {
        "occupationalprofile": profile.pk,
        "hazardexposure": exposure.pk,
        "healthsurveillance": surveillance.pk,
        "occupationaldiseasecase": case.pk,
        "constructionproject": project.pk,
        "hazardfactor": exposure.factor_id,
    }


def _water_objects(unit) -> dict:
    """A tank, a product sold and sampled, and a school profile of the walk's unit."""
    import datetime

    from premises.models import TankCleaningRule
    from premises.services import school_profile_record, water
    from tests.factories import UserFactory

    user, day = UserFactory(), datetime.date(2024, 3, 1)
    tank = water.water_tank_register(user=user, establishment=unit, name="屋顶水箱", volume_m3=10)
    product = water.water_product_register(user=user, name="净水器", kind="purifier", maker="某厂")
    water.product_sale_add(user=user, establishment=unit, product=product, since=day)
    sampling = water.product_sampling_record(
        user=user, product=product, establishment=unit, sampled_on=day, lab="省疾控"
    )
    profile = school_profile_record(user=user, establishment=unit, year=2024, students=100)
    particulars = water.supply_particulars_record(
        user=user,
        establishment=unit,
        recorded_on=day,
        source="ground",
        daily_tons=50,
        population=400,
        disinfection="hypochlorite",
    )
    rule = TankCleaningRule.objects.first()
    rule.save()  # a row loaded by a migration has no history entry yet
    return {
        "tankcleaningrule": rule.pk,
        "supplyparticulars": particulars.pk,
        "waterproduct": product.pk,
        "watertank": tank.pk,
        "productsampling": sampling.pk,
        "schoolprofile": profile.pk,
    }
