"""Consultations at the window (咨询): logged one by one, counted by month and year."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View

from core.lists import Column, ObjectListView
from core.people import display_name
from core.views import RoleRequiredMixin
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


class ConsultationCreateView(RoleRequiredMixin, View):
    permission_required = "licensing.add_consultation"

    def get(self, request):
        return self.render(ConsultationForm())

    def post(self, request):
        form = ConsultationForm(request.POST)
        if form.is_valid():
            services.consultation_log(user=request.user, **form.cleaned_data)
            messages.success(request, f"已登记咨询：{form.cleaned_data['topic']}")
            return redirect("licensing:consultation_list")
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            request=self.request,
            template_name="core/form_page.html",
            context={
                "form": form,
                "title": "登记咨询",
                "submit_label": "登记",
                "cancel_url": "licensing:consultation_list",
            },
            status=status,
        )
