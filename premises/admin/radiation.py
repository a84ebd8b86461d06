"""The dose limits (剂量限值) the radiation register checks readings against: reference data
the administrator keeps (registered from PremisesConfig.ready)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from premises.models import DoseLimit


@admin.register(DoseLimit)
class DoseLimitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "quantity", "limit_msv", "years", "source", "is_active"]
    list_filter = ["quantity", "is_active"]
