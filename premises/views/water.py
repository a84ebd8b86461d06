"""Pages of the drinking-water register and schools' particulars (premises/models/water.py,
premises/models/schools.py): lists with their exports, and the pages that register a
supplier's particulars, tanks and their cleaning, 涉水产品, their sale and sampling, and a
school's particulars. Registration pages open from the unit's file (sections 生活饮用水 and
学校卫生) and return there."""

from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.lists import ObjectListView
from core.views import ServiceFormView
from premises.filters.water import (
    SchoolProfileFilterSet,
    SupplyParticularsFilterSet,
    WaterProductFilterSet,
    WaterTankFilterSet,
)
from premises.forms.water import (
    ProductSaleForm,
    ProductSamplingConcludeForm,
    ProductSamplingForm,
    SchoolProfileForm,
    SupplyParticularsForm,
    TankCleanForm,
    WaterProductForm,
    WaterTankForm,
)
from premises.models import (
    Establishment,
    ProductSampling,
    SchoolProfile,
    SupplyParticulars,
    TankCleaningRule,
    WaterProduct,
    WaterTank,
)
from premises.services import schools as school_services
from premises.services import water as services
from premises.tables.water import PRODUCTS, SCHOOLS, SUPPLIERS, TANKS

# ---------------------------------------------------------------- lists


class SupplierListView(ObjectListView):
    template_name = "premises/water/list.html"
    permission_required = "premises.view_supplyparticulars"
    model = SupplyParticulars
    filterset_class = SupplyParticularsFilterSet
    title = "供水单位台帐"
    export_stem = "供水单位台帐"
    default_sort = "establishment"
    columns = SUPPLIERS

    def get_queryset(self):
        return SupplyParticulars.objects.current().select_related(
            "establishment__township", "establishment__category"
        )


class WaterTankListView(ObjectListView):
    template_name = "premises/water/list.html"
    permission_required = "premises.view_watertank"
    model = WaterTank
    filterset_class = WaterTankFilterSet
    title = "二次供水设施台帐"
    export_stem = "二次供水设施台帐"
    default_sort = "establishment"
    columns = TANKS

    def get_queryset(self):
        return WaterTank.objects.select_related("establishment__township")

    def decorate(self, objects):
        months = TankCleaningRule.interval_months()
        for tank in objects:
            tank.interval = months
        return objects

    def extra_context(self):
        return {"interval": TankCleaningRule.interval_months()}


class WaterProductListView(ObjectListView):
    template_name = "premises/water/list.html"
    permission_required = "premises.view_waterproduct"
    model = WaterProduct
    filterset_class = WaterProductFilterSet
    title = "涉水产品台帐"
    export_stem = "涉水产品台帐"
    default_sort = "name"
    columns = PRODUCTS
    add_url_name = "premises:water_product_add"
    add_permission = "premises.add_waterproduct"

    def get_queryset(self):
        return WaterProduct.objects.annotate(
            seller_count=Count("sales", filter=Q(sales__ended_on__isnull=True), distinct=True)
        )


class SchoolProfileListView(ObjectListView):
    template_name = "premises/water/list.html"
    permission_required = "premises.view_schoolprofile"
    model = SchoolProfile
    filterset_class = SchoolProfileFilterSet
    title = "学校卫生基本情况台帐"
    export_stem = "学校卫生基本情况台帐"
    default_sort = "establishment"
    columns = SCHOOLS

    def get_queryset(self):
        return SchoolProfile.objects.select_related("establishment__township")


# ---------------------------------------------------------------- registration pages


class _UnitPage(ServiceFormView):
    """A page adding a record to a unit: opens from the unit's file and returns to it."""

    template_name = "core/form_page.html"
    versioned = False  # a row beside the unit: the unit itself is not overwritten
    action = ""
    anchor = "#water"

    def get_object(self):
        self.unit = get_object_or_404(Establishment, pk=self.kwargs["pk"])
        self.title = f"{self.action}：{self.unit.name}"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.unit}

    def get_success_url(self, saved):
        return self.unit.get_absolute_url() + self.anchor


class SupplyParticularsAddView(_UnitPage):
    permission_required = "premises.add_supplyparticulars"
    action = "登记供水单位基本情况"

    def get_form(self, obj, data=None):
        last = self.unit.supply_particulars.order_by("-recorded_on", "-pk").first()
        initial = {"recorded_on": timezone.localdate()}
        if last is not None:  # a new check starts from what was found last time
            for name in SupplyParticularsForm.Meta.fields:
                if name not in ("recorded_on", "notes"):
                    value = getattr(last, name)
                    initial[name] = value.normalize() if isinstance(value, Decimal) else value
        return SupplyParticularsForm(data, establishment=self.unit, initial=initial)

    def perform(self, form, obj):
        return services.supply_particulars_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        flag = "（千吨万人）" if saved.large else ""
        return f"已登记供水单位基本情况：{saved}{flag}"


