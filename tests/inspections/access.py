"""Who may open each inspections URL (walked by tests/test_url_permissions.py)."""

import datetime
import io

from tests.roles import ADMIN, ALL, FIELD, PLANNERS

# name → (method, roles with access, status for them)
ACCESS = {
    "inspections:inspection_list": ("get", ALL, 200),
    "inspections:school_environment_list": ("get", ALL, 200),  # 教学环境
    "inspections:unit_search": ("get", FIELD, 200),
    "inspections:field": ("get", FIELD, 200),
    "inspections:field_data": ("get", FIELD, 200),
    "inspections:field_session": ("get", FIELD, 200),
    "inspections:field_sw": ("get", FIELD, 200),
    "inspections:inspection_add": ("get", FIELD, 200),
    "inspections:inspection_detail": ("get", ALL, 200),
    "inspections:photo_add": ("get", FIELD, 200),
    "inspections:sample_add": ("get", FIELD, 200),
    # The walk's sample awaits no laboratory result: the page sends the user back.
    "inspections:sample_results": ("get", FIELD, 302),
    "inspections:sampling_record": ("get", ALL, 200),
    # The walk's inspection already has its opinion: the page sends the user back.
    "inspections:opinion_issue": ("get", FIELD, 302),
    "inspections:photo_image": ("get", ALL, 200),
    "inspections:photo_thumbnail": ("get", ALL, 200),
    "inspections:photo_display": ("get", ALL, 200),
    # On-site records: the walk's record has no signature yet (editable).
    "inspections:record_make": ("get", FIELD, 200),
    "inspections:record_detail": ("get", ALL, 200),
    "inspections:record_edit": ("get", FIELD, 200),
    "inspections:record_sign": ("get", FIELD, 200),
    "inspections:record_refuse": ("get", FIELD, 200),
    "inspections:record_amend": ("get", FIELD, 200),
    "inspections:record_pdf": ("get", ALL, 200),
    "inspections:opinion_list": ("get", ALL, 200),
    "inspections:opinion_overdue": ("get", ALL, 200),
    "inspections:opinion_detail": ("get", ALL, 200),
    "inspections:opinion_amend": ("post", FIELD, 400),  # empty form: errors, not 403
    # Corrections: the author (not a persona here) and managers.
    "inspections:inspection_amend": ("get", {"manager"}, 200),
    "inspections:inspection_void": ("get", {"manager"}, 200),
    "inspections:sample_void": ("get", {"manager"}, 200),
    "inspections:photo_void": ("get", {"manager"}, 200),
    "inspections:opinion_pdf": ("get", ALL, 200),
    "inspections:campaign_list": ("get", ALL, 200),
    "inspections:campaign_add": ("get", PLANNERS, 200),
    "inspections:campaign_detail": ("get", ALL, 200),
    "inspections:campaign_edit": ("get", PLANNERS, 200),
    "inspections:draw_list": ("get", ALL, 200),
    "inspections:draw_add": ("get", PLANNERS, 200),
    "inspections:draw_detail": ("get", ALL, 200),
    "inspections:draw_verify": ("post", ALL, 302),
    "inspections:draw_export": ("get", ALL, 200),
    "inspections:draw_substitute": ("get", PLANNERS, 200),
    # 信誉度等级: everyone reads and publishes; officers assess (the walk's inspection has
    # no checklist: the page sends them back), managers void.
    "inspections:grade_list": ("get", ALL, 200),
    "inspections:grade_plan": ("get", ALL, 200),
    "inspections:grade_detail": ("get", ALL, 200),
    "inspections:grade_notice": ("get", ALL, 200),
    "inspections:grade_assess": ("get", FIELD, 302),
    "inspections:grade_void": ("get", PLANNERS, 200),
    # Assessments are written by the services only; the rules' rows are shipped, edited.
    **{
        f"admin:inspections_{model}_{action}": ("get", ADMIN, 403)
        for model in ("gradeassessment", "graderule")
        for action in ("add", "delete")
    },
    # Opinions and draws are written only by the services; campaigns are kept.
    "admin:inspections_supervisionopinion_add": ("get", ADMIN, 403),
    "admin:inspections_supervisionopinion_delete": ("get", ADMIN, 403),
    "admin:inspections_randomdraw_add": ("get", ADMIN, 403),
    "admin:inspections_randomdraw_delete": ("get", ADMIN, 403),
    "admin:inspections_campaign_delete": ("get", ADMIN, 403),
    # Field records: shown in the admin (the voided too), corrected only through the
    # services (更正 / 作废 pages and API).
    **{
        f"admin:inspections_{model}_{action}": ("get", ADMIN, 403)
        for model in ("inspection", "sample", "inspectionphoto")
        for action in ("add", "delete")
    },
}

