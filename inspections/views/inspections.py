"""Inspection pages: the unit search, the entry form, the detail and photos (samples:
views/samples.py)."""

from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.panels import panels_for
from core.roster import on_roster
from core.views import RoleRequiredMixin, ServiceFormView
from inspections import services
from inspections.choices import InspectionKind, Verdict
from inspections.filters import InspectionFilterSet
from inspections.forms import (
    InspectionForm,
    initial_from_post,
    now_local_minutes,
    yes_no,
)
from inspections.models import (
    DrawAssignment,
    Inspection,
    InspectionPhoto,
    Sample,
    SupervisionOpinion,
)
from inspections.services.draws import draw_pair
from inspections.tables import INSPECTIONS
from inspections.views.corrections import correction_context
from premises.choices import EstablishmentStatus
from premises.models import Establishment

User = get_user_model()


class UnitSearchView(RoleRequiredMixin, View):
    """Find an open unit by name or credit code and start an inspection of it."""

    permission_required = "inspections.add_inspection"
    limit = 30

    def get(self, request):
        q = request.GET.get("q", "").strip()
        units = []
        if q:
            units = list(
                Establishment.objects.exclude(status=EstablishmentStatus.CLOSED)
                .filter(Q(name__icontains=q) | Q(credit_code__icontains=q.upper()))
                .select_related("township", "category")
                .order_by("name")[: self.limit]
            )
            open_opinions = dict(
                SupervisionOpinion.objects.open()
                .filter(inspection__establishment__in=units)
                .values_list("inspection__establishment_id", "pk")
            )
            for unit in units:
                unit.open_opinion = open_opinions.get(unit.pk)
        return render(
            request,
            "inspections/unit_search.html",
            {"q": q, "units": units, "limit": self.limit},
        )


# ---------------------------------------------------------------- list


class InspectionListView(ObjectListView):
    permission_required = "inspections.view_inspection"
    model = Inspection
    filterset_class = InspectionFilterSet
    title = "监督检查记录"
    export_stem = "监督检查记录"
    default_sort = "-inspected_at"
    add_url_name = "inspections:unit_search"
    add_permission = "inspections.add_inspection"
    columns = INSPECTIONS

    def get_queryset(self):
        return Inspection.objects.select_related(
            "establishment__township", "campaign", "opinion", "category__domain"
        ).prefetch_related(Prefetch("inspectors", queryset=User.objects.order_by("pk")))


# ---------------------------------------------------------------- entry form


class InspectionCreateView(ServiceFormView):
    """The entry form. Choosing a checklist reloads the page with its items to score;
    totals and pass/fail are computed afterwards from the saved scores."""

    permission_required = "inspections.add_inspection"
    template_name = "inspections/inspection_form.html"
    title = "登记监督检查"

    def context_objects(self, source):
        """The unit, opinion and draw task named in the query string or the posted form."""
        establishment = opinion = assignment = None
        if source.get("opinion"):
            opinion = SupervisionOpinion.objects.filter(pk=_int(source["opinion"])).first()
            if opinion is not None:
                establishment = opinion.inspection.establishment
        if source.get("assignment"):
            assignment = DrawAssignment.objects.filter(pk=_int(source["assignment"])).first()
            if assignment is not None:
                establishment = assignment.establishment
        if establishment is None and source.get("establishment"):
            establishment = Establishment.objects.filter(pk=_int(source["establishment"])).first()
        return establishment, opinion, assignment

    def get_initial(self) -> dict:
        """The new form: now, the user on the roster, and what the query string names."""
        initial = {"inspected_at": now_local_minutes(), "kind": InspectionKind.ROUTINE}
        if on_roster(self.request.user):
            initial["inspectors"] = [self.request.user.pk]
        if self.establishment is not None:
            initial["establishment"] = self.establishment.pk
        if self.opinion is not None:
            initial.update(
                kind=InspectionKind.FOLLOW_UP,
                follows_opinion=self.opinion.pk,
                domain=self.opinion.inspection.category.domain_id,  # 复查: the opinion's
            )
        if self.assignment is not None:
            initial.update(
                kind=InspectionKind.RANDOM,
                draw_assignment=self.assignment.pk,
                inspectors=draw_pair(self.assignment),  # as drawn, after substitutions
            )
        if self.request.GET.get("campaign"):
            initial.update(kind=InspectionKind.CAMPAIGN, campaign=self.request.GET["campaign"])
        return initial

    def get_form(self, obj, data=None):
        source = self.request.GET if data is None else data
        self.establishment, self.opinion, self.assignment = self.context_objects(source)
        if data is None:
            return InspectionForm(initial=self.get_initial(), establishment=self.establishment)
        if "_reload" in data:  # a checklist chosen: the form again with its items
            initial = initial_from_post(InspectionForm, data)
            return InspectionForm(initial=initial, establishment=self.establishment)
        return InspectionForm(data, establishment=self.establishment)

    def post(self, request, **kwargs):
        if "_reload" in request.POST:  # nothing is saved
            return self.render(self.get_form(None, request.POST), None)
        form = self.get_form(None, request.POST)
        if form.is_valid():
            return super().post(request, **kwargs)
        # The form's own errors and the rules' (a follow-up dated before its opinion, one
        # officer) in one answer: the rules run on the fields that cleaned.
        errors = services.inspection_check(**_entered_so_far(form))
        for field, messages_ in errors.items():
            name = field if field in form.fields else None
            if name is None or not form.has_error(name):
                form.add_error(name, messages_)
        return self.render(form, None, status=400)

    def get_context(self, obj):
        return {
            "establishment": self.establishment,
            "opinion": self.opinion,
            "assignment": self.assignment,
            "sections": self.sections,
        }

    def perform(self, form, obj):
        return services.inspection_record(user=self.request.user, **form.service_arguments())

    def success_message(self, inspection):
        return f"已登记检查：{inspection.establishment.name}（{inspection.get_kind_display()}）"

    def render(self, form, obj, status=200):
        self.sections = form.score_sections()
        return super().render(form, obj, status)


