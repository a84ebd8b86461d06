"""Figures shown above the permit window's lists."""

import datetime

from django import template
from django.utils import timezone

from licensing.models import Application, Consultation

register = template.Library()


@register.simple_tag
def overdue_application_count():
    return Application.objects.overdue(timezone.localdate()).count()


@register.simple_tag
def consultation_counts():
    today = timezone.localdate()
    month_start = today.replace(day=1)
    year_start = datetime.date(today.year, 1, 1)
    base = Consultation.objects.filter(consulted_on__lte=today)
    return {
        "month": base.filter(consulted_on__gte=month_start).count(),
        "year": base.filter(consulted_on__gte=year_start).count(),
        "month_label": f"{today.year}年{today.month}月",
        "year_label": f"{today.year}年",
    }
