"""Consultations at the window (咨询): logged one by one, counted by month and year."""

from django.urls import reverse

from core.lists import Column, ObjectListView
from core.people import display_name
from core.views import ServiceFormView
from licensing import services
from licensing.filters import ConsultationFilterSet
from licensing.forms import ConsultationForm
from licensing.models import Consultation


class ConsultationListView(ObjectListView):
    permission_required = "licensing.view_consultation"
    model = Consultation
    filterset_class = ConsultationFilterSet
    template_name = "licensing/consultation_list.html"
    title = "咨询登记"
    export_stem = "咨询登记"
    default_sort = "-consulted_on"
    add_url_name = "licensing:consultation_add"
    add_permission = "licensing.add_consultation"
    columns = (
        Column("consulted_on", "日期", lambda c: c.consulted_on, ("consulted_on",), width=12),
        Column("topic", "咨询事项", lambda c: c.topic, ("topic",), width=40),
        Column("visitor", "咨询人", lambda c: c.visitor, ("visitor",), width=10),
        Column(
            "establishment",
            "单位",
            lambda c: c.establishment.name if c.establishment else "",
            ("establishment__name",),
            width=30,
        ),
        Column(
            "answered_by",
            "接待人",
            lambda c: display_name(c.answered_by),
            width=10,
        ),
    )

    def get_queryset(self):
        return Consultation.objects.select_related("establishment", "answered_by")


class ConsultationCreateView(ServiceFormView):
    permission_required = "licensing.add_consultation"
    template_name = "core/form_page.html"
    form_class = ConsultationForm
    title = "登记咨询"

    def get_context(self, obj):
        return {"submit_label": "登记", "cancel_url": "licensing:consultation_list"}

    def perform(self, form, obj):
        return services.consultation_log(user=self.request.user, **form.cleaned_data)

    def success_message(self, consultation):
        return f"已登记咨询：{consultation.topic}"

    def get_success_url(self, consultation):
        return reverse("licensing:consultation_list")
