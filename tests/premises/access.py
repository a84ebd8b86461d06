"""Who may open each registry URL (walked by tests/test_url_permissions.py)."""

from tests.roles import ALL, REGISTRARS

# name → (method, roles with access, status for them)
ACCESS = {
    "home": ("get", ALL, 200),
    "premises:establishment_list": ("get", ALL, 200),
    "premises:establishment_detail": ("get", ALL, 200),
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
    return {"supervision": supervision.pk}
