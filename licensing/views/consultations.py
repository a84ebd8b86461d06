"""Consultations at the window (咨询): logged one by one, counted by month and year."""

from django.urls import reverse

from core.lists import ObjectListView
from core.views import ServiceFormView
from licensing import services
from licensing.filters import ConsultationFilterSet
from licensing.forms import ConsultationForm
from licensing.models import Consultation
from licensing.tables import CONSULTATIONS


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
    columns = CONSULTATIONS

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
