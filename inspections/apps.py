from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = "监督检查"

    def ready(self):
        from core.panels import register_panel
        from inspections import unit_file
        from inspections.panels import onsite_records_panel

        register_panel("inspections.inspection", onsite_records_panel)
        unit_file.register()  # the unit's page: inspections, opinions, samples (一户一档)
