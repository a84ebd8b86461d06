from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="core.session_started")

        # Dates in a plausible window, text without control characters, free text of a
        # sane length: on every form, API and model field (core.input_rules).
        from core import input_rules

        input_rules.install()

        # API tokens (core.tokens, whose proxy model registers here): revoked when their
        # user's password changes or the user is deactivated, however the user is saved.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from core import tokens

        user_model = get_user_model()
        pre_save.connect(tokens.remember_credentials, sender=user_model, dispatch_uid="core.tokens")
        post_save.connect(
            tokens.revoke_on_credentials_change, sender=user_model, dispatch_uid="core.tokens"
        )

        # Each app's kinds of background job (core.jobs), in web and worker processes.
        from django.utils.module_loading import autodiscover_modules

        import core.job_kinds  # noqa: F401  (the kernel's own: imports, batches of PDFs)

        autodiscover_modules("jobs")

        # The home page warns when a year's holidays are missing from the working-day calendar.
        from django.conf import settings

        from core.calendar import calendar_panel
        from core.panels import register_panel

        register_panel(settings.AUTH_USER_MODEL, calendar_panel)
