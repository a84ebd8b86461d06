"""The user's own account: changing one's password.

Typing the current password is a sign-in by another door: a wrong one counts as a failed
sign-in for this user name and address (django-axes), so someone at an unlocked computer
cannot try passwords there without limit. When the limit is reached the session ends and
the account is locked out as at the sign-in page (AXES_FAILURE_LIMIT, 15 minutes)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from core.models import OfficerCertificate


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        # The account page also shows the user's enforcement certificates (read only:
        # administrators record them, core.admin).
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        certificates = OfficerCertificate.objects.filter(user=self.request.user.pk)
        context["certificates"] = [(c, c.is_valid_on(today)) for c in certificates]
        return context

    def form_invalid(self, form):
        if "old_password" in form.errors:
            request = self.request
            credentials = {"username": request.user.get_username()}
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                logout(request)
                return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"
