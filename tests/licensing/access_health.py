"""Who may open each health-certificate and training URL (walked by
tests/test_url_permissions.py)."""

import datetime

from tests.roles import ALL, REGISTRARS

# name → (method, roles with access, status for them)
ACCESS = {
    "licensing:certificate_list": ("get", ALL, 200),
    "licensing:certificate_detail": ("get", ALL, 200),
    "licensing:certificate_add": ("get", REGISTRARS, 200),
    "licensing:certificate_import": ("get", REGISTRARS, 200),
    "licensing:certificate_import_template": ("get", REGISTRARS, 200),
    "licensing:certificate_missing": ("get", ALL, 200),
    "licensing:training_list": ("get", ALL, 200),
    "licensing:training_add": ("get", REGISTRARS, 200),
    "licensing:training_detail": ("get", ALL, 200),
    "licensing:attendance_add": ("get", REGISTRARS, 200),
    "licensing:attendance_import": ("get", REGISTRARS, 200),
    "licensing:attendance_import_template": ("get", REGISTRARS, 200),
    "health-certificate-list": ("get", ALL, 200),
    "health-certificate-detail": ("get", ALL, 200),
    "training-list": ("get", ALL, 200),
    "training-detail": ("get", ALL, 200),
    "training-attendance": ("post", REGISTRARS, 400),  # empty body: a field error, not 403
}
SEGMENTS = {
    "certificates": "healthcertificate",
    "health-certificates": "healthcertificate",
    "trainings": "trainingsession",
}
ADMIN_RULES = [
    (r"^admin:licensing_healthrule_delete$", 403),  # the rule in force is edited, not removed
]


def make_objects(objects):
    from licensing.health import services
    from licensing.models import HealthRule
    from premises.models import Practitioner
    from tests.factories import UserFactory

    for rule in HealthRule.objects.all():
        rule.save()  # rows loaded by a migration have no history entry yet
    user = UserFactory(username="walk_health")
    practitioner = Practitioner.objects.get(pk=objects["practitioner"])
    certificate = services.certificate_record(
        user=user,
        practitioner=practitioner,
        exam_date=datetime.date(2025, 3, 1),
        institution="县疾病预防控制中心",
        result="passed",
    )
    session = services.training_create(
        user=user,
        date=datetime.date(2025, 7, 4),
        place="县会议中心",
        topic="公共场所卫生知识培训",
        organiser="县卫生监督所",
    )
    services.training_add_attendance(session=session, user=user, practitioners=[practitioner])
    return {
        "healthcertificate": certificate.pk,
        "trainingsession": session.pk,
        "healthrule": HealthRule.objects.get(code="default").pk,
    }
