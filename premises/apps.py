from django.apps import AppConfig


class PremisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "premises"
    verbose_name = "被监督单位"

    def ready(self):
        from premises.admin import medical, radiation  # noqa: F401 (their admin pages register)
        from premises.admin import water as water_admin  # noqa: F401
        from premises.views import medical_sections, radiation_sections, water_sections
        from premises.views.sections import register

        register()
        radiation_sections.register()
        medical_sections.register()
        water_sections.register()
