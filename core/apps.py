from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="core.session_started")

        # Each app's kinds of background job (core.jobs), in web and worker processes.
        from django.utils.module_loading import autodiscover_modules

        import core.job_kinds  # noqa: F401  (the kernel's own: imports, batches of PDFs)

        autodiscover_modules("jobs")
