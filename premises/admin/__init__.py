from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.personal_data import MaskedHistoryAdminMixin
from core.validators import mask_id_number
from premises.models import (
    Category,
    Domain,
    Establishment,
    EstablishmentStatusChange,
    HazardFactor,
    Post,
    Practitioner,
    Supervision,
    Township,
)


@admin.register(Domain)
class DomainAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order"]
    ordering = ["order"]


NEEDED_PERMITS_HELP = (
    "在“许可证类型”的“适用类别”中设置：列入某一许可证类型的类别须办理该许可，未列入任何类型的"
    "类别无需卫生许可（如公园、体育场馆、公共交通工具）。国发〔2016〕12号已取消饭馆、咖啡馆、"
    "酒吧、茶座的公共场所卫生许可；初始数据沿用本县台帐做法仍将其列为应发证（如茶楼）。"
)


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    """Which permit types a kind needs is shown here and edited on the permit type (许可证类型
    → 适用类别, licensing's PermitType.categories): the one table that says it."""

    list_display = [
        "code",
        "name",
        "parent",
        "domain",
        "needed_permits",
        "report_group",
        "is_active",
    ]
    list_filter = ["domain", "permit_types", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "domain"]
    readonly_fields = ["needed_permits"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("permit_types")

    @admin.display(description="须办理的卫生许可")
    def needed_permits(self, obj):
        names = [t.name for t in obj.permit_types.all()]
        return "、".join(names) if names else "无需卫生许可"

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["help_texts"] = {"needed_permits": NEEDED_PERMITS_HELP}
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


class StatusChangeInline(admin.TabularInline):
    model = EstablishmentStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "date", "reason", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # status changes go through the unit's page, which checks the sequence


class SupervisionInline(admin.TabularInline):
    model = Supervision
    extra = 0
    can_delete = False
    readonly_fields = [
        "domain",
        "category",
        "started_on",
        "ended_on",
        "end_reason",
        "recorded_by",
        "recorded_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False  # through the unit's page (premises.services.supervision_add)


@admin.register(Establishment)
class EstablishmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "category", "township", "status", "opened_on"]
    list_filter = ["status", "category__domain", "township"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["category__parent", "township"]
    readonly_fields = ["status", "opened_on", "closed_on"]
    inlines = [StatusChangeInline, SupervisionInline]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    """Posts (岗位) and whether each serves customers directly (须持健康合格证明): the
    体检率's denominator counts the practitioners of the posts that do."""

    list_display = ["name", "serves_customers", "aliases", "basis", "order", "is_active"]
    list_editable = ["serves_customers", "order", "is_active"]
    list_filter = ["serves_customers", "is_active"]
    search_fields = ["name", "aliases", "basis"]


@admin.register(Practitioner)
class PractitionerAdmin(MaskedHistoryAdminMixin, SimpleHistoryAdmin):
    """The ID number is masked here, in the record and its history alike: it is typed when
    a practitioner is added, and seen in full only on the practitioner's page on request
    (logged)."""

    list_display = ["name", "establishment", "post", "hired_on", "left_on"]
    list_filter = ["post"]
    search_fields = ["name", "establishment__name"]
    list_select_related = ["establishment", "post"]
    raw_id_fields = ["establishment"]
    history_masks = {"id_number": lambda record, value: mask_id_number(value)}

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        return obj.id_number_masked

    def get_exclude(self, request, obj=None):
        return ["id_number"] if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "masked_id_number"] if obj is not None else readonly


@admin.register(HazardFactor)
class HazardFactorAdmin(admin.ModelAdmin):
    """职业病危害因素分类目录 (国卫疾控发〔2015〕92号): shipped with every 粉尘, 物理, 放射性,
    生物 and 其他 entry and the common 化学因素; add the others, or deactivate rather than delete
    an entry employers' records name. ``focus`` groups the 汇总表 of the occupational plan."""

    list_display = ["code", "name", "hazard_class", "focus", "cas_number", "is_active"]
    list_filter = ["hazard_class", "focus", "is_active"]
    search_fields = ["code", "name", "cas_number"]
    ordering = ["hazard_class", "order", "code"]
