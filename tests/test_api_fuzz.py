"""Schemathesis against the OpenAPI schema, as an administrator with a token: every
operation, a bounded number of generated requests each (valid and invalid), and not one
5xx answer nor one response that breaks the schema."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from core.tokens import token_issue
from tests.conftest import make_persona

EXAMPLES = 8  # per operation: enough to find crashes, bounded for CI


def _schema():
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(raw)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, whose request signals would close the
    test's database connection (and its transaction) as the test client keeps them from."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    return token_issue(user=make_persona("administrator"))[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_nor_breaks_its_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["inspections", "campaigns", "draws", "opinions", "cases"])
def test_a_year_out_of_range_is_an_error_on_the_field(path, token):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(f"/api/v1/{path}/", {"year": "0"})
    assert response.status_code == 400
    assert "year" in response.json()
    assert client.get(f"/api/v1/{path}/", {"year": "2024"}).status_code == 200
