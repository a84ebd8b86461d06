import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")  # set for browser tests only
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "supervision.settings_production",
            "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-" + "z" * 20,
            "ALLOWED_HOSTS": "weijian.county.example",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_the_development_key():
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "supervision.settings_production",
            "ALLOWED_HOSTS": "x",
        },
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures(client):
    UserFactory(username="clerk1", password="right-password-1", role="clerk")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "clerk1", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clerk1", "password": "right-password-1"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


@pytest.mark.django_db
def test_login_and_logout(client):
    UserFactory(username="clerk2", password="right-password-2", role="clerk")
    response = client.post(reverse("login"), {"username": "clerk2", "password": "wrong"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(reverse("login"), {"username": "clerk2", "password": "right-password-2"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    """A model changed without a migration (a choice's label, a help text) fails here."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        raise AssertionError("models differ from the migrations:\n" + out.getvalue()) from None
