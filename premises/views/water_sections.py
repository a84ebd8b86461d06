"""The 生活饮用水 and 学校卫生 sections of a unit's file (premises/unit_file.py).

生活饮用水: a supplier's current particulars (with the earlier ones), its 二次供水 tanks
(overdue cleaning flagged against TankCleaningRule), the 涉水产品 it sells (批件 missing or
expired flagged) and their samplings. 学校卫生: the school's particulars by school year.
Shown for a unit of the domain (its main kind or a further domain: a school with its own
well) and for any unit holding such records."""

from django.urls import reverse
from django.utils import timezone

from premises.choices import EstablishmentStatus
from premises.models import TankCleaningRule
from premises.models.schools import SCHOOLS
from premises.models.water import WATER
from premises.unit_file import Action, Entry, Section

SUPPLY_KINDS = {
    "dw.supply.central",
    "dw.supply.secondary",
    "dw.supply.vending",
    "dw.supply.school_well",
}


def _kinds(establishment) -> list:
    return establishment.kinds_on()


def _kind_codes(establishment) -> set[str]:
    return {k.domain.code for k in _kinds(establishment)}


def water_section(establishment, request):
    user = request.user
    if not user.has_perm("premises.view_supplyparticulars"):
        return None
    today = timezone.localdate()
    particulars = list(establishment.supply_particulars.order_by("-recorded_on", "-pk"))
    tanks = list(establishment.water_tanks.order_by("retired_on", "name", "pk"))
    sales = list(
        establishment.product_sales.filter(ended_on__isnull=True).select_related("product")
    )
    samplings = list(establishment.product_samplings.select_related("product"))
    kinds = {k.code for k in _kinds(establishment)}
    in_domain = WATER in _kind_codes(establishment)
    supplier = bool(kinds & SUPPLY_KINDS)
    secondary = "dw.supply.secondary" in kinds
    seller = "dw.products.seller" in kinds
    if not (in_domain or particulars or tanks or sales or samplings):
        return None
    months = TankCleaningRule.interval_months()
    for tank in tanks:
        tank.due = tank.cleaning_due_on(months)
        tank.overdue = tank.overdue_on(today, months)
    for sale in sales:
        sale.state = sale.product.approval_state(today)
    current = particulars[0] if particulars else None
    overdue = [t for t in tanks if t.overdue]
    invalid = [s for s in sales if s.state]
    alerts = []
    if overdue:
        alerts.append(f"{len(overdue)} 处水箱清洗逾期")
    if invalid:
        alerts.append(f"{len(invalid)} 种产品批件缺失或过期")
    if (
        current is not None
        and not current.self_testing
        and current.establishment.category.code != "dw.products.seller"
    ):
        alerts.append("无自检设施")
    entries = []
    for p in particulars:
        entries.append(Entry(day=p.recorded_on, title="供水基本情况核实", text=str(p)))
    for s in samplings:
        entries.append(
            Entry(
                day=s.sampled_on,
                title="涉水产品抽检",
                text=f"{s.product}：{s.get_result_display()}",
                tone="alert" if s.result == "fail" else "",
            )
        )
    actions = []
    open_unit = establishment.status != EstablishmentStatus.CLOSED
    for perm, label, name, offered in (
        (
            "premises.add_supplyparticulars",
            "登记供水基本情况",
            "premises:supply_particulars_add",
            supplier or particulars,
        ),
        (
            "premises.add_watertank",
            "登记二次供水设施",
            "premises:water_tank_add",
            secondary or tanks,
        ),
        (
            "premises.add_productsale",
            "登记经营的涉水产品",
            "premises:product_sale_add",
            seller or sales,
        ),
        (
            "premises.add_productsampling",
            "登记涉水产品抽检",
            "premises:product_sampling_add",
            sales,
        ),
    ):
        if open_unit and offered and user.has_perm(perm):
            actions.append(Action(label, reverse(name, args=[establishment.pk])))
    query = f"?establishment={establishment.pk}"
    return Section(
        title="生活饮用水",
        template="premises/unit_file/_water.html",
        context={
            "current": current,
            "supplier": supplier or bool(particulars),
            "central": "dw.supply.central" in kinds,
            "earlier": particulars[1:],
            "tanks": tanks,
            "months": months,
            "sales": sales,
            "samplings": samplings,
            "may_clean": user.has_perm("premises.change_watertank"),
            "may_conclude": user.has_perm("premises.change_productsampling"),
            "tank_list": reverse("premises:water_tank_list") + query,
            "product_list": reverse("premises:water_product_list") + f"?seller={establishment.pk}",
        },
        count=len([t for t in tanks if not t.retired_on]) + len(sales) or None,
        alert="，".join(alerts),
        entries=entries,
        actions=actions,
    )


def school_section(establishment, request):
    user = request.user
    if not user.has_perm("premises.view_schoolprofile"):
        return None
    profiles = list(establishment.school_profiles.order_by("-year", "-pk"))
    if not (SCHOOLS in _kind_codes(establishment) or profiles):
        return None
    current = profiles[0] if profiles else None
    alerts = []
    if current is not None and not current.health_staff:
        alerts.append("无校医或保健教师")
    actions = []
    if establishment.status != EstablishmentStatus.CLOSED and user.has_perm(
        "premises.add_schoolprofile"
    ):
        actions.append(
            Action(
                "登记学校基本情况", reverse("premises:school_profile_add", args=[establishment.pk])
            )
        )
    return Section(
        title="学校卫生",
        template="premises/unit_file/_school.html",
        context={
            "profiles": profiles,
            "current": current,
            "may_edit": user.has_perm("premises.change_schoolprofile"),
            "environment": reverse("inspections:school_environment_list")
            + f"?q={establishment.name}",
        },
        count=current.students if current else None,
        alert="，".join(alerts),
        actions=actions,
    )


def register():
    from premises.unit_file import register_section

    register_section("water", water_section, order=66, label="生活饮用水")
    register_section("school", school_section, order=67, label="学校卫生")
