"""A small county for the summary-document tests, built through the services: public
places and radiation units with inspections, permits, a practitioner examined and a case
decided in the last 300 days (the period ``county_scope()``). A permit's on-site check
(现场审查) is one of the unit's recorded visits, as the window clerk picks it, so the visits
the tests count are the ones listed here."""

import datetime
from decimal import Decimal

from django.utils import timezone

from licensing import services as licensing_services
from licensing.models import PermitType
from penalties.models import DiscretionLevel, Violation
from premises.models import Domain
from reports.scope import Period, Scope
from tests.factories import EstablishmentFactory, PractitionerFactory, UserFactory, kind
from tests.inspections.factories import record, when
from tests.licensing.factories import decider
from tests.licensing.health_factories import certificate
from tests.penalties.factories import case_at

DAYS = 300


def county_period() -> Period:
    today = timezone.localdate()
    return Period(today - datetime.timedelta(days=DAYS), today)


def county_scope(domain_code="public_places") -> Scope:
    return Scope(county_period(), Domain.objects.get(code=domain_code))


def public_places(township=None):
    """Three barbers, two beauty salons and a bathhouse; four visits to three of them, a
    permit issued, a practitioner examined and a case decided with a 3,000 yuan fine."""
    more = {"township": township} if township else {}
    barbers = [EstablishmentFactory(name=f"理发店{i}", **more) for i in range(3)]
    beauty = [
        EstablishmentFactory(name=f"美容店{i}", category=kind("pp.bathing.beauty"), **more)
        for i in range(2)
    ]
    bath = EstablishmentFactory(name="公共浴室", category=kind("pp.bathing.bathhouse"), **more)
    checked = record(establishment=barbers[0], inspected_at=when(days_ago=100))
    record(establishment=barbers[0], inspected_at=when(days_ago=50))
    record(establishment=barbers[1], inspected_at=when(days_ago=40))
    record(establishment=beauty[0], inspected_at=when(days_ago=30))
    clerk = UserFactory(username="county_clerk", role="clerk")
    licensed(
        barbers[0],
        clerk=clerk,
        permit_type="public_place",
        received_on=timezone.localdate() - datetime.timedelta(days=90),
        on_site=checked,
    )
    certificate(PractitionerFactory(establishment=barbers[0]))
    case = case_at("decided", establishment=barbers[1])
    return {"barbers": barbers, "beauty": beauty, "bath": bath, "case": case, "clerk": clerk}


def licensed(unit, *, clerk, permit_type, received_on, on_site):
    """A new permit of ``permit_type`` for ``unit``, through the window: received by
    ``clerk`` on ``received_on``, reviewed that day with the visit ``on_site`` as its on-site
    check (the service takes one from the 30 days before receipt on), approved by the 负责人,
    issued the same day. No visit is added for the review."""
    application = licensing_services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=PermitType.objects.get(code=permit_type),
        kind="new",
        received_on=received_on,
        business_scope="理发" if permit_type == "public_place" else "X射线影像诊断",
    )
    application = licensing_services.application_review(
        application=application,
        user=clerk,
        note="材料齐全，现场符合要求。",
        inspection=on_site,
        reviewed_on=received_on,
    )
    application = licensing_services.application_decide(
        application=application, user=decider(), approve=True, decided_on=received_on
    )
    return licensing_services.permit_issue(
        application=application, user=clerk, issued_on=received_on
    )


def radiation_violation() -> Violation:
    violation, created = Violation.objects.get_or_create(
        code="rd-no-permit",
        defaults={
            "name": "未取得放射诊疗许可从事放射诊疗工作",
            "domain": Domain.objects.get(code="radiation"),
            "legal_basis": "《放射诊疗管理规定》第十六条",
            "penalty_basis": "《放射诊疗管理规定》第三十八条",
            "order": 50,
        },
    )
    if created:
        DiscretionLevel.objects.create(
            violation=violation,
            severity="ordinary",
            circumstances="未取得许可开展放射诊疗",
            penalties=["warning", "fine"],
            fine_min=Decimal("0"),
            fine_max=Decimal("3000"),
        )
    return violation


def radiation_units(clerk=None):
    """Two X-ray units: one inspected twice and licensed, one penalised (warning and a
    fine of 2,000 yuan)."""
    clerk = clerk or UserFactory(username="radiation_clerk", role="clerk")
    xray = kind("rd.diagnosis.xray")
    hospital = EstablishmentFactory(name="县人民医院放射科", category=xray)
    clinic = EstablishmentFactory(name="城东诊所放射室", category=xray)
    checked = record(establishment=hospital, inspected_at=when(days_ago=80))
    record(establishment=hospital, inspected_at=when(days_ago=20))
    record(establishment=clinic, inspected_at=when(days_ago=70))
    licensed(
        hospital,
        clerk=clerk,
        permit_type="radiation",
        received_on=timezone.localdate() - datetime.timedelta(days=60),
        on_site=checked,
    )
    case = case_at(
        "decided",
        amount=2000,
        establishment=clinic,
        violation=radiation_violation(),
        facts="未取得放射诊疗许可证开展X射线影像诊断。",
    )
    return {"hospital": hospital, "clinic": clinic, "case": case}


def places_filled(report, user):
    """The draft with the manager's words in the places it left for them (存在问题, next
    year's plan): a summary with places left is not published."""
    from reports import services
    from reports.presentation.narrative.sections import PLACE_TO_FILL

    narrative = PLACE_TO_FILL.sub("本年度工作中的问题已逐项整改。", report.narrative)
    return services.summary_update(
        summary=report, user=user, title=report.title, narrative=narrative
    )
