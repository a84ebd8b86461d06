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
    "practitioner-list": ("get", ALL, 200),
    "practitioner-detail": ("get", ALL, 200),
}
