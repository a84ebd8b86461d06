import datetime

from licensing import services
from licensing.models import PermitType
from tests.factories import EstablishmentFactory


def public_place():
    return PermitType.objects.get(code="public_place")


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
    services.application_decide(
        application=application, user=clerk, approve=True, decided_on=received_on
    )
    return services.permit_issue(
        application=application, user=clerk, issued_on=issued_on or received_on
    )
