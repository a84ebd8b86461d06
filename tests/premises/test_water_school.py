"""The drinking-water register and schools' particulars: a supplier's dated particulars (千吨万人
flagged, none without 自检 listed), 二次供水 tanks overdue for cleaning against the interval as
data, 涉水产品 with expired or missing 批件, a school with its own well supervised as a water
unit too, and what the inspector sees in the unit's file and the lists."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections import services as inspecting
from inspections.models import StandardLimit
from premises.models import Domain, SupplyParticulars, TankCleaningRule, WaterProduct, WaterTank
from premises.services import school_profile_record
from premises.services import water as services
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def particulars(unit, user, **over):
    fields = {
        "recorded_on": ago(10),
        "source": "ground",
        "daily_tons": Decimal("600"),
        "population": 5200,
        "disinfection": "hypochlorite",
    }
    fields.update(over)
    return services.supply_particulars_record(user=user, establishment=unit, **fields)


def test_particulars_are_dated_the_newest_counts_and_large_supplies_are_flagged():
    user = UserFactory(role="clerk")
    works = EstablishmentFactory(category=kind("dw.supply.central"), name="城东水厂")
    old = particulars(works, user, recorded_on=ago(400), daily_tons=Decimal("800"))
    new = particulars(
        works, user, daily_tons=Decimal("1200"), self_testing=True, self_testing_items="余氯、pH"
    )
    assert particulars(works, user, daily_tons=Decimal("1200"), self_testing=True,
                       self_testing_items="余氯、pH") == new  # fmt: skip
    assert list(SupplyParticulars.objects.current()) == [new]
    assert new.large and not old.large
    with pytest.raises(ValidationError) as exc:
        particulars(works, user, recorded_on=ago(3), daily_tons=Decimal("-5"))
    assert "日供水量" in str(exc.value)
    assert SupplyParticulars.objects.count() == 2  # nothing written


def test_the_list_of_suppliers_without_self_testing(client):
    user = UserFactory(role="inspector")
    lacking = EstablishmentFactory(category=kind("dw.supply.central"), name="七里栈供水处")
    equipped = EstablishmentFactory(category=kind("dw.supply.central"), name="城东水厂")
    particulars(lacking, user)
    particulars(equipped, user, self_testing=True, self_testing_items="浑浊度、余氯")
    client.force_login(user)
    page = client.get(reverse("premises:supplier_list"), {"self_testing": "no"})
    assert "七里栈供水处" in page.content.decode()
    assert "城东水厂" not in page.content.decode()


def test_a_tank_is_overdue_after_the_interval_kept_as_data(client):
    user = UserFactory(role="inspector")
    unit = EstablishmentFactory(category=kind("dw.supply.secondary"), name="幸福小区二次供水")
    stale = services.water_tank_register(
        user=user, establishment=unit, name="屋顶水箱", volume_m3=18, last_cleaned_on=ago(200)
    )
    fresh = services.water_tank_register(
        user=user, establishment=unit, name="地下蓄水池", volume_m3=200, last_cleaned_on=ago(30)
    )
    assert list(WaterTank.objects.overdue_on(TODAY)) == [stale]
    TankCleaningRule.objects.filter(code="secondary-tank").update(months=12)
    assert list(WaterTank.objects.overdue_on(TODAY)) == []
    TankCleaningRule.objects.filter(code="secondary-tank").update(months=6)
    client.force_login(user)
    page = client.get(reverse("premises:water_tank_list"), {"overdue": "yes"}).content.decode()
    assert "屋顶水箱" in page and "地下蓄水池" not in page
    services.water_tank_clean(user=user, tank=stale, cleaned_on=ago(1))
    assert not WaterTank.objects.overdue_on(TODAY).exists()
    with pytest.raises(ValidationError):
        services.water_tank_clean(user=user, tank=fresh, cleaned_on=ago(60))  # older than last


def test_products_with_expired_or_missing_approval_are_listed(client):
    user = UserFactory(role="clerk")
    valid = services.water_product_register(
        user=user,
        name="美的净水器",
        kind="purifier",
        maker="美的",
        approval_number="国卫水字（2021）第0123号",
        approval_level="national",
        approval_valid_until=ago(-300),
    )
    services.water_product_register(
        user=user,
        name="超滤净水机",
        kind="purifier",
        maker="清源",
        approval_number="赣卫水字（2019）第0045号",
        approval_level="provincial",
        approval_valid_until=ago(5),
    )
    services.water_product_register(user=user, name="PPR给水管", kind="pipe", maker="某管业")
    invalid = set(WaterProduct.objects.without_valid_approval(TODAY).values_list("name", flat=True))
    assert invalid == {"超滤净水机", "PPR给水管"}
    with pytest.raises(ValidationError) as exc:
        services.water_product_register(
            user=user, name="无期限", kind="pipe", maker="某", approval_number="X-1"
        )
    assert "approval_valid_until" in exc.value.message_dict
    seller = EstablishmentFactory(category=kind("dw.products.seller"), name="净水设备经营部")
    services.product_sale_add(user=user, establishment=seller, product=valid, since=ago(100))
    sampling = services.product_sampling_record(
        user=user, product=valid, establishment=seller, sampled_on=ago(20), lab="省疾控"
    )
    services.product_sampling_conclude(
        user=user, sampling=sampling, result="pass", reported_on=ago(2)
    )
    client.force_login(user)
    page = client.get(reverse("premises:water_product_list"), {"approval_invalid": "yes"})
    text = page.content.decode()
    assert "超滤净水机" in text and "PPR给水管" in text and "美的净水器" not in text
    file = client.get(seller.get_absolute_url()).content.decode()
    assert "美的净水器" in file and "合格" in file


def test_a_school_with_its_own_well_is_a_water_unit_too(client):
    user = UserFactory(role="clerk")
    school = EstablishmentFactory(category=kind("sc.school.primary_secondary"), name="马步小学")
    school_profile_record(
        user=user,
        establishment=school,
        year=2025,
        students=420,
        boarding=True,
        boarders=120,
        own_well=True,
    )
    water = Domain.objects.get(code="drinking_water")
    assert school.kind_in(water).code == "dw.supply.school_well"
    with pytest.raises(ValidationError) as exc:
        school_profile_record(user=user, establishment=school, year=2024, students=50, boarders=9)
    assert "boarders" in exc.value.message_dict
    client.force_login(user)
    page = client.get(school.get_absolute_url()).content.decode()
    assert "学校卫生" in page and "生活饮用水" in page and "未配备" in page


def test_a_failing_classroom_shows_in_the_school_file_and_the_failing_list(client):
    school = EstablishmentFactory(category=kind("sc.school.primary_secondary"), name="城关中学")
    inspection = record(establishment=school)
    light = StandardLimit.objects.get(sample_type="教室环境", parameter="黑板面平均照度")
    inspecting.sample_record(
        inspection=inspection,
        sample_type="教室环境",
        taken_at=inspection.inspected_at,
        results=[(light, "380", None)],
        user=inspection.recorded_by,
        location="初二(3)班",
    )
    other = EstablishmentFactory(category=kind("sc.school.primary_secondary"), name="城南小学")
    passing = record(establishment=other)
    inspecting.sample_record(
        inspection=passing,
        sample_type="教室环境",
        taken_at=passing.inspected_at,
        results=[(light, "520", None)],
        user=passing.recorded_by,
        location="一(1)班",
    )
    client.force_login(UserFactory(role="manager"))
    failing = client.get(reverse("inspections:school_environment_list"), {"result": "fail"})
    text = failing.content.decode()
    assert "城关中学" in text and "黑板面平均照度" in text and "城南小学" not in text
    file = client.get(school.get_absolute_url()).content.decode()
    assert "初二(3)班" in file and "1 间教室不合格" in file
