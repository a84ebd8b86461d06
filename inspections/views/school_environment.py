"""Schools' classroom checks (教学环境): each inspection of a school with 教室环境 samples (one
per classroom, judged against the limits as data), with its classrooms, those failing and
the parameters they failed on; filtered to the schools failing."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.lists import ObjectListView
from inspections.choices import SampleVerdict, Verdict
from inspections.filters import SchoolEnvironmentFilterSet
from inspections.models import Inspection, Sample, SampleResult
from inspections.tables import SCHOOL_ENVIRONMENT

CLASSROOM = "教室环境"


class SchoolEnvironmentListView(ObjectListView):
    template_name = "inspections/school_environment_list.html"
    permission_required = "inspections.view_sample"
    model = Inspection
    filterset_class = SchoolEnvironmentFilterSet
    title = "学校教学环境检测"
    export_stem = "学校教学环境检测"
    default_sort = "-inspected_at"
    columns = SCHOOL_ENVIRONMENT

    def get_queryset(self):
        rooms = Q(samples__sample_type=CLASSROOM, samples__voided_at__isnull=True)
        return (
            Inspection.objects.filter(
                Exists(Sample.objects.filter(inspection=OuterRef("pk"), sample_type=CLASSROOM))
            )
            .select_related("establishment__township")
            .annotate(
                rooms=Count("samples", filter=rooms),
                failing_rooms=Count(
                    "samples", filter=rooms & Q(samples__verdict=SampleVerdict.FAIL)
                ),
                pending_rooms=Count(
                    "samples", filter=rooms & Q(samples__verdict=SampleVerdict.PENDING)
                ),
            )
        )

    def decorate(self, objects):
        """The parameters failed, per inspection, in one query for the page."""
        failed = {}
        rows = (
            SampleResult.objects.filter(
                sample__inspection__in=[i.pk for i in objects],
                sample__sample_type=CLASSROOM,
                sample__voided_at__isnull=True,
                verdict=Verdict.FAIL,
            )
            .values_list("sample__inspection_id", "limit__parameter", "limit__order")
            .order_by("limit__order")
        )
        for inspection_id, parameter, _order in rows:
            names = failed.setdefault(inspection_id, [])
            if parameter not in names:
                names.append(parameter)
        for inspection in objects:
            inspection.failed_parameters = failed.get(inspection.pk, [])
        return objects


def environment_section(establishment, request):
    """The 教学环境 section of a school's file: its latest classroom check, each classroom's
    verdict and the parameters failed, and how many earlier checks failed."""
    from django.urls import reverse

    from premises.unit_file import Entry, Section

    if not request.user.has_perm("inspections.view_sample"):
        return None
    samples = list(
        Sample.objects.filter(inspection__establishment=establishment, sample_type=CLASSROOM)
        .select_related("inspection")
        .prefetch_related("results__limit")
        .order_by("-inspection__inspected_at", "location", "pk")
    )
    if not samples:
        return None
    latest = samples[0].inspection
    rooms = [s for s in samples if s.inspection_id == latest.pk]
    for room in rooms:
        room.failed = [r.limit.parameter for r in room.results.all() if r.verdict == Verdict.FAIL]
    failing = [r for r in rooms if r.verdict == SampleVerdict.FAIL]
    pending = [r for r in rooms if r.verdict == SampleVerdict.PENDING]
    result = "送检中" if pending else ("不合格" if failing else "合格")
    entries = []
    by_inspection = {}
    for s in samples:
        by_inspection.setdefault(s.inspection, []).append(s)
    for inspection, group in by_inspection.items():
        bad = sum(1 for s in group if s.verdict == SampleVerdict.FAIL)
        entries.append(
            Entry(
                day=timezone.localtime(inspection.inspected_at).date(),
                title="教学环境检测",
                text=f"{len(group)} 间教室" + (f"，{bad} 间不合格" if bad else "，均合格"),
                url=inspection.get_absolute_url(),
                tone="alert" if bad else "ok",
            )
        )
    return Section(
        title="教学环境",
        template="inspections/unit_file/_school_environment.html",
        context={
            "latest": latest,
            "rooms": rooms,
            "result": result,
            "list_url": reverse("inspections:school_environment_list") + f"?q={establishment.name}",
        },
        count=len(rooms),
        alert=f"{len(failing)} 间教室不合格" if failing else "",
        entries=entries,
    )
