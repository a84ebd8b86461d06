from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计报表"

    def ready(self):
        from django.conf import settings

        from core.panels import register_panel
        from reports import unit_file
        from reports.panels import home_panel, plans_home_panel

        register_panel(settings.AUTH_USER_MODEL, home_panel)
        register_panel(settings.AUTH_USER_MODEL, plans_home_panel)  # focused plans due
        unit_file.register()  # the unit's page: its information cards (一户一档)