def _entered_so_far(form) -> dict:
    """What of an invalid inspection form cleaned, as inspection_check takes it (a field
    that did not clean is None; the checklist's scores are left to their own fields)."""
    data = form.cleaned_data
    kind = data.get("kind")
    return {
        "establishment": data.get("establishment"),
        "inspected_at": data.get("inspected_at"),
        "inspectors": list(data.get("inspectors") or []),
        "kind": kind,
        "campaign": data.get("campaign") if kind == InspectionKind.CAMPAIGN else None,
        "draw_assignment": data.get("draw_assignment") if kind == InspectionKind.RANDOM else None,
        "follows_opinion": data.get("follows_opinion")
        if kind == InspectionKind.FOLLOW_UP
        else None,
        "rectified": yes_no(data.get("rectified")) if kind == InspectionKind.FOLLOW_UP else None,
        "domain": data.get("domain"),
        "checklist": data.get("checklist"),
        "problems": list(data.get("problems") or []),
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- detail


def inspection_for_page(pk, *, voided=False):
    """The inspection of a page; ``voided``: a voided one too (its own page)."""
    records = Inspection.all_objects if voided else Inspection.objects
    return get_object_or_404(
        records.select_related(
            "establishment__township",
            "establishment__category__parent",
            "establishment__category__domain",
            "category__domain",
            "campaign",
            "draw_assignment__draw",
            "follows_opinion",
            "checklist",
            "recorded_by",
            "voided_by",
        ),
        pk=pk,
    )


class InspectionDetailView(RoleRequiredMixin, View):
    permission_required = "inspections.view_inspection"

    def get(self, request, pk):
        inspection = inspection_for_page(pk, voided=True)
        scores = list(inspection.scores.select_related("item"))
        sections = [
            (section, list(rows))
            for section, rows in groupby(
                sorted(scores, key=lambda s: (s.item.order, s.item_id)),
                key=lambda s: s.item.section,
            )
        ]
        # Voided samples and photos stay on the page, marked (corrections.py).
        samples = list(
            Sample.all_objects.filter(inspection=inspection)
            .select_related("voided_by")
            .prefetch_related("results__limit")
        )
        for sample in samples:
            sample.proposed = (
                services.sample_rectification_items(sample)
                if sample.verdict == Verdict.FAIL
                else []
            )
        opinion = SupervisionOpinion.objects.filter(inspection=inspection).first()
        follow_ups = []
        if opinion is not None:
            follow_ups = list(
                opinion.follow_ups.select_related("establishment").order_by("inspected_at")
            )
        return render(
            request,
            "inspections/inspection_detail.html",
            {
                "object": inspection,
                "inspectors": list(inspection.inspectors.order_by("pk")),
                "problems": list(inspection.problems.all()),
                "score_sections": sections,
                "summary": inspection.score_summary(),
                "samples": samples,
                "photos": list(
                    InspectionPhoto.all_objects.filter(inspection=inspection).select_related(
                        "voided_by"
                    )
                ),
                "opinion": opinion,
                "follow_ups": follow_ups,
                "can_issue": opinion is None
                and request.user.has_perm("inspections.add_supervisionopinion"),
                "history": history_entries(inspection),
                **correction_context(inspection, request.user),
                # A voided visit leads to nothing more: no case, no on-site record.
                "panels": [] if inspection.is_voided else panels_for(inspection, request),
            },
        )


# ---------------------------------------------------------------- photos


class PhotoFileView(RoleRequiredMixin, View):
    """Photos are evidence: served only to those who may view them, never from MEDIA_URL."""

    permission_required = "inspections.view_inspectionphoto"
    field = "image"

    def get(self, request, pk):
        photo = get_object_or_404(InspectionPhoto.all_objects, pk=pk)  # voided: evidence too
        file = getattr(photo, self.field)
        if not file:
            raise Http404("没有该照片文件。")
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404("照片文件不存在。") from None
        response = FileResponse(handle)
        response["Cache-Control"] = "private, max-age=3600"
        return response
