from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from licensing.models import PermitType


@admin.register(PermitType)
class PermitTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "term_years", "decision_working_days", "renewal_notice_days"]
    filter_horizontal = ["categories"]
