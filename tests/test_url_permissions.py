"""Walk every URL pattern of the project and check who may open it.

Every named pattern must appear in ACCESS (or PUBLIC): a new URL without an entry fails
``test_every_url_has_an_access_rule``, so nothing is added without deciding who may use it.
For each URL: anonymous → login redirect (pages) or 401/403 (API); every persona without
access → 403; every persona with access → the expected status (200 unless stated).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.admin_site import OfficeAdminSite
from tests.conftest import PERSONAS
from tests.core import access as core_access
from tests.inspections import access as inspections_access
from tests.inspections import access_api as inspections_access_api
from tests.inspections import access_complaints as inspections_access_complaints
from tests.inspections import access_promotion as inspections_access_promotion
from tests.licensing import access as licensing_access
from tests.licensing import access_api as licensing_access_api
from tests.licensing import access_health as licensing_access_health
from tests.penalties import access as penalties_access
from tests.penalties import access_api as penalties_access_api
from tests.penalties import access_documents as penalties_access_documents
from tests.penalties import access_steps as penalties_access_steps
from tests.premises import access as premises_access
from tests.reports import access_api as reports_access_api
from tests.reports import access_documents as reports_access_documents
from tests.reports import access_plans as reports_access_plans
from tests.reports import access_reporting as reports_access_reporting
from tests.reports import access_summary as reports_access_summary
from tests.roles import ADMIN

# Each part of the app keeps its rules (ACCESS), URL segments (SEGMENTS) and the rows its
# URLs point at (make_objects) in tests/<app>/access*.py.
RULE_MODULES = (
    core_access,
    premises_access,
    inspections_access,
    inspections_access_api,
    inspections_access_complaints,
    inspections_access_promotion,
    licensing_access,
    licensing_access_api,
    licensing_access_health,
    penalties_access,
    penalties_access_documents,
    penalties_access_steps,
    penalties_access_api,
    reports_access_summary,
    reports_access_documents,
    reports_access_reporting,
    reports_access_plans,
    reports_access_api,
)

PUBLIC = {
    "login": "the sign-in page",
    "logout": "signing out needs no role",
    "api_token": "exchanges a user name and password for a token",
    "admin:login": "the admin's own sign-in page",
    "admin:logout": "signing out needs no role",
    # The QR code on a printed permit: anyone checks it (rate-limited, no personal data;
    # tests/licensing/test_documents.py).
    "licensing:permit_verify": "the public check of a permit's QR code",
}

# name → (method, roles with access, status for them): one file of rules per part of the app.
ACCESS = {name: rule for module in RULE_MODULES for name, rule in module.ACCESS.items()}
# Every signed-in user, of a role or none, changes their own password.
ACCESS |= {
    "password_change": ("get", {*PERSONAS}, 200),
    "password_change_done": ("get", {*PERSONAS}, 200),
}
# Admin pages are for administrators only; admin URLs are matched by pattern.
ADMIN_RULES = [
    # Series come with the apps that number documents; counters are never edited by hand.
    (r"^admin:core_documentseries_(add|delete)$", 403),
    (r"^admin:core_documentcounter_(add|delete)$", 403),
    (r"^admin:axes_\w+_add$", 403),  # sign-in records are written by the system only
    (r"^admin:axes_(accesslog|accessfailurelog)_delete$", 403),  # logs are kept
    # Who saw which full ID number: read in the admin, never added, changed or deleted.
    (r"^admin:core_personaldataaccess_(add|delete)$", 403),
    # The database task queue (django-tasks-db): read in the admin, written by the workers.
    (r"^admin:django_tasks_database_dbtaskresult_(add|delete)$", 403),
    # Roles (groups) are read by administrators and changed by superusers only.
    (r"^admin:auth_group_(add|delete)$", 403),
    (r"^admin:(index|app_list|password_change|password_change_done|jsi18n)$", 200),
    (r"^admin:\w+_(changelist|add|change|history|delete)$", 200),
    (r"^admin:\w+_(simple_history|revert)$", 200),  # a record's history in the admin
    (r"^admin:autocomplete$", 403),  # needs query parameters; still refused to others
    (r"^admin:view_on_site$", 302),
    (r"^admin:auth_user_password$", 200),
]


def iter_patterns(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


def is_wrapped_admin_view(pattern) -> bool:
    """The admin's unnamed redirects go through the admin site's role check."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    return isinstance(getattr(model_admin, "admin_site", None), OfficeAdminSite)


def all_names():
    names = set()
    for name, pattern in iter_patterns():
        if name is None and is_wrapped_admin_view(pattern):
            continue
        assert name is not None, f"URL pattern without a name cannot be walked: {pattern.pattern}"
        names.add(name)
    return sorted(names)


