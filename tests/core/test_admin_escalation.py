"""An administrator who is not a superuser manages accounts without raising anyone's
privileges (core/admin_accounts.py): the admin's forms are posted as such an
administrator, with the fields a crafted request would add, and nothing is gained."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.models import Job
from tests.factories import UserFactory


@pytest.fixture
def boss(db):
    return UserFactory(username="boss", is_superuser=True, password="boss-password-1")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def user_form(user, **changes):
    """The admin's change form for ``user`` as the browser posts it, plus ``changes``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
        "_save": "保存",
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def role(name):
    return Group.objects.get(name=name)


def any_permission():
    return Permission.objects.get(codename="view_job", content_type__app_label="core")


def change(client, user, **changes):
    return client.post(
        reverse("admin:auth_user_change", args=[user.pk]), user_form(user, **changes)
    )


# ---------------------------------------------------------------- their own account


def test_an_administrator_cannot_make_themselves_superuser(admin_client, administrator, clerk):
    page = admin_client.get(reverse("admin:auth_user_change", args=[administrator.pk]))
    assert 'name="is_superuser"' not in page.content.decode()
    response = change(
        admin_client,
        administrator,
        is_superuser="on",
        user_permissions=[any_permission().pk],
        first_name="改了名字",
    )
    assert response.status_code == 302  # the rest of the form is saved
    administrator.refresh_from_db()
    assert administrator.first_name == "改了名字"
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()
    # What the escalation was for: another user's background job stays out of reach.
    job = Job.objects.create(token=uuid.uuid4(), kind="import", title="导入", user=clerk)
    assert admin_client.get(reverse("core:job_detail", args=[job.pk])).status_code == 403


def test_an_administrator_cannot_change_their_own_roles_or_flags(admin_client, administrator):
    before = set(administrator.groups.values_list("name", flat=True))
    response = change(
        admin_client,
        administrator,
        groups=[g.pk for g in Group.objects.all()],
        is_staff="on",
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert set(administrator.groups.values_list("name", flat=True)) == before
    assert not administrator.is_staff
    page = admin_client.get(reverse("admin:auth_user_change", args=[administrator.pk]))
    assert 'name="groups"' not in page.content.decode()


# ---------------------------------------------------------------- other accounts


def test_an_administrator_gives_others_roles_but_no_superuser_or_raw_permission(
    admin_client, clerk
):
    response = change(
        admin_client,
        clerk,
        groups=[role("clerk").pk, role("manager").pk],
        is_superuser="on",
        user_permissions=[any_permission().pk],
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert set(clerk.groups.values_list("name", flat=True)) == {"clerk", "manager"}
    assert not clerk.is_superuser and not clerk.user_permissions.exists()
    page = admin_client.get(reverse("admin:auth_user_change", args=[clerk.pk])).content.decode()
    assert 'name="groups"' in page
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_a_new_account_cannot_be_made_superuser_by_an_administrator(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": "fresh-password-9",
            "password2": "fresh-password-9",
            "is_superuser": "on",
            "user_permissions": [any_permission().pk],
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    newbie = get_user_model().objects.get(username="newbie")
    change(admin_client, newbie, is_superuser="on")
    newbie.refresh_from_db()
    assert not newbie.is_superuser and not newbie.user_permissions.exists()


def test_a_superusers_account_is_read_only_to_an_administrator(admin_client, boss):
    url = reverse("admin:auth_user_change", args=[boss.pk])
    assert admin_client.get(url).status_code == 200  # readable
    assert change(admin_client, boss, first_name="被改", is_active="").status_code == 403
    password = admin_client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"usable_password": "true", "password1": "taken-over-1", "password2": "taken-over-1"},
    )
    assert password.status_code == 403
    delete = admin_client.post(reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"})
    assert delete.status_code == 403
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [boss.pk], "post": "yes"},
    )
    boss.refresh_from_db()
    assert boss.is_active and boss.is_superuser and boss.first_name != "被改"
    assert boss.check_password("boss-password-1")


def test_a_superuser_may_grant_what_an_administrator_may_not(client, boss, clerk):
    """The same posts from a superuser take effect: the refusals above are the rule,
    not a broken form."""
    client.force_login(boss)
    response = change(client, clerk, is_superuser="on", user_permissions=[any_permission().pk])
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.is_superuser and clerk.user_permissions.exists()


# ---------------------------------------------------------------- roles (groups)


def group_form(group, permissions):
    return {"name": group.name, "permissions": [p.pk for p in permissions], "_save": "保存"}


def test_an_administrator_cannot_change_what_a_role_may_do(admin_client):
    group = role("administrator")
    before = set(group.permissions.all())
    extra = Permission.objects.get(codename="legal_review")
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert admin_client.get(url).status_code == 200  # the role's permissions can be read
    assert 'name="permissions"' not in admin_client.get(url).content.decode()
    assert admin_client.post(url, group_form(group, [*before, extra])).status_code == 403
    assert set(group.permissions.all()) == before
    add = admin_client.post(
        reverse("admin:auth_group_add"), {"name": "全权", "permissions": [extra.pk]}
    )
    assert add.status_code == 403 and not Group.objects.filter(name="全权").exists()
    delete = admin_client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert delete.status_code == 403 and Group.objects.filter(pk=group.pk).exists()


def test_a_superuser_edits_roles(client, boss):
    group = role("administrator")
    extra = Permission.objects.get(codename="legal_review")
    client.force_login(boss)
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = client.post(url, group_form(group, [*group.permissions.all(), extra]))
    assert response.status_code == 302
    assert group.permissions.filter(pk=extra.pk).exists()