SEGMENTS = {
    "records": "inspection",
    "photos": "inspectionphoto",
    "samples": "sample",
    "opinions": "supervisionopinion",
    "campaigns": "campaign",
    "draws": "randomdraw",
    "assignments": "drawassignment",
    "paper": "onsiterecord",
    "grades": "gradeassessment",
}


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_objects(objects) -> dict:
    """One row of each inspections model a URL points at, made through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from inspections import services
    from inspections.choices import InspectionKind, InspectionResult
    from inspections.models import ChecklistTemplate, GradeRule, SampleTypeScope, StandardLimit
    from premises.models import Establishment
    from tests.factories import UserFactory

    # Reference rows loaded by a migration have no history entry yet.
    for row in [
        *ChecklistTemplate.objects.all(),
        *StandardLimit.objects.all(),
        *SampleTypeScope.objects.all(),
        *GradeRule.objects.all(),
    ]:
        row.save()
    unit = Establishment.objects.get(pk=objects["establishment"])
    a = UserFactory(username="walk_inspector_a", role="inspector")
    b = UserFactory(username="walk_inspector_b", role="inspector")
    today = timezone.localdate()
    campaign = services.campaign_save(
        user=a,
        name="公共场所专项整治",
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30),
    )
    inspection = services.inspection_record(
        user=a,
        establishment=unit,
        inspected_at=timezone.now() - datetime.timedelta(hours=1),
        inspectors=[a, b],
        kind=InspectionKind.CAMPAIGN,
        campaign=campaign,
        person_present="张三",
        result=InspectionResult.OPINION,
    )
    photo = services.photo_add(
        inspection=inspection,
        upload=SimpleUploadedFile("p.png", png_bytes(), content_type="image/png"),
        user=a,
    )
    opinion = services.opinion_issue(
        inspection=inspection,
        items=[("无消毒间", "设置消毒间")],
        deadline=today + datetime.timedelta(days=10),
        user=a,
    )
    draw = services.draw_make(user=a, name="walk", count=1)
    from inspections.services.records import onsite_record_make

    paper = onsite_record_make(inspection=inspection, user=a)
    # the public-place sheet: the walk's unit is a public place (and is graded from it)
    sheet = ChecklistTemplate.objects.current().get(code="public-place-routine")
    scored = services.inspection_record(
        user=a,
        establishment=unit,
        inspected_at=timezone.now() - datetime.timedelta(hours=2),
        inspectors=[a, b],
        kind=InspectionKind.ROUTINE,
        person_present="张三",
        result=InspectionResult.COMPLIANT,
        checklist=sheet,
        scores={item.pk: (item.max_points, "") for item in sheet.items.all()},
    )
    grade = services.grade_assess(user=a, inspection=scored)
    return {
        "onsiterecord": paper.pk,
        "gradeassessment": grade.pk,
        "inspection": inspection.pk,
        "inspectionphoto": photo.pk,
        "supervisionopinion": opinion.pk,
        "campaign": campaign.pk,
        "randomdraw": draw.pk,
        "drawassignment": draw.assignments.get().pk,
    }
