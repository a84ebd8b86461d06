"""Pages of hygiene training (卫生培训): the sessions' list, creating a session, a session's
page, registering attendance by unit and importing a sign-in sheet.

Health certificates and the registry panels are in licensing.health.views.certificates.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.validators import mask_id_number
from core.views import (
    ImportTemplateView,
    ImportView,
    RoleRequiredMixin,
    ServiceFormView,
)
from licensing.health import services
from licensing.health.filters import TrainingFilterSet
from licensing.health.forms import AttendanceForm, TrainingForm, UnitChoiceForm
from licensing.health.imports import AttendanceImporter
from licensing.health.models import TrainingAttendance, TrainingSession
from licensing.health.tables import TRAININGS


def attendee_count():
    return Coalesce(
        Subquery(
            TrainingAttendance.objects.filter(session=OuterRef("pk"))
            .order_by()
            .values("session")
            .annotate(n=Count("id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class TrainingListView(ObjectListView):
    permission_required = "licensing.view_trainingsession"
    model = TrainingSession
    filterset_class = TrainingFilterSet
    title = "卫生培训"
    export_stem = "卫生培训"
    default_sort = "-date"
    add_url_name = "licensing:training_add"
    add_permission = "licensing.add_trainingsession"
    columns = TRAININGS

    def get_queryset(self):
        return TrainingSession.objects.annotate(attendee_count=attendee_count())


class TrainingCreateView(ServiceFormView):
    permission_required = "licensing.add_trainingsession"
    template_name = "core/form_page.html"
    form_class = TrainingForm
    title = "新建卫生培训"

    def get_form(self, obj, data=None):
        return TrainingForm(data, initial={"date": timezone.localdate()})

    def get_context(self, obj):
        return {"cancel_url": "licensing:training_list"}

    def perform(self, form, obj):
        return services.training_create(user=self.request.user, **form.cleaned_data)

    def success_message(self, saved):
        return f"已登记培训：{saved.topic}"


class TrainingDetailView(RoleRequiredMixin, View):
    permission_required = "licensing.view_trainingsession"

    def get(self, request, pk):
        session = get_object_or_404(TrainingSession.objects.select_related("recorded_by"), pk=pk)
        attendances = list(
            session.attendances.select_related(
                "practitioner__establishment__township", "recorded_by"
            ).order_by("practitioner__establishment__name", "practitioner__name")
        )
        for a in attendances:
            a.id_display = mask_id_number(a.practitioner.id_number)
        return render(
            request,
            "licensing/health/training_detail.html",
            {
                "object": session,
                "attendances": attendances,
                "unit_count": len({a.practitioner.establishment_id for a in attendances}),
                "history": history_entries(session),
            },
        )


class AttendanceAddView(ServiceFormView):
    """Pick a unit, then tick its current practitioners who attended."""

    permission_required = "licensing.add_trainingattendance"
    template_name = "licensing/health/attendance_add.html"
    title = "登记参训人员"
    versioned = False  # adds attendances beside the session, changes nothing of it

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(TrainingSession, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return self.session

    def get_form(self, session, data=None):
        """The unit first (from the query string, or as posted); then its practitioners."""
        source = self.request.GET if data is None else data
        self.unit_form = UnitChoiceForm(source if source.get("establishment") else None)
        valid = self.unit_form.is_valid()
        self.establishment = self.unit_form.cleaned_data["establishment"] if valid else None
        if self.establishment is None:
            return None
        if data is not None:
            return AttendanceForm(data, establishment=self.establishment)
        return AttendanceForm(
            establishment=self.establishment,
            initial={
                "practitioners": list(self.attending().values_list("practitioner_id", flat=True))
            },
        )

    def attending(self):
        return self.session.attendances.filter(practitioner__establishment=self.establishment)

    def get_context(self, session):
        attending = set()
        if self.establishment is not None:
            attending = set(self.attending().values_list("practitioner_id", flat=True))
        return {
            "object": session,
            "unit_form": self.unit_form,
            "establishment": self.establishment,
            "attending": attending,
        }

    def perform(self, form, session):
        self.added = services.training_add_attendance(
            session=session,
            user=self.request.user,
            practitioners=list(form.cleaned_data["practitioners"]),
        )
        return session

    def success_message(self, session):
        return f"已登记参训 {self.added} 人（{self.establishment.name}）。"


class AttendanceImportView(ImportView):
    permission_required = "licensing.add_trainingattendance"
    importer_class = AttendanceImporter
    title = "导入培训签到表"
    list_url_name = "licensing:training_list"
    template_url_name = "licensing:attendance_import_template"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(TrainingSession, pk=kwargs.pop("pk"))
        self.title = f"导入培训签到表：{self.session}"
        return super().dispatch(request, *args, **kwargs)

    def importer_kwargs(self):
        return {"session": self.session}

    def done_url(self):
        return self.session.get_absolute_url()


class AttendanceImportTemplateView(ImportTemplateView):
    permission_required = "licensing.add_trainingattendance"
    importer_class = AttendanceImporter
    filename = "培训签到导入模板.xlsx"
