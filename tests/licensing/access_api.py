"""Who may use each permit API URL (walked by tests/test_url_permissions.py)."""

import datetime

from tests.roles import ALL, PLANNERS, REGISTRARS

# name → (method, roles with access, status for them). Creation by POST to a list URL is
# tested per endpoint in tests/licensing/test_api.py. The POSTs below have an empty body and
# every step needs at least one field (note, approve/refusal_reason, issued_on, date and
# reason), so those allowed get a field error (400) whatever state the walked row is in.
ACCESS = {
    # 复核 of permits: everyone reads the reviews recorded
    "permitreview-list": ("get", ALL, 200),
    "permitreview-detail": ("get", ALL, 200),
    "permittype-list": ("get", ALL, 200),
    "permittype-detail": ("get", ALL, 200),
    "application-list": ("get", ALL, 200),
    "application-detail": ("get", ALL, 200),
    "application-review": ("post", REGISTRARS, 400),
    # The decision is the 负责人's (manager); the clerk receives, reviews and issues.
    "application-decide": ("post", PLANNERS, 400),
    "application-accept": ("post", REGISTRARS, 400),
    "application-not-accept": ("post", REGISTRARS, 400),
    "application-withdraw": ("post", REGISTRARS, 400),
    "application-issue": ("post", REGISTRARS, 400),
    "permit-list": ("get", ALL, 200),
    "permit-detail": ("get", ALL, 200),
    "permit-cancel": ("post", REGISTRARS, 400),
    "unit-without-permit-list": ("get", ALL, 200),
}

# URL path segment → the model its id points at.
SEGMENTS = {
    "permit-types": "permittype",
    "applications": "application",
    "permits": "permit",
    "permit-reviews": "permitreview",
}


def make_objects(objects):
    """An issued permit and its application, made through the services, unless the page
    rules (tests/licensing/access.py) have made them already."""
    from licensing.models import PermitType
    from tests.conftest import make_persona
    from tests.licensing.factories import issued_permit

    made = {}
    if "permittype" not in objects:
        made["permittype"] = PermitType.objects.get(code="public_place").pk
    if "permit" in objects and "application" in objects:
        return made
    permit = issued_permit(clerk=make_persona("clerk"), received_on=datetime.date(2025, 3, 3))
    if "permit" not in objects:
        made["permit"] = permit.pk
    if "application" not in objects:
        made["application"] = permit.application_id
    return made
