"""Who may open each licensing URL (walked by tests/test_url_permissions.py)."""

import datetime

from tests.roles import ADMIN, ALL, PLANNERS, REGISTRARS

# name → (method, roles with access, status for them)
ACCESS = {
    "licensing:permit_home": ("get", ALL, 200),
    "licensing:application_list": ("get", ALL, 200),
    "licensing:application_add": ("get", REGISTRARS, 200),
    "licensing:application_detail": ("get", ALL, 200),
    # Steps are POST-only; an empty body is a form error (400), not a refusal.
    "licensing:application_review": ("post", REGISTRARS, 400),
    # The decision is the 负责人's (manager); the clerk receives, reviews and issues.
    "licensing:application_decide": ("post", PLANNERS, 400),
    "licensing:application_accept": ("post", REGISTRARS, 400),
    "licensing:application_not_accept": ("post", REGISTRARS, 400),
    "licensing:application_withdraw": ("post", REGISTRARS, 400),
    "licensing:application_issue": ("post", REGISTRARS, 400),
    # The old decision address redirects to the numbered 决定书 (document_pdf).
    "licensing:decision_pdf": ("get", ALL, 302),
    "licensing:document_pdf": ("get", ALL, 200),
    "licensing:permit_list": ("get", ALL, 200),
    "licensing:permit_expiring": ("get", ALL, 200),
    "licensing:unlicensed_list": ("get", ALL, 200),
    "licensing:permit_register": ("get", REGISTRARS, 200),
    "licensing:permit_import": ("get", REGISTRARS, 200),
    "licensing:permit_import_template": ("get", REGISTRARS, 200),
    "licensing:permit_detail": ("get", ALL, 200),
    "licensing:permit_cancel": ("post", REGISTRARS, 400),
    "licensing:permit_pdf": ("get", ALL, 200),
    # 告知承诺制: the checks' list and a check's page (every role records checks: clerk,
    # inspector, manager); revocation (撤销) is the 负责人's (manager).
    "licensing:post_check_list": ("get", ALL, 200),
    "licensing:post_check_record": ("get", ALL, 200),
    "licensing:permit_revoke": ("get", PLANNERS, 200),
    # 复核: the list for every role; a review recorded by the clerk, an inspector or the
    # administrator (the walk's permit, issued in 2024, is due for its review).
    "licensing:review_list": ("get", ALL, 200),
    "licensing:permit_review": ("get", {"clerk", "inspector", "administrator"}, 200),
    "licensing:consultation_list": ("get", ALL, 200),
    "licensing:consultation_add": ("get", REGISTRARS, 200),
    # Permits and applications change only through the window's services.
    "admin:licensing_permit_add": ("get", ADMIN, 403),
    "admin:licensing_permit_delete": ("get", ADMIN, 403),
    "admin:licensing_application_add": ("get", ADMIN, 403),
    "admin:licensing_application_delete": ("get", ADMIN, 403),
    "admin:licensing_consultation_delete": ("get", ADMIN, 403),  # a log is kept
}
SEGMENTS = {
    "applications": "application",
    "permits": "permit",
    "documents": "licensingdocument",
}
ADMIN_RULES = [
    (r"^admin:licensing_permittype_delete$", 403),  # types are referenced by permits
]


def make_objects(objects):
    from core.models import CalendarDay
    from licensing.choices import LicensingDocumentKind
    from licensing.models import Consultation, PermitType
    from licensing.services.documents import licensing_document_issue
    from premises.models import Establishment
    from tests.factories import UserFactory
    from tests.licensing.factories import issued_permit

    for permit_type in PermitType.objects.all():
        permit_type.save()  # rows loaded by a migration have no history entry yet
    day, _ = CalendarDay.objects.get_or_create(  # shipped (core.services.calendar)
        date=datetime.date(2026, 10, 1), defaults={"is_workday": False, "name": "国庆节"}
    )
    clerk = UserFactory(username="walk_clerk")
    permit = issued_permit(
        clerk=clerk, establishment=Establishment.objects.get(pk=objects["establishment"])
    )
    grant = licensing_document_issue(
        kind=LicensingDocumentKind.GRANT,
        user=clerk,
        issued_on=permit.application.decided_on,
        application=permit.application,
    )
    consultation = Consultation.objects.create(
        consulted_on=datetime.date(2024, 3, 1), topic="办证材料", answered_by=clerk
    )
    from django.utils import timezone

    from licensing.services.reviews import permit_review_record

    review = permit_review_record(  # 复核 (the API's permit-reviews/<id>/)
        user=clerk,
        permit=permit,
        reviewed_on=timezone.localdate(),
        reviewed_by=UserFactory(username="walk_reviewer", role="inspector"),
        result="passed",
    )
    return {
        "permitreview": review.pk,
        # The calendar's admin pages open the local day of tests/core/access.py (an
        # official day such as this one refuses deletion).
        "permit": permit.pk,
        "application": permit.application_id,
        "consultation": consultation.pk,
        "licensingdocument": grant.pk,
    }
