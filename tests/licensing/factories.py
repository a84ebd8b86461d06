"""Builders for the permit window's tests: they go through the services, as the pages do:
the clerk receives and reviews (with the on-site check the type asks for), the office's
负责人 (the manager persona) decides, the clerk issues."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections import services as inspection_services
from inspections.choices import InspectionKind, InspectionResult
from licensing import services
from licensing.models import PermitType
from tests.factories import EstablishmentFactory, UserFactory


def public_place():
    return PermitType.objects.get(code="public_place")


def decider():
    """The office's 负责人: the manager persona, holding the decision permission (the same
    account as the ``manager`` fixture; made once, its password never reset, so a client
    signed in as it stays signed in)."""
    from tests.conftest import make_persona

    existing = get_user_model().objects.filter(username="persona_manager").first()
    return existing or make_persona("manager")


def site_check(unit, day, *, user=None):
    """The on-site check (现场审查) of ``unit`` on ``day``, by two inspectors."""
    team = [UserFactory(role="inspector") for _ in range(2)]
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    moment = min(moment, timezone.now() - datetime.timedelta(minutes=1))
    return inspection_services.inspection_record(
        user=user or team[0],
        establishment=unit,
        inspected_at=moment,
        inspectors=team,
        kind=InspectionKind.ROUTINE,
        person_present="负责人",
        result=InspectionResult.COMPLIANT,
    )


def reviewed(application, *, clerk, day=None):
    """Reviewed by ``clerk`` on ``day``, with an on-site check when the type asks for one."""
    day = day or application.received_on
    on_site = application.permit_type.review_on_site
    return services.application_review(
        application=application,
        user=clerk,
        note="材料齐全，现场符合要求。" if on_site else "材料齐全。",
        inspection=site_check(application.establishment, day) if on_site else None,
        reviewed_on=day,
    )


def approved(application, *, clerk, day=None):
    """``application`` reviewed by ``clerk`` and approved by the 负责人 on ``day``."""
    day = day or application.received_on
    application = reviewed(application, clerk=clerk, day=day)
    return services.application_decide(
        application=application, user=decider(), approve=True, decided_on=day
    )


def issued_permit(
    *, clerk, establishment=None, received_on=datetime.date(2024, 3, 1), issued_on=None
):
    unit = establishment or EstablishmentFactory()
    application = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="new",
        received_on=received_on,
        business_scope="理发",
    )
    application = approved(application, clerk=clerk)
    return services.permit_issue(
        application=application, user=clerk, issued_on=issued_on or received_on
    )
