from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from premises.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS, demo_plan
from premises.models import Category, Establishment

# Seed 000, table 1: the public-place units of the county by kind.
TABLE_1 = {
    "茶楼（茶座）": 14,
    "卡拉OK厅": 10,
    "网吧": 25,
    "舞厅": 2,
    "公共浴室": 20,
    "美容店": 38,
    "理发店": 100,
    "游泳场（馆）": 1,
    "商场（店）": 5,
    "候诊室": 2,
    "候车（机、船）室": 1,
}


def test_same_seed_same_county():
    assert demo_plan(7) == demo_plan(7)
    assert demo_plan(7) != demo_plan(8)


@pytest.mark.django_db
def test_plan_is_spread_like_table_1():
    plan = demo_plan(2024)
    names = {c.code: c.name for c in Category.objects.kinds()}
    by_kind = Counter(names[u["category"]] for u in plan)
    for kind, count in TABLE_1.items():
        assert by_kind[kind] == count, kind
    lodging = sum(by_kind[k] for k in ("宾馆", "旅店", "招待所"))
    assert lodging == 39
    public_places = [u for u in plan if u["category"].startswith("pp.")]
    assert len(public_places) == 257 and 280 <= len(plan) <= 320


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_command_loads_once_and_every_role_can_sign_in(client):
    call_command("seed_demo", "--seed", "3", "--if-empty", verbosity=0)
    count = Establishment.objects.count()
    # the plan's units, and a village, a community, a family and a person (无证行医)
    assert Establishment.objects.units().count() == len(demo_plan(3))
    assert count == len(demo_plan(3)) + 4
    call_command("seed_demo", "--seed", "3", "--if-empty", verbosity=0)  # second `make run`
    assert Establishment.objects.count() == count
    for username, _, role in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        assert user.groups.filter(name=role.value).exists()
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/", username
        client.logout()
