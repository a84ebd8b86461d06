from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = "卫生许可"

    def ready(self):
        from core.panels import register_panel
        from licensing.health.views.certificates import establishment_panel, practitioner_panel

        register_panel("premises.establishment", establishment_panel)
        register_panel("premises.practitioner", practitioner_panel)
