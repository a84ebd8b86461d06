"""inspections' sections of the unit's file (premises/unit_file.py): its inspections, the
supervision opinions issued and their state, and the samples taken. Voided records are
left out (the default managers). Registered in InspectionsConfig.ready(); each section
runs a fixed number of queries."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from core.people import display_names
from inspections.choices import (
    CreditGrade,
    InspectionKind,
    InspectionResult,
    OpinionStatus,
    SampleVerdict,
)
from inspections.models import GradeAssessment, Inspection, Sample, SupervisionOpinion
from inspections.models.grades import PUBLIC_PLACES
from premises.choices import EstablishmentStatus
from premises.unit_file import Action, Entry, Section, local_day, register_section

_TONE = {InspectionResult.COMPLIANT: "ok", InspectionResult.REFERRED: "alert"}
_SAMPLE_TONE = {SampleVerdict.PASS: "ok", SampleVerdict.FAIL: "alert"}


def inspections_section(establishment, request):
    if not request.user.has_perm("inspections.view_inspection"):
        return None
    inspections = list(
        Inspection.objects.filter(establishment=establishment)
        .select_related("campaign", "follows_opinion")
        .prefetch_related("inspectors")
        .order_by("-inspected_at", "-id")
    )
    entries = []
    for i in inspections:
        i.officers = display_names(i.inspectors.all())
        text = f"{i.get_kind_display()}，{i.get_result_display()}"
        if i.kind == InspectionKind.FOLLOW_UP and i.rectified is not None:
            text = f"复查{i.follows_opinion.number}，{'已整改' if i.rectified else '未整改'}"
        entries.append(
            Entry(
                day=local_day(i.inspected_at),
                moment=i.inspected_at,
                title="监督检查",
                text=text,
                url=i.get_absolute_url(),
                tone=_TONE.get(i.result, ""),
            )
        )
    actions = []
    if (
        request.user.has_perm("inspections.add_inspection")
        and establishment.status != EstablishmentStatus.CLOSED
    ):
        url = reverse("inspections:inspection_add") + f"?establishment={establishment.pk}"
        actions.append(Action("登记检查", url, primary=True))
    this_year = timezone.localdate().year
    return Section(
        title=f"监督检查（{len(inspections)} 户次）",
        template="inspections/unit_file/_inspections.html",
        context={
            "inspections": inspections,
            "this_year": sum(local_day(i.inspected_at).year == this_year for i in inspections),
        },
        count=len(inspections),
        entries=entries,
        actions=actions,
    )


def opinions_section(establishment, request):
    if not request.user.has_perm("inspections.view_supervisionopinion"):
        return None
    today = timezone.localdate()
    opinions = list(
        SupervisionOpinion.objects.filter(
            inspection__establishment=establishment, inspection__voided_at__isnull=True
        )
        .select_related("inspection", "closed_by")
        .annotate(item_count=Count("items"))
        .order_by("-issued_at", "-id")
    )
    may_follow_up = request.user.has_perm("inspections.add_inspection")
    entries = []
    for o in opinions:
        o.overdue = o.status == OpinionStatus.ISSUED and o.deadline < today
        if may_follow_up and o.status == OpinionStatus.ISSUED:
            o.follow_up_url = reverse("inspections:inspection_add") + f"?opinion={o.pk}"
        entries.append(
            Entry(
                day=local_day(o.issued_at),
                moment=o.issued_at,
                title="下达卫生监督意见书",
                text=f"{o.number}，限 {o.deadline:%Y-%m-%d} 前整改",
                url=o.get_absolute_url(),
            )
        )
        if o.overdue:
            entries.append(
                Entry(
                    day=o.deadline,
                    title="整改期限届满未复查",
                    text=o.number,
                    url=o.get_absolute_url(),
                    tone="alert",
                )
            )
    open_ = [o for o in opinions if o.status == OpinionStatus.ISSUED]
    overdue = sum(o.overdue for o in open_)
    return Section(
        title=f"卫生监督意见书（整改中 {len(open_)}）",
        template="inspections/unit_file/_opinions.html",
        context={"opinions": opinions},
        count=len(opinions),
        alert=f"{overdue} 份逾期" if overdue else "",
        entries=entries,
    )


def samples_section(establishment, request):
    if not request.user.has_perm("inspections.view_sample"):
        return None
    samples = list(
        Sample.objects.filter(inspection__establishment=establishment)
        .select_related("inspection")
        .order_by("-taken_at", "-id")
    )
    entries = [
        Entry(
            day=local_day(s.taken_at),
            moment=s.taken_at,
            title="采样检测",
            text=f"{s.sample_type}，{s.get_verdict_display()}",
            url=s.inspection.get_absolute_url(),
            tone=_SAMPLE_TONE.get(s.verdict, ""),
        )
        for s in samples
    ]
    return Section(
        title="卫生检测样品",
        template="inspections/unit_file/_samples.html",
        context={"samples": samples},
        count=len(samples),
        entries=entries,
    )


def grades_section(establishment, request):
    """信誉度等级: the current grade (its 公示牌), and every assessment, voided ones marked."""
    if not request.user.has_perm("inspections.view_gradeassessment"):
        return None
    if establishment.category.domain.code != PUBLIC_PLACES:
        return None
    assessments = list(
        GradeAssessment.all_objects.filter(establishment=establishment)
        .select_related("inspection")
        .order_by("-assessed_on", "-id")
    )
    standing = [a for a in assessments if not a.is_voided]
    current = standing[0] if standing else None
    entries = [
        Entry(
            day=a.assessed_on,
            title="评定信誉度等级",
            text=a.get_grade_display(),
            url=a.get_absolute_url(),
            tone="alert" if a.grade == CreditGrade.NONE else "",
        )
        for a in standing
    ]
    title = f"信誉度等级：{current.get_grade_display()}" if current else "信誉度等级：未评定"
    return Section(
        title=title,
        template="inspections/unit_file/_grades.html",
        context={"assessments": assessments, "current": current},
        count=len(standing),
        entries=entries,
    )


def register():
    register_section("grades", grades_section, order=32, label="信誉度等级")
    register_section("inspections", inspections_section, order=30, label="监督检查")
    register_section("opinions", opinions_section, order=35, label="意见书")
    register_section("samples", samples_section, order=40, label="检测样品")
    register_section("complaints", complaints_section, order=45, label="投诉举报")
    # a school's classroom checks (教学环境), beside its particulars (学校卫生)
    from inspections.views.school_environment import environment_section

    register_section("school_environment", environment_section, order=68, label="教学环境")


def complaints_section(establishment, request):
    """The complaints naming the unit (投诉举报), newest first; overdue ones flagged. The
    complainant is not shown here (personal data: the complaint's own page)."""
    if not request.user.has_perm("inspections.view_complaint"):
        return None
    from inspections.models import Complaint

    today = timezone.localdate()
    complaints = list(Complaint.objects.filter(establishment=establishment))
    entries = []
    for c in complaints:
        c.overdue = c.is_overdue(today)
        entries.append(
            Entry(
                day=local_day(c.received_at),
                moment=c.received_at,
                title="收到投诉举报",
                text=f"{c.number}，{c.get_source_display()}，{c.get_status_display()}",
                url=c.get_absolute_url(),
                tone="alert" if c.overdue else "",
            )
        )
    overdue = sum(c.overdue for c in complaints)
    actions = []
    if request.user.has_perm("inspections.add_complaint"):
        url = reverse("inspections:complaint_add") + f"?establishment={establishment.pk}"
        actions.append(Action("登记投诉举报", url))
    return Section(
        title=f"投诉举报（{len(complaints)}）",
        template="inspections/unit_file/_complaints.html",
        context={"complaints": complaints},
        count=len(complaints),
        alert=f"{overdue} 件超期" if overdue else "",
        entries=entries,
        actions=actions,
    )
