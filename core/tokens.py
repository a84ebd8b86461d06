"""API tokens: django-rest-knox's, stored as a SHA-512 digest, shown once, expiring.

A token is issued to the person asking for it only (``POST /api/v1/auth/token/`` with
their user name and password, or "签发我的令牌" in the admin); afterwards only its prefix
(knox's ``token_key``), creation and expiry are ever shown. Tokens live
``API_TOKEN_TTL_DAYS`` days and are deleted when their user's password changes or the
user is deactivated, whatever path saves the user (the password pages, the admin,
``set_password()`` + ``save()``, ``manage.py changepassword``): see
:func:`remember_credentials` and :func:`revoke_on_credentials_change`, connected in
``core.apps``. knox itself refuses the tokens of an inactive user and deletes expired
ones when they are presented.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken


class ApiToken(AuthToken):
    """knox's token under the office's names: the admin and its log show the prefix,
    never the digest. Defined here and imported when the app registry is ready
    (core.apps, core.admin)."""

    class Meta:
        proxy = True
        app_label = "core"
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        # Tokens are issued and revoked, never edited (no longer life, no other user).
        default_permissions = ("view", "add", "delete")

    def __str__(self):
        return f"{self.user.get_username()} 的令牌 {self.token_key}…"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


def token_ttl() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expiry_note(expiry) -> str:
    """The sentence shown with a new token (API answer and admin page)."""
    when = timezone.localtime(expiry).strftime("%Y-%m-%d %H:%M")
    return (
        f"令牌只显示这一次，请立即妥善保存。有效期 {settings.API_TOKEN_TTL_DAYS} 天，"
        f"于 {when}（北京时间）过期；修改密码或账号被停用时立即失效。"
    )


@transaction.atomic
def token_issue(*, user) -> tuple[ApiToken, str]:
    """A new token for ``user`` (who must be the person asking): the stored row and the
    token itself, which exists nowhere else once the answer is sent."""
    if not user.is_active:
        raise ValueError("an inactive user gets no token")
    instance, token = ApiToken.objects.create(user=user, expiry=token_ttl())
    return instance, token


def tokens_revoke(*, user) -> int:
    """Delete every token of ``user``; the number deleted."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


# ------------------------------------------------------------ revocation on save


def remember_credentials(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of the user model: note whether this save changes the password hash or
    deactivates the user, comparing with the stored row."""
    instance._revoke_api_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login on every sign-in: no extra query
    stored = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    password_changed = stored["password"] != instance.password
    if password_changed and _is_hash_upgrade(instance, update_fields):
        password_changed = False
    deactivated = stored["is_active"] and not instance.is_active
    instance._revoke_api_tokens = password_changed or deactivated


def revoke_on_credentials_change(sender, instance, raw=False, **kwargs):
    """post_save of the user model: the tokens go with the old password or the account."""
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False
        tokens_revoke(user=instance)


def _is_hash_upgrade(instance, update_fields) -> bool:
    """Django re-hashes a password on sign-in when the hasher or its work factor changed
    (AbstractBaseUser.check_password): the same password, saved alone with no new raw
    password pending. That is not a password change."""
    return (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(instance, "_password", None) is None
    )
