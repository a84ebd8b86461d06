"""Users, roles (groups) and API tokens in the admin.

Administrators who are not superusers manage the office's accounts without being able
to raise anyone's privileges, their own included:

- superuser status and raw permissions are shown to them read-only, never offered as
  inputs (a posted value is ignored);
- a superuser's account is theirs to read only (no edit, password, deletion);
- on their own account the groups and flags are read-only too (they cannot give
  themselves another role, nor deactivate themselves);
- groups are read-only: a role is a group, and only superusers change what a role may
  do, create or delete one; giving OTHER users a role stays theirs to do.

API tokens: anyone allowed issues a token for themselves and sees it once; the others'
are listed by prefix, creation and expiry, and revoked (a superuser's only by a
superuser). Nobody creates a token for someone else.
"""

import secrets

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from knox.models import AuthToken

from core.tokens import ApiToken, token_expiry_note, token_issue

# Fields a non-superuser sees but never sets, on anyone's account.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
# Fields nobody but a superuser sets on their own account.
OWN_ACCOUNT_FIELDS = ("is_active", "is_staff", "groups")


class OfficeUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return fields
        fields += SUPERUSER_ONLY_FIELDS
        if obj.pk == request.user.pk:
            fields += OWN_ACCOUNT_FIELDS
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class OfficeGroupAdmin(GroupAdmin):
    """Roles: read by administrators, changed only by superusers."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens by prefix: the token itself is shown once, to its owner, on issuing."""

    list_display = ("prefix", "holder", "issued", "expires", "state")
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username", "user__first_name")
    ordering = ("-created",)
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    issue_template = "admin/core/apitoken/issue.html"

    @admin.display(description="令牌前缀", ordering="token_key")
    def prefix(self, obj):
        return obj.token_key

    @admin.display(description="用户", ordering="user__username")
    def holder(self, obj):
        return obj.user

    @admin.display(description="签发时间", ordering="created")
    def issued(self, obj):
        return obj.created

    @admin.display(description="过期时间", ordering="expiry")
    def expires(self, obj):
        return obj.expiry

    @admin.display(description="状态")
    def state(self, obj):
        return "已过期" if obj.is_expired else "有效"

    def has_change_permission(self, request, obj=None):
        return False  # a token's user and expiry never change

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        """ "签发我的令牌": GET explains, POST issues a token to the signed-in user and
        shows it on this one answer (never stored in a message or the session)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "签发我的 API 令牌",
            "ttl_days": settings.API_TOKEN_TTL_DAYS,
            "issued": None,
        }
        # Each form issues one token: reloading the answer (the browser sends the POST
        # again) or a double click issues no second one.
        pending = request.session.get(ISSUE_NONCES, [])
        if request.method == "POST":
            nonce = request.POST.get("nonce", "")
            if nonce and nonce in pending:
                request.session[ISSUE_NONCES] = [n for n in pending if n != nonce]
                instance, token = token_issue(user=request.user)
                self.log_addition(request, instance, [{"added": {}}])
                context.update(
                    title="API 令牌已签发",
                    issued=instance,
                    token=token,
                    note=token_expiry_note(instance.expiry),
                )
            else:
                context["already"] = True
        if context["issued"] is None:
            context["nonce"] = secrets.token_urlsafe(16)
            request.session[ISSUE_NONCES] = [*pending, context["nonce"]][-5:]
        response = TemplateResponse(request, self.issue_template, context)
        add_never_cache_headers(response)
        return response


ISSUE_NONCES = "api_token_issue_nonces"


def register(site):
    for model in (User, Group, AuthToken):
        if site.is_registered(model):
            site.unregister(model)
    site.register(User, OfficeUserAdmin)
    site.register(Group, OfficeGroupAdmin)
    site.register(ApiToken, ApiTokenAdmin)


register(admin.site)
