from django.apps import AppConfig


class PremisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "premises"
    verbose_name = "被监督单位"

    def ready(self):
        from premises import radiation_admin, radiation_file  # noqa: F401 (admin registers)
        from premises.views.sections import register

        register()
        radiation_file.register()
