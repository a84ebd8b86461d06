"""The catalogues the medical register checks against, kept by the administrator: the
诊疗科目 (《医疗机构诊疗科目名录》) and the 执业范围 with the 科目 each qualifies for
(registered from PremisesConfig.ready)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from premises.models import ClinicalSubject, PracticeScope


@admin.register(ClinicalSubject)
class ClinicalSubjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    ordering = ["order", "code"]


@admin.register(PracticeScope)
class PracticeScopeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "practice_type", "fits_any", "order", "is_active"]
    list_filter = ["practice_type", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["subjects"]
