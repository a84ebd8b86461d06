from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = "监督检查"

    def ready(self):
        from django.conf import settings

        from core.panels import register_panel
        from inspections import unit_file
        from inspections.panels import complaints_home_panel, onsite_records_panel

        register_panel("inspections.inspection", onsite_records_panel)
        register_panel(settings.AUTH_USER_MODEL, complaints_home_panel)  # due complaints
        unit_file.register()  # the unit's page: inspections, opinions, samples (一户一档)
