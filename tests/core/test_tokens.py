"""API tokens (core/tokens.py, django-rest-knox): answered once with their expiry, stored
as a digest only, refused once expired, revoked when the password changes (any path) or
the user is deactivated; in the admin, issued only to oneself and shown by prefix."""

import datetime as dt
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken

from core.tokens import token_issue
from tests.factories import UserFactory

PASSWORD = "right-password-1"


@pytest.fixture
def user(db):
    return UserFactory(username="clerk_t", password=PASSWORD, role="clerk")


def obtain(client, username="clerk_t", password=PASSWORD):
    return client.post(reverse("api_token"), {"username": username, "password": password})


def api(client, token):
    """What an integration does with its token: read the registry."""
    client.logout()
    return client.get(reverse("establishment-list"), HTTP_AUTHORIZATION=f"Token {token}")


def sign_in(client):
    response = client.post(reverse("login"), {"username": "clerk_t", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def local_minutes(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- the endpoint


def test_the_token_is_answered_once_with_its_expiry_and_stored_only_as_a_digest(client, user):
    response = obtain(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    token = body["token"]
    assert body["token_key"] == token[: len(body["token_key"])] and len(token) >= 64
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert abs(expiry - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    # The note says, in Chinese, how long and until when.
    assert "30 天" in body["note"] and local_minutes(expiry) in body["note"]
    assert "只显示这一次" in body["note"]

    row = AuthToken.objects.get(user=user)
    assert row.digest == hash_token(token)
    stored = json.dumps(list(AuthToken.objects.values()), default=str)
    assert token not in stored  # nowhere in the table: a database dump gives no token
    assert api(client, token).status_code == 200


def test_each_request_issues_another_token(client, user):
    first, second = obtain(client).json()["token"], obtain(client).json()["token"]
    assert first != second and AuthToken.objects.filter(user=user).count() == 2
    assert api(client, first).status_code == 200 and api(client, second).status_code == 200


def test_the_lifetime_comes_from_the_setting(client, user, settings):
    settings.API_TOKEN_TTL_DAYS = 7
    body = obtain(client).json()
    expiry = dt.datetime.fromisoformat(body["expiry"])
    assert abs(expiry - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    assert "7 天" in body["note"]


def test_wrong_password_and_inactive_account_get_no_token(client, user):
    response = obtain(client, password="wrong")
    assert response.status_code == 400
    assert "用户名或密码不正确" in json.dumps(response.json(), ensure_ascii=False)
    user.is_active = False
    user.save()
    assert obtain(client).status_code == 400
    assert not AuthToken.objects.exists()


def test_an_expired_token_is_refused_and_deleted(client, user):
    _, token = token_issue(user=user)
    assert api(client, token).status_code == 200
    AuthToken.objects.filter(user=user).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert api(client, token).status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()


# ---------------------------------------------------------------- revocation


def _set_password(user, client, monkeypatch):
    user.set_password("another-password-2")
    user.save()


def _set_unusable_password(user, client, monkeypatch):
    user.set_unusable_password()
    user.save()


def _changepassword_command(user, client, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "another-password-2")
    call_command("changepassword", user.username, stdout=io.StringIO())


def _admin_password_form(user, client, monkeypatch):
    client.force_login(UserFactory(username="admin_t", role="administrator"))
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": "another-pw-2x", "password2": "another-pw-2x"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "change",
    [_set_password, _set_unusable_password, _changepassword_command, _admin_password_form],
    ids=["set_password", "set_unusable_password", "changepassword", "admin_password_form"],
)
def test_changing_the_password_revokes_every_token(client, user, monkeypatch, change):
    _, first = token_issue(user=user)
    _, second = token_issue(user=user)
    assert api(client, first).status_code == 200
    change(get_user_model().objects.get(pk=user.pk), client, monkeypatch)
    assert not get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)
    assert api(client, first).status_code == 401
    assert api(client, second).status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()


def test_deactivating_the_user_revokes_every_token(client, user):
    _, token = token_issue(user=user)
    user.is_active = False
    user.save()
    assert not AuthToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()
    assert api(client, token).status_code == 401  # gone for good, not just suspended


def test_an_inactive_users_token_is_refused_even_if_it_was_kept(client, user):
    """Deactivated by a bulk update (no save signal): knox refuses the token anyway."""
    _, token = token_issue(user=user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert AuthToken.objects.filter(user=user).exists()
    assert api(client, token).status_code == 401


def test_other_saves_of_the_user_keep_the_tokens(client, user):
    _, token = token_issue(user=user)
    user.first_name = "新名字"
    user.save()
    sign_in(client)  # writes last_login
    assert api(client, token).status_code == 200


def test_a_sign_in_that_upgrades_the_password_hash_keeps_the_tokens(client, user, settings):
    """Django re-hashes a password on sign-in when the hasher changes: the same password,
    not a change of it."""
    _, token = token_issue(user=user)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    sign_in(client)
    user.refresh_from_db()
    assert user.password.startswith("scrypt$")  # the hash was upgraded and saved
    assert api(client, token).status_code == 200


# ---------------------------------------------------------------- the admin


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_an_administrator_issues_a_token_for_themselves_and_sees_it_once(
    admin_client, administrator, user
):
    url = reverse("admin:core_apitoken_add")
    form = admin_client.get(url)
    page = form.content.decode()
    assert "您本人" in page and "30 天" in page
    # A user field posted anyway (knox's own admin had one) is ignored.
    nonce = form.context["nonce"]
    response = admin_client.post(
        url, {"nonce": nonce, "user": user.pk, "expiry": "2099-01-01 00:00:00"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    row = AuthToken.objects.get()
    assert row.user == administrator and not AuthToken.objects.filter(user=user).exists()
    assert row.expiry < timezone.now() + dt.timedelta(days=31)
    page = response.content.decode()
    token = re.search(r'id="api-token">([0-9a-f]+)<', page).group(1)
    assert hash_token(token) == row.digest
    assert local_minutes(row.expiry) in page and "只显示这一次" in page
    # Never kept for a later page: not in the session, not in the list or the record.
    assert token not in json.dumps(dict(admin_client.session), default=str)
    listing = admin_client.get(reverse("admin:core_apitoken_changelist")).content.decode()
    record = admin_client.get(reverse("admin:core_apitoken_change", args=[row.pk]))
    assert row.token_key in listing and token not in listing
    assert token not in record.content.decode()
    assert api(admin_client, token).status_code == 200


def test_others_tokens_are_listed_by_prefix_and_can_be_revoked_not_read(
    admin_client, administrator, user
):
    row, token = token_issue(user=user)
    listing = admin_client.get(reverse("admin:core_apitoken_changelist")).content.decode()
    assert row.token_key in listing and "clerk_t" in listing and token not in listing
    record = admin_client.get(reverse("admin:core_apitoken_change", args=[row.pk]))
    assert record.status_code == 200 and token not in record.content.decode()
    # Read-only: neither its user nor its expiry can be changed.
    later = (timezone.now() + dt.timedelta(days=3650)).strftime("%Y-%m-%d")
    refused = admin_client.post(
        reverse("admin:core_apitoken_change", args=[row.pk]),
        {"user": administrator.pk, "expiry_0": later, "expiry_1": "00:00:00"},
    )
    assert refused.status_code == 403
    assert AuthToken.objects.get(pk=row.pk).user == user
    deleted = admin_client.post(
        reverse("admin:core_apitoken_delete", args=[row.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert api(admin_client, token).status_code == 401


def test_a_superusers_token_is_revoked_only_by_a_superuser(client, administrator):
    boss = UserFactory(username="boss", is_superuser=True)
    row, token = token_issue(user=boss)
    client.force_login(administrator)
    url = reverse("admin:core_apitoken_delete", args=[row.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:core_apitoken_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert AuthToken.objects.filter(pk=row.pk).exists()
    client.force_login(UserFactory(username="boss2", is_superuser=True))
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AuthToken.objects.filter(pk=row.pk).exists()


def test_knox_admin_that_issues_tokens_for_anyone_is_not_offered(admin_client):
    from django.contrib import admin

    assert not admin.site.is_registered(AuthToken)
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "API 令牌" in index


class _Editor:
    """What the migration's function uses of a schema editor, inside the test's
    transaction (SQLite's own editor refuses to open in one)."""

    def __init__(self, connection):
        self.connection = connection
        self.quote_name = connection.ops.quote_name

    def execute(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_drops_drfs_table_of_clear_keys(db):
    """An upgraded database still has DRF's authtoken_token (keys in clear): gone after."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("core.migrations.0010_api_tokens")
    editor = _Editor(connection)
    editor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
    editor.execute("INSERT INTO authtoken_token (key) VALUES ('clear-text-key')")
    assert "authtoken_token" in connection.introspection.table_names()
    migration.forwards(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()


def test_reloading_the_issued_token_page_issues_no_second_token(admin_client, administrator):
    """The browser sends the POST again on a reload (or a double click): one token per form
    (the clerk's walk: a reload left an extra valid token in the list)."""
    url = reverse("admin:core_apitoken_add")
    nonce = admin_client.get(url).context["nonce"]
    assert "api-token" in admin_client.post(url, {"nonce": nonce}).content.decode()
    again = admin_client.post(url, {"nonce": nonce})
    assert again.status_code == 200 and "api-token" not in again.content.decode()
    assert "已处理过" in again.content.decode()
    assert AuthToken.objects.filter(user=administrator).count() == 1
    assert "api-token" not in admin_client.post(url, {}).content.decode()  # no form, no token
    assert AuthToken.objects.filter(user=administrator).count() == 1
