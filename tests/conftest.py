import os

import pytest

from core.roles import Role
from tests.factories import EstablishmentFactory, PractitionerFactory, TownshipFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# live_server fixtures from that thread are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def suite_settings(media_root):
    """The settings the autouse fixtures below give every test, for data a module makes
    once for all its tests (tests/test_url_permissions.py)."""
    return {
        "PASSWORD_HASHERS": FAST_HASHERS,
        "MEDIA_ROOT": media_root,
        "TASKS": IMMEDIATE_TASKS,
        "JOB_HEARTBEAT_SECONDS": 0,
        "DASHBOARD_CACHE_SECONDS": 0,
        "CACHES": LOCAL_CACHE,
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files (inspection photos) go to a temporary folder, never to ./media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    """Background jobs run inside the request that starts them (in the test's
    transaction); tests/core/test_jobs.py runs them in the embedded threads and through the
    database queue and its worker, as offices do."""
    settings.TASKS = IMMEDIATE_TASKS
    # No heartbeat thread writing to the test database (tests call jobs_heartbeat).
    settings.JOB_HEARTBEAT_SECONDS = 0


@pytest.fixture(autouse=True)
def _dashboard_counted_every_time(settings):
    """The dashboard's figures are counted on every request (tests check them after each
    change); tests/reports/test_dashboard.py checks the reuse for a few minutes. The cache
    is one per test process (the shared database cache would outlive a browser test's
    flush): the dashboard test checks the database cache that offices use."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    settings.CACHES = LOCAL_CACHE


PERSONAS = ("inspector", "clerk", "manager", "administrator", "outsider")


def make_persona(name: str):
    role = None if name == "outsider" else Role(name).value
    return UserFactory(username=f"persona_{name}", first_name=name, role=role)


@pytest.fixture
def inspector(db):
    return make_persona("inspector")


@pytest.fixture
def clerk(db):
    return make_persona("clerk")


@pytest.fixture
def manager(db):
    return make_persona("manager")


@pytest.fixture
def administrator(db):
    return make_persona("administrator")


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role."""
    return make_persona("outsider")


@pytest.fixture
def persona(db):
    """persona("clerk") → the user of that role."""
    return make_persona


@pytest.fixture
def client_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def township(db):
    return TownshipFactory(code="360922001", name="康乐街道")


@pytest.fixture
def establishment(db, township):
    return EstablishmentFactory(township=township, name="悦来理发店")


@pytest.fixture
def practitioner(db, establishment):
    return PractitionerFactory(establishment=establishment, name="李四")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium: Playwright's own browser download is not available offline."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
    }
