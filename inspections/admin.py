from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from core.people import display_name
from inspections import services
from inspections.models import (
    Campaign,
    ChecklistItem,
    ChecklistTemplate,
    ComplaintTimeLimit,
    DrawAssignment,
    GradeAssessment,
    GradeRule,
    Inspection,
    InspectionPhoto,
    OpinionAmendment,
    OpinionItem,
    ProblemType,
    PromotionAssessment,
    PromotionPlan,
    PromotionStandard,
    PromotionTarget,
    RandomDraw,
    RecordKind,
    Sample,
    SampleTypeScope,
    StandardLimit,
    SupervisionOpinion,
)
from inspections.services.corrections import amendments_of


class ReadOnlyMixin:
    """Records written only by the services: shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProblemType)
class ProblemTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "domain", "order", "is_active"]
    list_filter = ["domain", "is_active"]
    search_fields = ["code", "name"]


def _in_use(template) -> bool:
    """Scored by an inspection, a voided one too (its scores stay on the record)."""
    return (
        template is not None
        and template.pk
        and Inspection.all_objects.filter(checklist=template).exists()
    )


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["order", "section", "subsection", "content", "max_points", "guidance"]

    def has_add_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    """A version scored by an inspection is frozen: revise it into a new version instead."""

    list_display = ["name", "code", "version", "domain", "is_current", "pass_mark", "created_at"]
    list_filter = ["is_current", "domain", "code"]
    search_fields = ["code", "name"]
    filter_horizontal = ["categories"]
    inlines = [ChecklistItemInline]
    actions = ["revise"]

    def get_readonly_fields(self, request, obj=None):
        # The scope (domain, kinds) stays editable on the current version: it says which
        # inspections may use the sheet, not how it scores.
        if obj is not None and not obj.is_current:
            return [f.name for f in self.model._meta.fields]
        if _in_use(obj):
            return [f.name for f in self.model._meta.fields if f.name != "domain"]
        return ["is_current", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)

    @admin.action(description="修订为新版本", permissions=["add"])
    def revise(self, request, queryset):
        for template in queryset:
            try:
                new = services.checklist_revise(template=template, user=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{template}：{'；'.join(exc.messages)}", level=messages.ERROR
                )
            else:
                self.message_user(request, f"已生成 {new}，可在其中修改评分项目。")


@admin.register(StandardLimit)
class StandardLimitAdmin(SimpleHistoryAdmin):
    list_display = [
        "sample_type",
        "parameter",
        "limit_text",
        "plausible_text",
        "lab_test",
        "standard",
        "order",
        "is_active",
    ]
    list_filter = ["sample_type", "standard", "lab_test", "is_active"]
    search_fields = ["parameter", "sample_type"]

    @admin.display(description="可能值范围")
    def plausible_text(self, obj):
        return obj.plausible_text or "—"


@admin.register(SampleTypeScope)
class SampleTypeScopeAdmin(SimpleHistoryAdmin):
    """Which units a sample type is taken at (a type not listed: any unit)."""

    list_display = ["sample_type", "category_names", "note"]
    search_fields = ["sample_type"]
    filter_horizontal = ["categories"]

    @admin.display(description="适用的单位类别")
    def category_names(self, obj):
        return "、".join(c.name for c in obj.categories.all())


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start_date", "end_date", "created_by"]
    search_fields = ["name"]
    filter_horizontal = ["domains", "categories", "townships", "problem_types"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class OpinionItemInline(ReadOnlyMixin, admin.TabularInline):
    model = OpinionItem
    extra = 0


class OpinionAmendmentInline(ReadOnlyMixin, admin.TabularInline):
    model = OpinionAmendment
    extra = 0


@admin.register(SupervisionOpinion)
class SupervisionOpinionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "inspection", "issued_at", "deadline", "status"]
    list_filter = ["status", "year"]
    search_fields = ["number", "inspection__establishment__name"]
    list_select_related = ["inspection__establishment"]
    inlines = [OpinionItemInline, OpinionAmendmentInline]


class DrawAssignmentInline(ReadOnlyMixin, admin.TabularInline):
    model = DrawAssignment
    extra = 0


@admin.register(RandomDraw)
class RandomDrawAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "seed", "created_at", "created_by"]
    search_fields = ["name"]
    inlines = [DrawAssignmentInline]


# ---------------------------------------------------------------- field records
# Inspections, samples and photos are shown here, the voided too (all_objects), but
# corrected only through their pages or the API (inspections.services.corrections): an
# amendment is recorded, a void keeps the record. Nothing is changed or deleted here.


class VoidedFilter(admin.SimpleListFilter):
    title = "作废"
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("no", "有效"), ("yes", "已作废")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(voided_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(voided_at__isnull=False)
        return queryset


class AllRecordsMixin(ReadOnlyMixin):
    """Every record, the voided too, read only."""

    def get_queryset(self, request):
        queryset = self.model.all_objects.all()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


class SampleInline(AllRecordsMixin, admin.TabularInline):
    model = Sample
    extra = 0
    fields = ["sample_type", "location", "taken_at", "verdict", "voided_at", "void_reason"]
    readonly_fields = fields
    show_change_link = True


class PhotoInline(AllRecordsMixin, admin.TabularInline):
    model = InspectionPhoto
    extra = 0
    fields = ["caption", "uploaded_by", "uploaded_at", "voided_at", "void_reason"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(AllRecordsMixin, SimpleHistoryAdmin):
    list_display = [
        "establishment",
        "inspected_at",
        "kind",
        "result",
        "recorded_by",
        "voided_at",
    ]
    list_filter = [VoidedFilter, "kind", "result"]
    search_fields = ["establishment__name", "establishment__credit_code"]
    list_select_related = ["establishment", "recorded_by"]
    date_hierarchy = "inspected_at"
    inlines = [SampleInline, PhotoInline]
    readonly_fields = ["voided_at", "voided_by", "void_reason", "amendments"]

    @admin.display(description="更正记录")
    def amendments(self, obj):
        rows = [
            (
                f"{a.amended_at:%Y-%m-%d %H:%M}",
                display_name(a.amended_by),
                a.reason,
                "；".join(f"{label}：{old} → {new}" for label, old, new in a.rows),
            )
            for a in amendments_of(RecordKind.INSPECTION, [obj.pk]).get(obj.pk, [])
        ]
        return format_html_join("", "<p>{} {}（{}）：{}</p>", rows) or "—"


@admin.register(Sample)
class SampleAdmin(AllRecordsMixin, SimpleHistoryAdmin):
    list_display = ["sample_type", "location", "taken_at", "verdict", "inspection", "voided_at"]
    list_filter = [VoidedFilter, "verdict", "sample_type"]
    search_fields = ["sample_type", "inspection__establishment__name"]
    list_select_related = ["inspection__establishment"]
    readonly_fields = ["voided_at", "voided_by", "void_reason"]


@admin.register(InspectionPhoto)
class InspectionPhotoAdmin(AllRecordsMixin, admin.ModelAdmin):
    list_display = ["__str__", "inspection", "uploaded_by", "uploaded_at", "voided_at"]
    list_filter = [VoidedFilter]
    search_fields = ["caption", "inspection__establishment__name"]
    list_select_related = ["inspection__establishment", "uploaded_by"]
    readonly_fields = ["voided_at", "voided_by", "void_reason"]


@admin.register(GradeRule)
class GradeRuleAdmin(SimpleHistoryAdmin):
    """信誉度等级规则: thresholds, key-item rule, planned visits and draw shares per grade
    (rows are shipped by migration; edited, never added or deleted)."""

    list_display = [
        "row",
        "min_score",
        "allowed_with_key_failure",
        "visits_per_year",
        "draw_share",
        "verified",
    ]
    list_editable = ["min_score", "allowed_with_key_failure", "visits_per_year", "draw_share"]
    readonly_fields = ["row"]
    fields = [
        "row",
        "min_score",
        "allowed_with_key_failure",
        "visits_per_year",
        "draw_share",
        "source",
        "verified",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GradeAssessment)
class GradeAssessmentAdmin(AllRecordsMixin, admin.ModelAdmin):
    """Assessments are made and voided through the pages and API only."""

    list_display = ["establishment", "grade", "standardised", "assessed_on", "voided_at"]
    list_filter = [VoidedFilter, "grade"]
    search_fields = ["establishment__name", "establishment__credit_code"]
    list_select_related = ["establishment"]


@admin.register(ComplaintTimeLimit)
class ComplaintTimeLimitAdmin(SimpleHistoryAdmin):
    """投诉举报办理时限: every complaint counts its limits with these rows (a row for one
    source before the row for all). A complaint keeps the dates computed when its step was
    recorded; a change here counts for steps recorded afterwards."""

    list_display = [
        "code",
        "source",
        "days",
        "working_days",
        "warn_days",
        "source_verified",
        "basis",
    ]
    list_filter = ["code", "source_verified"]


# ---------------------------------------------------------------- 健康促进


@admin.register(PromotionStandard)
class PromotionStandardAdmin(SimpleHistoryAdmin):
    """健康促进 standards (shipped rows, one per subject group): the sheet's code and the
    subject kinds in scope are set here as subjects are filed."""

    list_display = ["name", "group", "sheet_code", "order"]
    filter_horizontal = ["categories"]
    readonly_fields = ["group"]
    fields = ["group", "name", "sheet_code", "categories", "order", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PromotionTargetInline(admin.TabularInline):
    model = PromotionTarget
    extra = 0
    fields = ["standard", "share", "count"]


@admin.register(PromotionPlan)
class PromotionPlanAdmin(SimpleHistoryAdmin):
    """A year's 健康促进 plan and its targets per group (data)."""

    list_display = ["year", "title", "due_on"]
    inlines = [PromotionTargetInline]


@admin.register(PromotionAssessment)
class PromotionAssessmentAdmin(AllRecordsMixin, admin.ModelAdmin):
    """Assessments are made and voided through the pages and API only."""

    list_display = ["subject", "standard", "total", "converted", "passed", "assessed_on"]
    list_filter = [VoidedFilter, "standard", "passed"]
    search_fields = ["subject__name"]
    list_select_related = ["subject", "standard"]
