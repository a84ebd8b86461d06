from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = "卫生许可"

    def ready(self):
        from django.conf import settings

        from core.panels import register_panel
        from licensing import unit_file
        from licensing.health import unit_file as health_unit_file
        from licensing.health.views.certificates import practitioner_panel
        from licensing.panels import home_panel

        register_panel("premises.practitioner", practitioner_panel)
        register_panel(settings.AUTH_USER_MODEL, home_panel)  # the window's tasks
        # The unit's page: permits, applications, certificates and training (一户一档).
        unit_file.register()
        health_unit_file.register()
