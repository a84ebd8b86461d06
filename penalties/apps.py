from django.apps import AppConfig


class PenaltiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "penalties"
    verbose_name = "行政处罚"

    def ready(self):
        from django.conf import settings

        from core.panels import register_panel
        from penalties import (
            documents,  # noqa: F401  (the registry, and what is served)
            unit_file,
        )
        from penalties.panels import approvals_panel, complaint_panel, home_panel, inspection_panel

        unit_file.register()  # the unit's page: its cases (一户一档)
        register_panel("inspections.inspection", inspection_panel)
        register_panel("inspections.complaint", complaint_panel)  # the cases it led to
        register_panel(settings.AUTH_USER_MODEL, home_panel)
        register_panel(settings.AUTH_USER_MODEL, approvals_panel)