def rule_for(name):
    if name in ACCESS:
        return ACCESS[name]
    if name.startswith("admin:"):
        app_rules = [r for module in RULE_MODULES for r in getattr(module, "ADMIN_RULES", [])]
        for regex, status in app_rules + ADMIN_RULES:
            if re.match(regex, name):
                return ("get", ADMIN, status)
    return None


def test_every_url_has_an_access_rule():
    missing = [n for n in all_names() if n not in PUBLIC and rule_for(n) is None]
    assert not missing, f"URLs without an access rule in this test: {missing}"


@pytest.fixture(scope="module")
def url_media(tmp_path_factory):
    return tmp_path_factory.mktemp("url_media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, url_media):
    """The walk's files (a photo, a job's result file) are stored once for the module."""
    settings.MEDIA_ROOT = url_media


@pytest.fixture(scope="module")
def url_objects(django_db_setup, django_db_blocker, url_media):
    """One object of each kind a URL may point at, made once for the module's walk (about
    seven hundred URLs) in a transaction rolled back after its last test; each test runs in
    a savepoint of it, so what one URL writes is gone before the next."""
    from django.db import transaction
    from django.test import override_settings

    from tests.conftest import suite_settings

    with (
        django_db_blocker.unblock(),
        override_settings(**suite_settings(url_media)),
        transaction.atomic(),
    ):
        yield make_url_objects()
        transaction.set_rollback(True)


def make_url_objects():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from core.models import DocumentSeries, PersonalDataAccess
    from core.numbering import number_take
    from core.tokens import token_issue
    from premises.models import Category, Domain, Post
    from tests.conftest import make_persona
    from tests.factories import EstablishmentFactory, PractitionerFactory, TownshipFactory

    township = TownshipFactory(code="360922001", name="康乐街道")
    establishment = EstablishmentFactory(township=township, name="悦来理发店")
    practitioner = PractitionerFactory(establishment=establishment, name="李四")
    user = make_persona("outsider")
    domain = Domain.objects.first()
    domain.save()  # reference rows loaded by a migration have no history entry yet
    category = Category.objects.kinds().first()
    category.save()
    post = Post.objects.order_by("pk").first()
    post.save()  # shipped by a migration, no history entry yet
    status_change = establishment.status_changes.first()
    objects = {
        "establishment": establishment.pk,
        "practitioner": practitioner.pk,
        "domain": domain.pk,
        "category": category.pk,
        "post": post.pk,
        "township": establishment.township_id,
        "establishmentstatuschange": status_change.pk,
        "user": user.pk,
        "group": Group.objects.first().pk,
        "apitoken": token_issue(user=user)[0].pk,  # the admin's API token (by its digest)
        "accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="127.0.0.9", failures_since_start=1, get_data="", post_data=""
        ).pk,
        "accesslog": AccessLog.objects.create(username="x", ip_address="127.0.0.9").pk,
        "accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="127.0.0.9"
        ).pk,
        "content_type": ContentType.objects.get_for_model(establishment).pk,
        "personaldataaccess": PersonalDataAccess.objects.create(
            user=user,
            username=user.username,
            content_type=ContentType.objects.get_for_model(practitioner),
            object_id=practitioner.pk,
            record=str(practitioner),
            field="id_number",
            channel="page",
            view_name="premises:practitioner_reveal",
            path="/",
        ).pk,
    }
    with transaction.atomic():
        number_take(
            series=DocumentSeries.objects.get_or_create(
                code="walk", defaults={"name": "walk", "pattern": "{year}-{number}"}
            )[0].code,
            year=2026,
        )
    for module in RULE_MODULES:
        make_more = getattr(module, "make_objects", None)
        if make_more is not None:
            objects.update(make_more(objects))
    return objects


def build_url(name, pattern, objects):
    if name.endswith("_simple_history"):
        # django-simple-history's page of one past version: positional (object, version).
        from django.apps import apps

        app_label, model_name = name.split(":")[1].split("_")[:2]
        model = apps.get_model(app_label, model_name)
        pk = _object_pk(objects, model_name, name)
        return reverse(name, args=[pk, model.history.filter(id=pk).first().history_id])
    if name == "penalties:case_document_record":
        return _case_record_document_url(objects)
    kwargs = {}
    for key in pattern.pattern.regex.groupindex:
        if name == "admin:view_on_site" and key == "object_id":
            kwargs[key] = objects["establishment"]
        elif key in ("pk", "object_id", "id"):
            kwargs[key] = _object_pk(objects, _model_of_argument(name, pattern, key), name)
        elif key == "key":
            kwargs[key] = "units"  # a figure of the summary (reports:drill)
        elif key == "batch":
            kwargs[key] = "permits"  # a batch of PDFs (core:pdf_batch)
        elif key == "app_label":
            kwargs[key] = "premises"
        elif key == "content_type_id":
            kwargs[key] = objects["content_type"]
        elif key == "history_id":
            from premises.models import Establishment

            kwargs[key] = Establishment.history.first().history_id
        elif key == "slug" and name == "penalties:case_document":
            kwargs[key] = "decision"  # one document of the case (all share the view)
        elif key == "format":
            return None  # DRF's ".json" twin of a URL that is walked anyway
        else:
            raise AssertionError(f"{name}: no value for URL argument {key!r}")
    return reverse(name, kwargs=kwargs)


