"""Which kinds need which permit type: the permit types' kinds (PermitType.categories) are
the one table, read by the window, the unlicensed list and the admin (issue #16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from licensing import services
from licensing.filters import UnlicensedFilterSet
from licensing.models import Permit, PermitType
from licensing.models.permits import units_without_valid_permit
from tests.factories import EstablishmentFactory, kind
from tests.licensing.factories import approved, public_place

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH_1 = D(2024, 3, 1)


def receive(clerk, unit, permit_type, *, received_on=MARCH_1, scope="供水"):
    return services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=permit_type,
        kind="new",
        received_on=received_on,
        business_scope=scope,
    )


def test_drinking_water_types_are_shipped_with_their_terms_and_kinds():
    water = {t.code: t for t in PermitType.objects.filter(code__startswith="water_")}
    assert {code: t.name for code, t in water.items()} == {
        "water_central": "集中式供水单位卫生许可证",
        "water_secondary": "二次供水单位卫生许可证",
        "water_vending": "现制现售水卫生许可证",
    }
    for code, kind_code in [
        ("water_central", "dw.supply.central"),
        ("water_secondary", "dw.supply.secondary"),
        ("water_vending", "dw.supply.vending"),
    ]:
        assert [c.code for c in water[code].categories.all()] == [kind_code]
        assert water[code].term_years == 4
        assert water[code].number_series.pattern == "卫水证字〔{year}〕第{number:04d}号"
    # a school's own well and a seller of water products need no permit of any type
    for free in ("dw.supply.school_well", "dw.products.seller"):
        assert not kind(free).permit_types.exists()


def test_a_water_supplier_applies_for_its_type_and_once_issued_is_licensed(clerk):
    works = EstablishmentFactory(category=kind("dw.supply.central"), opened_on=D(2020, 1, 1))
    assert units_without_valid_permit(D(2024, 3, 1)).filter(pk=works.pk).exists()

    application = receive(clerk, works, PermitType.objects.get(code="water_central"))
    permit = services.permit_issue(
        application=approved(application, clerk=clerk), user=clerk, issued_on=D(2024, 3, 1)
    )

    assert permit.number == "卫水证字〔2024〕第0001号"
    assert permit.expires_on == D(2028, 3, 1)
    assert not units_without_valid_permit(D(2024, 3, 1)).filter(pk=works.pk).exists()
    assert units_without_valid_permit(D(2028, 3, 2)).filter(pk=works.pk).exists()  # expired


def test_the_water_types_share_one_number_series(clerk):
    central = EstablishmentFactory(category=kind("dw.supply.central"))
    tower = EstablishmentFactory(category=kind("dw.supply.secondary"))
    numbers = []
    for unit, code in ((central, "water_central"), (tower, "water_secondary")):
        application = receive(clerk, unit, PermitType.objects.get(code=code))
        permit = services.permit_issue(
            application=approved(application, clerk=clerk), user=clerk, issued_on=D(2024, 3, 1)
        )
        numbers.append(permit.number)
    assert numbers == ["卫水证字〔2024〕第0001号", "卫水证字〔2024〕第0002号"]


def test_a_type_refuses_the_kinds_it_does_not_list(clerk):
    secondary = EstablishmentFactory(category=kind("dw.supply.secondary"))
    with pytest.raises(ValidationError) as exc:
        receive(clerk, secondary, PermitType.objects.get(code="water_central"))
    assert exc.value.message_dict["permit_type"] == [
        "“二次供水单位”无需办理集中式供水单位卫生许可证。"
    ]
    barber = EstablishmentFactory(category=kind("pp.bathing.barber"))
    with pytest.raises(ValidationError):
        receive(clerk, barber, PermitType.objects.get(code="water_vending"))
    assert not Permit.objects.exists()


def test_teahouses_need_the_public_place_permit_until_taken_off_the_type(clerk):
    # Seed 000's practice: its 茶楼 are due a permit, and one can apply.
    teahouse = EstablishmentFactory(category=kind("pp.lodging.teahouse"), opened_on=D(2020, 1, 1))
    assert units_without_valid_permit(D(2024, 3, 1)).filter(pk=teahouse.pk).exists()
    receive(clerk, teahouse, public_place(), scope="茶座")

    # The office follows 国发〔2016〕12号: 茶楼 is taken off the type, in the one place.
    public_place().categories.remove(kind("pp.lodging.teahouse"))
    other = EstablishmentFactory(category=kind("pp.lodging.teahouse"), opened_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        receive(clerk, other, public_place(), scope="茶座")
    assert exc.value.message_dict["permit_type"] == ["“茶楼（茶座）”无需办理公共场所卫生许可证。"]
    assert not other.permit_applications.exists()
    unlicensed = units_without_valid_permit(D(2024, 3, 1))
    assert not unlicensed.filter(pk__in=[teahouse.pk, other.pk]).exists()


def test_a_kind_no_type_lists_is_never_on_the_unlicensed_list():
    park = EstablishmentFactory(category=kind("pp.sports.park"), opened_on=D(2020, 1, 1))
    well = EstablishmentFactory(category=kind("dw.supply.school_well"), opened_on=D(2020, 1, 1))
    unlicensed = units_without_valid_permit(D(2024, 3, 1))
    assert not unlicensed.filter(pk__in=[park.pk, well.pk]).exists()


def test_the_unlicensed_list_offers_only_kinds_a_type_lists():
    offered = {str(c) for c in UnlicensedFilterSet().form.fields["category"].queryset}
    assert "供水单位 › 集中式供水单位" in offered
    assert "住宿与交际场所 › 茶楼（茶座）" in offered
    assert "体育与游乐场所 › 公园" not in offered
    assert "供水单位 › 学校自备井" not in offered


def test_the_admin_shows_a_kinds_permits_and_edits_them_on_the_type(client_as, administrator):
    client = client_as(administrator)
    teahouse = kind("pp.lodging.teahouse")
    page = client.get(reverse("admin:premises_category_change", args=[teahouse.pk]))
    text = page.content.decode()
    assert "须办理的卫生许可" in text and "公共场所卫生许可证" in text
    assert "国发〔2016〕12号" in text and "饭馆、咖啡馆、酒吧、茶座" in text
    park = client.get(reverse("admin:premises_category_change", args=[kind("pp.sports.park").pk]))
    assert "无需卫生许可" in park.content.decode()

    public = public_place()
    page = client.get(reverse("admin:licensing_permittype_change", args=[public.pk]))
    text = page.content.decode()
    assert "国发〔2016〕12号" in text
    assert 'id="id_categories"' in text and "selectfilter" in text.lower()  # filter_horizontal


def test_the_admin_refuses_to_deactivate_a_type_that_still_lists_kinds(client_as, administrator):
    water = PermitType.objects.get(code="water_vending")
    url = reverse("admin:licensing_permittype_change", args=[water.pk])
    form = client_as(administrator).get(url).context["adminform"].form
    data = {
        name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None
    }
    data["number_series"] = water.number_series_id
    data["categories"] = [c.pk for c in water.categories.all()]
    data.pop("is_active", None)  # unticked
    page = client_as(administrator).post(url, data)
    assert page.status_code == 200
    assert "停用的许可证类型不能有适用类别" in page.content.decode()
    water.refresh_from_db()
    assert water.is_active


def test_the_admin_lists_kinds_by_the_permit_they_need(client_as, administrator):
    client = client_as(administrator)
    url = reverse("admin:premises_category_changelist")
    water = PermitType.objects.get(code="water_central")
    page = client.get(url, {"permit_types__id__exact": water.pk})
    assert page.status_code == 200
    assert [c.code for c in page.context["cl"].result_list] == ["dw.supply.central"]
    free = client.get(url, {"permit_types__isnull": "True"})
    codes = {c.code for c in free.context["cl"].result_list}
    assert "pp.sports.park" in codes and "pp.lodging.teahouse" not in codes
    types = client.get(reverse("admin:licensing_permittype_changelist"))
    assert "集中式供水单位" in types.content.decode()  # the kinds beside each type


def test_the_unit_page_says_which_permit_its_kind_needs(client_as, clerk):
    works = EstablishmentFactory(category=kind("dw.supply.central"))
    park = EstablishmentFactory(category=kind("pp.sports.park"))
    client = client_as(clerk)
    page = client.get(reverse("premises:establishment_detail", args=[works.pk]))
    assert "集中式供水单位（须办理集中式供水单位卫生许可证）" in page.content.decode()
    page = client.get(reverse("premises:establishment_detail", args=[park.pk]))
    assert "公园（无需卫生许可）" in page.content.decode()