class WaterTankAddView(_UnitPage):
    permission_required = "premises.add_watertank"
    action = "登记二次供水设施"

    def get_form(self, obj, data=None):
        return WaterTankForm(data, establishment=self.unit)

    def perform(self, form, obj):
        return services.water_tank_register(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记二次供水设施：{saved}"


class WaterTankCleanView(ServiceFormView):
    permission_required = "premises.change_watertank"
    template_name = "core/form_page.html"
    versioned = False

    def get_object(self):
        self.tank = get_object_or_404(
            WaterTank.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.title = f"登记清洗消毒：{self.tank.establishment.name} · {self.tank}"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.tank.establishment}

    def get_form(self, obj, data=None):
        return TankCleanForm(data, initial={"cleaned_on": timezone.localdate()})

    def perform(self, form, obj):
        return services.water_tank_clean(
            user=self.request.user, tank=self.tank, **form.cleaned_data
        )

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"已登记清洗消毒：{saved}（{saved.last_cleaned_on:%Y-%m-%d}）"


class WaterProductAddView(ServiceFormView):
    permission_required = "premises.add_waterproduct"
    template_name = "core/form_page.html"
    title = "登记涉水产品"

    def get_form(self, obj, data=None):
        return WaterProductForm(data)

    def perform(self, form, obj):
        return services.water_product_register(user=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"已登记涉水产品：{saved}"


class ProductSaleAddView(_UnitPage):
    permission_required = "premises.add_productsale"
    action = "登记经营的涉水产品"

    def get_form(self, obj, data=None):
        return ProductSaleForm(data, initial={"since": timezone.localdate()})

    def perform(self, form, obj):
        return services.product_sale_add(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记经营：{saved}"


class ProductSamplingAddView(_UnitPage):
    permission_required = "premises.add_productsampling"
    action = "登记涉水产品抽检"

    def get_form(self, obj, data=None):
        return ProductSamplingForm(
            data, establishment=self.unit, initial={"sampled_on": timezone.localdate()}
        )

    def perform(self, form, obj):
        return services.product_sampling_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        return f"已登记抽检：{saved}"


class ProductSamplingConcludeView(ServiceFormView):
    permission_required = "premises.change_productsampling"
    template_name = "core/form_page.html"
    versioned = False

    def get_object(self):
        self.sampling = get_object_or_404(
            ProductSampling.objects.select_related("product", "establishment"),
            pk=self.kwargs["pk"],
        )
        self.title = f"登记抽检结论：{self.sampling.product}"
        return None

    def get_context(self, obj) -> dict:
        return {"object": self.sampling.establishment}

    def get_form(self, obj, data=None):
        return ProductSamplingConcludeForm(data, initial={"reported_on": timezone.localdate()})

    def perform(self, form, obj):
        return services.product_sampling_conclude(
            user=self.request.user, sampling=self.sampling, **form.cleaned_data
        )

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"已登记抽检结论：{saved}"


class SchoolProfileAddView(_UnitPage):
    permission_required = "premises.add_schoolprofile"
    action = "登记学校卫生基本情况"
    anchor = "#school"

    def get_form(self, obj, data=None):
        today = timezone.localdate()
        year = today.year if today.month >= 9 else today.year - 1
        return SchoolProfileForm(data, establishment=self.unit, initial={"year": year})

    def perform(self, form, obj):
        return school_services.school_profile_record(
            user=self.request.user, establishment=self.unit, **form.cleaned_data
        )

    def success_message(self, saved):
        well = "；有自备井，已纳入生活饮用水（学校自备井）监管" if saved.own_well else ""
        return f"已登记学校卫生基本情况：{saved}{well}"


class SchoolProfileEditView(ServiceFormView):
    permission_required = "premises.change_schoolprofile"
    template_name = "core/form_page.html"

    def get_object(self):
        profile = get_object_or_404(
            SchoolProfile.objects.select_related("establishment"), pk=self.kwargs["pk"]
        )
        self.title = f"学校卫生基本情况：{profile.establishment.name}（{profile.year}学年）"
        return profile

    def get_form(self, obj, data=None):
        return SchoolProfileForm(data, instance=obj)

    def get_context(self, obj) -> dict:
        return {"object": obj.establishment}

    def perform(self, form, obj):
        return school_services.school_profile_update(
            user=self.request.user, profile=obj, **form.cleaned_data
        )

    def get_success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        return f"已保存：{saved}"
