"""Schools' classroom checks (教学环境): each inspection of a school with 教室环境 samples (one
per classroom, judged against the limits as data), with its classrooms, those failing and
the parameters they failed on; filtered to the schools failing."""

from django.db.models import Count, Exists, OuterRef, Q

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