def _case_record_document_url(objects):
    """A document printed per record (a 送达回执 per service, …) of the walk's case: the
    first the case has (all share one view)."""
    from penalties import documents

    case = documents.case_for_documents(_object_pk(objects, "penaltycase", "case"))
    for entry in documents.documents_of(case):
        if not entry.document.single:
            return entry.url()
    return None


SEGMENTS = {
    "establishments": "establishment",
    "practitioners": "practitioner",
    "domains": "domain",
    "categories": "category",
    "townships": "township",
    **{k: v for module in RULE_MODULES for k, v in getattr(module, "SEGMENTS", {}).items()},
}


def _object_pk(objects, model_name, url_name):
    """The walk's object of that model: from the fixture, else the first row there is."""
    if model_name in objects:
        return objects[model_name]
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == model_name:
            row = model._default_manager.order_by("pk").first()
            assert row is not None, (
                f"{url_name}: no {model_name} row to open; create one in url_objects "
                "or in the app's access.make_objects()"
            )
            return row.pk
    raise AssertionError(f"{url_name}: no model named {model_name!r}")


def _model_of_argument(name, pattern, key):
    """The object a URL argument points at: the path segment before it
    ("establishments/<int:pk>/practitioners/add/" → establishment), else the URL name."""
    route = str(pattern.pattern).lstrip("^")
    before = re.split(r"<(?:\w+:)?" + key + r">|\(\?P<" + key + ">", route)[0]
    segments = before.rstrip("/").split("/")
    # Two segments first ("promotion/plans" apart from reports' "plans"), then one.
    for segment in ("/".join(segments[-2:]), segments[-1]):
        if segment in SEGMENTS:
            return SEGMENTS[segment]
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model._meta.model_name
    return _model_in_name(name)


def _model_in_name(name):
    bare = name.split(":")[-1]
    if bare.startswith(("premises_", "auth_", "axes_")):
        return bare.split("_")[1]
    for model in ("practitioner", "establishment", "domain", "category", "township"):
        if bare.startswith(model):
            return model
    raise AssertionError(f"{name}: cannot tell which object the URL points at")


def walk():
    seen = set()
    for name, pattern in iter_patterns():
        if name is None:
            if is_wrapped_admin_view(pattern):
                continue
            yield f"unnamed:{pattern.pattern}", pattern, None
            continue
        if name in PUBLIC or name in seen:
            continue
        rule = rule_for(name)
        if rule is None:
            continue
        if "format" in pattern.pattern.regex.groupindex:
            continue
        seen.add(name)
        yield name, pattern, rule


WALK = list(walk())
INLINE = re.compile(
    r"""<script\b(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+\s*=\s*["']|\sstyle\s*=\s*["']""",
    re.I,
)


def assert_no_inline_code(response, name):
    """Our pages hold no inline script, handler or style: the Content-Security-Policy
    (script-src and style-src 'self') would refuse them in the browser. The admin and the
    API docs have their own, looser policies (supervision/settings.py)."""
    if name.startswith("admin:") or name == "api_docs" or response.status_code != 200:
        return
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    found = INLINE.findall(response.content.decode())
    assert not found, f"{name}: inline code {found[:3]} would be refused by the policy"


@pytest.mark.parametrize(("name", "pattern", "rule"), WALK, ids=[w[0] for w in WALK])
def test_url_access_by_role(name, pattern, rule, url_objects, client, persona):
    assert rule is not None, f"URL pattern without a name cannot be walked: {name}"
    method, allowed, ok_status = rule
    url = build_url(name, pattern, url_objects)
    if url is None:
        pytest.skip(f"{name}: the walk's objects have nothing to open at this URL")
    call = getattr(client, method)

    response = call(url)
    is_api = url.startswith("/api/")
    if is_api:
        assert response.status_code in (401, 403), f"anonymous {method.upper()} {url}"
    else:
        assert response.status_code == 302, f"anonymous {method.upper()} {url}"
        assert "login" in response["Location"], f"anonymous {url} → {response['Location']}"

    for role in PERSONAS:
        client.force_login(persona(role))
        response = call(url)
        expected = ok_status if role in allowed else 403
        assert response.status_code == expected, (
            f"{role} {method.upper()} {url}: {response.status_code}, expected {expected}"
        )
        assert_no_inline_code(response, name)
        client.logout()
