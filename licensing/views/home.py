"""The permit window's front page: what the clerk has to do today."""

from django.shortcuts import render
from django.utils import timezone
from django.views import View

from core.views import RoleRequiredMixin
from licensing.models import Application, Permit
from licensing.models.permits import units_without_valid_permit


class WindowHomeView(RoleRequiredMixin, View):
    permission_required = "licensing.view_application"

    def get(self, request):
        today = timezone.localdate()
        return render(
            request,
            "licensing/home.html",
            {
                "title": "卫生许可",
                "pending": Application.objects.pending().count(),
                "overdue": Application.objects.overdue(today).count(),
                "expiring": Permit.objects.expiring_within(30, today=today).count(),
                "unlicensed": units_without_valid_permit(today).count(),
                "valid": Permit.objects.valid_on(today).count(),
            },
        )
