"""Who may do what to every model, per role and per action (view, add, change, delete and
each model's own actions: publish, legal review, ...). The table below is the office's
rule; the groups the migrations create must match it exactly, and a new model or action
fails here until it is placed in the table (as a new URL fails the URL walk)."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.conftest import make_persona

A, C, I, M = "administrator", "clerk", "inspector", "manager"  # noqa: E741
EVERYONE = {A, C, I, M}
NOBODY: set[str] = set()
PROJECT_APPS = ("core", "premises", "inspections", "licensing", "penalties", "reports")


def acts(view=EVERYONE, add=NOBODY, change=NOBODY, delete=NOBODY, **own):
    return {"view": view, "add": add, "change": change, "delete": delete, **own}


# Rules that change with regulations: data the administrator keeps.
REFERENCE = acts(add={A}, change={A}, delete={A})
# Records written by the system alongside an action, never by hand.
BY_ACTIONS_ONLY = acts()

MATRIX = {
    # the kernel
    "core.calendarday": acts(view={A}, add={A}, change={A}, delete={A}),
    "core.documentcounter": acts(view={A}),  # numbers are taken, never typed
    "core.documentseries": acts(view={A}, change={A}),
    # 文号代字 (地区简称, 执法类别) the patterns take: reference data of the administrator
    "core.documentcode": acts(view={A}, add={A}, change={A}, delete={A}),
    "core.personaldataaccess": {"view": {A}},  # the log of unmasked ID numbers: read only
    "core.job": {"view": EVERYONE},  # background jobs: each sees their own (core/views_jobs.py)
    # API tokens: administrators issue their own and revoke others' (core/admin_accounts.py)
    "core.apitoken": {"view": {A}, "add": {A}, "delete": {A}},
    # import batches, their records and saved mappings: written by the imports; who may
    # see or undo a batch is the importer's own permission (core/batches.py)
    "core.importbatch": {"view": NOBODY},
    "core.importmapping": acts(view=NOBODY),
    # officers' enforcement certificates (执法证), kept by administrators
    "core.officercertificate": acts(view={A}, add={A}, change={A}, delete={A}),
    # the registry
    "premises.domain": REFERENCE,
    "premises.category": REFERENCE,
    "premises.township": REFERENCE,
    "premises.post": REFERENCE,  # 岗位: whether it serves customers (the 体检率's denominator)
    "premises.establishment": acts(add={A, C}, change={A, C}, delete={A}),
    "premises.establishmentstatuschange": acts(add={A, C}),
    # a unit's further domains (a hospital's 放射诊疗): registered, ended or removed (when
    # registered by mistake and unused) by those who keep the registry
    "premises.supervision": acts(add={A, C}, change={A, C}, delete={A, C}),
    "premises.practitioner": acts(
        add={A, C}, change={A, C}, delete={A}, view_full_id_number={A, C}
    ),
    # the radiation-health register (放射卫生): kept by the clerk and by the inspector on site;
    # records removed only by administrators; dose limits are reference data
    **{
        f"premises.{model}": acts(add={A, C, I}, change={A, C, I}, delete={A})
        for model in (
            "radiationdevice",
            "radiationworker",
            "dosereading",
            "radiationexam",
            "radiationproject",
        )
    },
    "premises.doselimit": REFERENCE,
    # the drinking-water register (生活饮用水) and schools' particulars (学校卫生): kept by
    # the inspector on site and the clerk; records removed only by administrators; the
    # 二次供水 cleaning interval is reference data
    **{
        f"premises.{model}": acts(add={A, C, I}, change={A, C, I}, delete={A})
        for model in (
            "supplyparticulars",
            "watertank",
            "waterproduct",
            "productsale",
            "productsampling",
            "schoolprofile",
        )
    },
    "premises.tankcleaningrule": REFERENCE,
    # the occupational-health register (职业卫生): kept by the inspector on site and the
    # clerk; records removed only by administrators (a hazard row by whoever keeps the
    # profile); the hazard catalogue is reference data
    **{
        f"premises.{model}": acts(add={A, C, I}, change={A, C, I}, delete={A})
        for model in (
            "occupationalprofile",
            "healthsurveillance",
            "occupationaldiseasecase",
            "constructionproject",
        )
    },
    "premises.hazardexposure": acts(add={A, C, I}, change={A, C, I}, delete={A, C, I}),
    "premises.hazardfactor": REFERENCE,
    # the medical register (医疗卫生): the licence particulars are entered by the clerk from
    # the health commission's register (a change is a new record, never an edit); staff and
    # infection-control particulars are also recorded by the inspector on site; the
    # catalogues of 诊疗科目 and 执业范围 are reference data
    "premises.medicallicence": acts(add={A, C}, delete={A}),
    "premises.medicalstaff": acts(add={A, C, I}, change={A, C, I}, delete={A}),
    "premises.infectioncontrol": acts(add={A, C, I}, delete={A}),
    "premises.clinicalsubject": REFERENCE,
    "premises.practicescope": REFERENCE,
    # inspections: field records are added, never edited in place
    # corrected only on the record (更正 / 作废): by its author, or by a manager
    "inspections.inspection": acts(add={A, I}, correct={A, I}, correct_any={M}),
    "inspections.recordamendment": BY_ACTIONS_ONLY,
    "inspections.inspectionphoto": acts(add={A, I}),
    # on-site records: edited until signed (the service refuses afterwards), then amended
    # by a new version; signatures are added, never changed
    "inspections.onsiterecord": acts(add={A, I}, change={A, I}),
    "inspections.onsitesignature": acts(add={A, I}),
    "inspections.sample": acts(add={A, I}),
    "inspections.sampleresult": BY_ACTIONS_ONLY,
    "inspections.supervisionopinion": acts(add={A, I}),
    "inspections.opinionitem": BY_ACTIONS_ONLY,
    "inspections.opinionamendment": acts(add={A, I}),
    "inspections.checklistscore": BY_ACTIONS_ONLY,
    "inspections.checklisttemplate": REFERENCE,
    "inspections.checklistitem": REFERENCE,
    "inspections.problemtype": REFERENCE,
    "inspections.standardlimit": REFERENCE,
    "inspections.sampletypescope": REFERENCE,  # which units a sample type is taken at
    "inspections.campaign": acts(add={A, M}, change={A, M}),
    "inspections.randomdraw": acts(add={A, M}),
    "inspections.drawassignment": BY_ACTIONS_ONLY,
    "inspections.drawsubstitution": acts(add={A, M}),  # who replaced a drawn inspector
    # complaints (投诉举报): the clerk registers, the manager assigns (and extends, voids),
    # the officer it is assigned to handles it (the service checks which officer);
    # the complainant's particulars are seen by the clerk, managers and that officer
    "inspections.complaint": acts(
        add={A, C},
        assign={A, M},
        handle={A, I, M},
        view_complainant={A, C, M},
    ),
    "inspections.complaintamendment": BY_ACTIONS_ONLY,
    "inspections.complainttimelimit": REFERENCE,
    # 信誉度等级: assessed by officers from an inspection, voided by managers; the rules
    # (thresholds, frequencies, draw shares) are shipped rows the administrator edits
    "inspections.gradeassessment": acts(add={A, I}, void={A, M}),
    "inspections.graderule": acts(change={A}),
    # 健康促进: officers assess, managers void; the standards (shipped, one per group) and
    # the yearly plan with its targets are kept by the administrator
    "inspections.promotionassessment": acts(add={A, I}, void={A, M}),
    "inspections.promotionscore": BY_ACTIONS_ONLY,
    "inspections.promotionstandard": acts(change={A}),
    "inspections.promotionplan": REFERENCE,
    "inspections.promotiontarget": REFERENCE,
    # licensing and health
    "licensing.permittype": acts(add={A}, change={A}),
    # the window: the clerk receives, reviews and issues; the 负责人 (manager) decides;
    # post-issue checks (告知承诺制) by whoever made the check
    "licensing.application": acts(
        add={A, C}, change={A, C}, review={A, C}, decide={A, M}, check={A, C, I, M}
    ),
    "licensing.licensingdocument": BY_ACTIONS_ONLY,  # numbered by the step that issues it
    "licensing.permit": acts(add={A, C}, change={A, C}),
    "licensing.permitreview": acts(add={A, C, I}),  # 复核 every review_years of the type
    "licensing.consultation": acts(add={A, C}),
    "licensing.healthrule": REFERENCE,
    "licensing.healthcertificate": acts(add={A, C}, change={A, C}, delete={A}),
    "licensing.trainingsession": acts(add={A, C}, change={A, C}, delete={A}),
    "licensing.trainingattendance": acts(add={A, C}, change={A, C}, delete={A}),
    # penalty cases: officers file and run them; managers review, approve and amend
    "penalties.penaltycase": acts(
        add={I, M},
        change={I, M},
        legal_review={M},
        approve_extension={M},
        approve_case={M},
        waive_late_charge={M},
        review_case={M},
        amend_case={M},
    ),
    "penalties.violation": REFERENCE,
    "penalties.discretionlevel": REFERENCE,
    "penalties.timelimit": acts(add={A}, change={A}),  # limits are never deleted
    "penalties.casestep": BY_ACTIONS_ONLY,
    "penalties.casecomplaint": BY_ACTIONS_ONLY,  # the complaint a case grew from (its service)
    "penalties.casepenalty": BY_ACTIONS_ONLY,
    "penalties.caseevidence": BY_ACTIONS_ONLY,
    "penalties.casepayment": BY_ACTIONS_ONLY,
    "penalties.caseextension": BY_ACTIONS_ONLY,
    # approvals and 合议/集体讨论: written by their services (penalties.approve_case decides)
    "penalties.caseapproval": BY_ACTIONS_ONLY,
    "penalties.casediscussion": BY_ACTIONS_ONLY,
    "penalties.procedurerule": acts(add={A}, change={A}),  # cases point to them
    "penalties.caseamendment": BY_ACTIONS_ONLY,
    "penalties.casereview": BY_ACTIONS_ONLY,
    "penalties.casereviewscore": acts(view=NOBODY),
    "penalties.hearing": BY_ACTIONS_ONLY,
    "penalties.partystatement": BY_ACTIONS_ONLY,
    # evidence measures: written by their services only (penalties.change_penaltycase)
    "penalties.evidencepreservation": BY_ACTIONS_ONLY,
    "penalties.preserveditem": BY_ACTIONS_ONLY,
    "penalties.casetransfer": BY_ACTIONS_ONLY,
    "penalties.caseinterview": BY_ACTIONS_ONLY,
    # the catalogue's records beside the penalties: written by their services only
    "penalties.correctionorder": BY_ACTIONS_ONLY,
    "penalties.casemeasure": BY_ACTIONS_ONLY,
    "penalties.confiscateditem": BY_ACTIONS_ONLY,
    "penalties.hearingthreshold": REFERENCE,  # 较大数额 by party type, set by the province
    # service (送达) records: written by services.service_record
    "penalties.caseservice": BY_ACTIONS_ONLY,
    # the simple procedure (简易程序): decisions written by its services; the fine limits
    # by party type and the cash and 备案 rules kept by the administrator (rules not deleted)
    "penalties.onspotdecision": BY_ACTIONS_ONLY,
    "penalties.onspotthreshold": REFERENCE,
    "penalties.onspotrule": acts(add={A}, change={A}),
    # reports
    "reports.summaryreport": acts(add={M}, change={M}, publish={M}),
    "reports.infocardreport": acts(add={C, M}),
    # focused plans (重点监督检查计划): managers write plans (their targets with them) and
    # record the tables sent to the city; a submission is never changed or deleted
    "reports.focusedplan": acts(add={M}, change={M}),
    "reports.plantarget": BY_ACTIONS_ONLY,
    "reports.plansubmission": acts(add={M}),
}
# History copies and derived data: no role acts on them directly.
UNTOUCHABLE = ("historical", "rollup")


def _permissions():
    """(model, action, "app.codename", roles holding it) for every project permission."""
    for permission in Permission.objects.filter(
        content_type__app_label__in=PROJECT_APPS
    ).select_related("content_type"):
        app_label, name = permission.content_type.app_label, permission.content_type.model
        action = permission.codename.removesuffix(f"_{name}")
        roles = set(permission.group_set.values_list("name", flat=True))
        yield f"{app_label}.{name}", action, f"{app_label}.{permission.codename}", roles


def _expected(model: str, action: str) -> set[str]:
    if model.split(".")[1].startswith(UNTOUCHABLE):
        return NOBODY
    assert model in MATRIX, f"{model}: place it in the table of who may do what"
    assert action in MATRIX[model], f"{model}.{action}: place it in the table"
    return MATRIX[model][action]


@pytest.mark.django_db
def test_every_role_holds_exactly_the_permissions_of_the_table():
    seen, wrong = set(), {}
    for model, action, perm, roles in _permissions():
        seen.add((model, action))
        if roles != _expected(model, action):
            wrong[perm] = {"held by": sorted(roles), "table": sorted(_expected(model, action))}
    assert not wrong, wrong
    listed = {(model, action) for model, rules in MATRIX.items() for action in rules}
    assert listed <= seen, listed - seen  # no rule left for a permission that is gone


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_a_user_of_a_role_can_do_exactly_what_the_table_says(role):
    user = make_persona(role)
    for model, action, perm, _ in _permissions():
        assert user.has_perm(perm) is (role in _expected(model, action)), (role, perm)


@pytest.mark.django_db
def test_an_outsider_and_a_user_of_no_group_hold_nothing():
    outsider = make_persona("outsider")
    assert not outsider.groups.exists()
    assert not {p for p in outsider.get_all_permissions() if p.split(".")[0] in PROJECT_APPS}
    assert set(Group.objects.values_list("name", flat=True)) == EVERYONE
