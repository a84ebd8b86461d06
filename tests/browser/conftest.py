"""Plumbing that lets Playwright's sync API and Django's test database share one thread.

Three things go wrong without it:

* Between calls, Playwright's sync API leaves its event loop marked as the thread's running
  loop. Django keeps database connections in an asgiref ``Local`` that is thread-local in
  sync code but context-local once a loop is running, so after the browser starts the test
  thread gets a *new* connection object. That object lacks ``_test_serialized_contents``,
  so ``serialized_rollback`` silently restores nothing, and the roles and categories that
  migrations load are gone from the second browser test on.
* A live-server test flushes the database when it ends. A transactional test that runs
  after it and expects migration data (tests/premises/test_seed_demo.py) would then fail.
* A transactional test without ``serialized_rollback`` flushes and re-runs post_migrate, which
  recreates content types under new keys; restoring the serialized data on top of that
  fails on unique constraints.

So: the connections are pinned to the objects Django set the databases up on, the database
is put back to its just-migrated state before the first and after the last browser test,
and browser tests run last (a loop left marked as running also upsets any later test that
calls ``asyncio.run`` or ``async_to_sync``).
"""

import re

import pytest


@pytest.fixture(scope="session")
def _django_connections(django_db_setup):
    """The connection objects Django set the test databases up on, before any browser runs."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_django_connections, playwright):
    """Pin the test thread's connections to those objects once Playwright's loop is marked."""
    from django.db import connections

    for alias, connection in _django_connections.items():
        connections[alias] = connection
    return playwright


def _restore_migrated_data(connections):
    from django.core.management import call_command

    for alias, connection in connections.items():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is None:
            continue
        call_command(
            "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
        )
        connection.creation.deserialize_db_from_string(contents)
        _reset_sequences(connection)


def _reset_sequences(connection):
    """After rows were put back with their own ids, PostgreSQL's sequences start past them
    (flush set them to 1: a test creating a problem type would take id 1 again)."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="package", autouse=True)
def _migrated_data_around_browser_tests(_django_connections, playwright, django_db_blocker):
    with django_db_blocker.unblock():
        _restore_migrated_data(_django_connections)
    yield
    with django_db_blocker.unblock():
        _restore_migrated_data(_django_connections)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last, after pytest-django has put transactional tests after the rest."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A tablet, as used in the field and at the window; downloads allowed."""
    return {**browser_context_args, "viewport": TABLET, "accept_downloads": True}


@pytest.fixture
def tablet(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def expected_console_errors():
    """What the browser logs on purpose: 400, 409 and 429 are answers the app gives (bad
    input, a conflict, a locked-out sign-in). A module whose tests cause more (the network
    off, an ended session) overrides this fixture."""
    return re.compile(r"status of (400|409|429)\b")


@pytest.fixture(autouse=True)
def _no_console_errors(page, expected_console_errors):
    """Every browser test fails on an error in the page's console: a script error, or a
    script or style the Content-Security-Policy refused."""
    errors = []

    def console(message):
        expected = expected_console_errors.search(message.text)
        if message.type == "error" and not expected:
            errors.append(f"{page.url}: {message.text} {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    yield
    assert not errors, errors
