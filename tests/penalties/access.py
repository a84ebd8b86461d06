"""Who may open each penalty-case page (walked by tests/test_url_permissions.py)."""

from tests.roles import ALL, REGISTRARS

OFFICERS = {"inspector", "manager"}  # file and run cases
REVIEWERS = {"manager"}  # extensions, legal review, late-charge waiver, amendments, review

# name → (method, roles with access, status for them)
ACCESS = {
    "penalties:case_list": ("get", ALL, 200),
    "penalties:case_due": ("get", ALL, 200),
    "penalties:case_detail": ("get", ALL, 200),
    # The party's full ID number on request: those who may see full ID numbers (logged).
    "penalties:case_reveal": ("post", REGISTRARS, 200),
    "penalties:case_add": ("get", OFFICERS, 200),
    # 简易程序: the tablet page; the 备案 and cash list; its two actions refuse the walk's
    # (ordinary) case and send officers back to it.
    "penalties:simple_add": ("get", OFFICERS, 200),
    "penalties:simple_pending": ("get", ALL, 200),
    "penalties:simple_file": ("get", OFFICERS, 302),
    "penalties:simple_cash": ("get", OFFICERS, 302),
    "penalties:simple_close": ("get", OFFICERS, 302),
    # The walk's case is closed, hence locked: both pages send officers back to it.
    "penalties:case_edit": ("get", OFFICERS, 302),
    "penalties:evidence_add": ("get", OFFICERS, 302),
    "penalties:evidence_photos": ("get", OFFICERS, 302),
    "penalties:evidence_file": ("get", ALL, 200),
    # Evidence measures: the closed case sends officers back; the open preservation's steps.
    "penalties:evidence_samples": ("get", OFFICERS, 302),
    "penalties:preservation_add": ("get", OFFICERS, 302),
    "penalties:preservation_take": ("get", OFFICERS, 200),
    "penalties:preservation_dispose": ("get", OFFICERS, 200),
    "penalties:preservation_due": ("get", ALL, 200),
    "penalties:case_transfer": ("get", OFFICERS, 302),
    "penalties:measure_add": ("get", OFFICERS, 302),
    # A 询问笔录 is an on-site record: those who make them (inspections.add_onsiterecord).
    "penalties:interview_add": ("get", {"inspector"}, 302),
}
SEGMENTS = {
    "cases": "penaltycase",
    "violations": "violation",
    "evidence": "caseevidence",
    "preservations": "evidencepreservation",
}

# Cases and what they gather are written only by penalties.services: read-only in the admin.
# Time limits are changed, never deleted: every step counts with them.
ADMIN_RULES = [
    (
        r"^admin:penalties_(penaltycase|casepayment|caseamendment|casereview)_(add|delete)$",
        403,
    ),
    (r"^admin:penalties_timelimit_delete$", 403),
    (r"^admin:penalties_(caseapproval|casediscussion)_(add|delete)$", 403),
    (r"^admin:penalties_procedurerule_delete$", 403),
    # the simple procedure's thresholds and rules: changed with the law, never deleted
    (r"^admin:penalties_(onspotthreshold|onspotrule)_delete$", 403),
    # written by their services only (责令改正通知书, 取缔 and other measures)
    (r"^admin:penalties_(correctionorder|casemeasure)_(add|delete)$", 403),
]


def make_objects(objects):
    """A closed, reviewed and amended case, made through the services; reference rows saved
    once so their admin history pages have an entry."""
    from penalties import services
    from penalties.choices import CaseStatus
    from penalties.models import (
        DiscretionLevel,
        HearingThreshold,
        OnSpotRule,
        OnSpotThreshold,
        ProcedureRule,
        TimeLimit,
        Violation,
    )
    from tests.conftest import make_persona
    from tests.penalties.factories import case_at, days_ago

    for model in (
        Violation,
        DiscretionLevel,
        TimeLimit,
        ProcedureRule,
        HearingThreshold,
        OnSpotThreshold,
        OnSpotRule,
    ):
        model.objects.order_by("pk").first().save()
    if "penaltycase" in objects:
        return {}
    manager = make_persona("manager")
    case = case_at(CaseStatus.CLOSED)
    services.case_amend(case=case, user=manager, reason="更正地址", party_address="新地址 1 号")
    from inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.for_case_review().first()
    scores = {item.pk: (item.max_points, "") for item in template.items.all()}
    services.case_review(
        case=case, user=manager, template=template, scores=scores, reviewed_on=days_ago(1)
    )
    from penalties.services.preservation import preservation_request
    from tests.penalties.factories import file_case

    open_case = file_case()
    from tests.factories import UserFactory

    managers = [manager, UserFactory(role="manager"), UserFactory(role="manager")]
    services.discussion_record(
        case=open_case,
        user=open_case.created_by,
        kind="collective",
        held_on=days_ago(50),
        host=manager,
        participants=managers,
        recorder=open_case.created_by,
        facts="事实",
        discretion="裁量理由",
        conclusion="同意",
    )
    preservation = preservation_request(
        case=open_case,
        user=open_case.created_by,
        requested_on=days_ago(50),
        reason="证据可能被转移",
        place_kept="当事人仓库",
        items=[{"name": "注射器", "quantity": "10", "unit": "支"}],
        officers=list(open_case.officers.all()),
    )
    from penalties.services.orders import correction_order_issue, measure_record

    order = correction_order_issue(
        case=open_case,
        user=open_case.created_by,
        issued_on=days_ago(50),
        content="立即停止违法行为",
        due_on=days_ago(40),
    )
    measure = measure_record(
        case=open_case,
        user=open_case.created_by,
        kind="ban",
        taken_on=days_ago(50),
        basis="《医疗机构管理条例》第四十三条",
    )
    return {
        "penaltycase": case.pk,
        "evidencepreservation": preservation.pk,
        "correctionorder": order.pk,
        "casemeasure": measure.pk,
    }
