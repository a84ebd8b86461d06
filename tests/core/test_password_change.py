"""Every signed-in user changes their own password (supervision/urls.py, Django's views
with templates/registration/password_change*.html): the project's validators apply, the
user stays signed in, and their API tokens are revoked."""

import pytest
from django.urls import reverse
from knox.models import AuthToken

from core.tokens import token_issue
from tests.conftest import PERSONAS
from tests.factories import UserFactory

OLD = "old-password-17"
NEW = "brand-new-pass-42"


@pytest.fixture
def signed_in(client, db):
    user = UserFactory(username="clerk_p", password=OLD, role="clerk")
    response = client.post(reverse("login"), {"username": "clerk_p", "password": OLD})
    assert response.status_code == 302
    return user


def post(client, old=OLD, new=NEW, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.parametrize("role", PERSONAS)
def test_every_signed_in_user_finds_the_page_from_the_header(client, persona, role):
    client.force_login(persona(role))
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{reverse("password_change")}"' in html  # the header's user menu
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in html
    assert "旧密码" in html and "新密码" in html


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_changing_the_password_keeps_the_session_and_revokes_api_tokens(client, signed_in):
    _, token = token_issue(user=signed_in)
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    done = client.get(response["Location"])
    assert done.status_code == 200 and "密码已修改" in done.content.decode()
    assert client.get(reverse("home")).status_code == 200  # still signed in
    signed_in.refresh_from_db()
    assert signed_in.check_password(NEW)
    assert not AuthToken.objects.filter(user=signed_in).exists()
    client.logout()
    refused = client.get(reverse("establishment-list"), HTTP_AUTHORIZATION=f"Token {token}")
    assert refused.status_code == 401
    # The new password signs in; the old one no longer does.
    assert (
        client.post(reverse("login"), {"username": "clerk_p", "password": NEW}).status_code == 302
    )
    client.logout()
    assert (
        client.post(reverse("login"), {"username": "clerk_p", "password": OLD}).status_code == 200
    )


def test_a_wrong_old_password_changes_nothing(client, signed_in):
    token_issue(user=signed_in)
    response = post(client, old="not-my-password")
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    signed_in.refresh_from_db()
    assert signed_in.check_password(OLD)
    assert AuthToken.objects.filter(user=signed_in).exists()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("12345678", "只包含数字"),
        ("short1", "密码太短，至少需要 8 个字符"),
        ("password123", "太常见"),
        ("clerk_p1", "相似"),
    ],
)
def test_the_projects_password_rules_apply(client, signed_in, new, message):
    response = post(client, new=new)
    assert response.status_code == 200
    assert message in response.content.decode()
    signed_in.refresh_from_db()
    assert signed_in.check_password(OLD)


def test_the_two_new_passwords_must_match(client, signed_in):
    response = post(client, again="brand-new-pass-43")
    assert response.status_code == 200 and "两个密码不一致" in response.content.decode()
    signed_in.refresh_from_db()
    assert signed_in.check_password(OLD)


def test_guessing_the_current_password_is_throttled_like_sign_in(client, signed_in, settings):
    """Someone at an unlocked computer trying passwords on this page: each wrong current
    password counts as a failed sign-in; at the limit the session ends and the account is
    locked out as at the sign-in page (found by the clerk's browser walk: 8 tries, no limit)."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post(client, old="a-wrong-guess").status_code == 200
    assert client.get(reverse("home")).status_code == 200  # still signed in
    locked = post(client, old="a-wrong-guess")
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302  # signed out
    again = client.post(reverse("login"), {"username": "clerk_p", "password": OLD})
    assert again.status_code == 429  # the right password too, until the lock-out ends
    signed_in.refresh_from_db()
    assert signed_in.check_password(OLD)


def test_a_new_password_refused_by_the_rules_is_no_failed_sign_in(client, signed_in, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert post(client, new="123").status_code == 200  # the current password was right
    assert client.get(reverse("home")).status_code == 200
