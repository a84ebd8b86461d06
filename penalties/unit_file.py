"""penalties' section of the unit's file (premises/unit_file.py): the unit's cases with
their step and money, each step done on the timeline, and the link to open a case.
Registered in PenaltiesConfig.ready(); two queries whatever the number of cases."""

from django.urls import reverse

from penalties.choices import CaseOutcome, CaseStatus
from penalties.models import CaseStep, PenaltyCase
from penalties.panels import ADD, VIEW
from premises.unit_file import Action, Entry, Section, register_section

_STEP_TITLES = {
    CaseStatus.FILED: "立案",
    CaseStatus.INVESTIGATING: "调查取证",
    CaseStatus.NOTIFIED: "行政处罚事先告知",
    CaseStatus.DECIDED: "作出行政处罚决定",
    CaseStatus.SERVED: "送达处罚决定书",
    CaseStatus.EXECUTED: "执行",
    CaseStatus.CLOSED: "结案",
}


def cases_section(establishment, request):
    if not request.user.has_perm(VIEW):
        return None
    cases = list(
        PenaltyCase.objects.filter(establishment=establishment)
        .select_related("violation")
        .with_money()
        .order_by("-year", "-sequence")
    )
    by_pk = {c.pk: c for c in cases}
    steps = CaseStep.objects.filter(case__establishment=establishment).order_by("done_on", "id")
    entries = []
    for step in steps:
        case = by_pk.get(step.case_id)
        if case is None:
            continue
        title = _STEP_TITLES.get(step.step, step.get_step_display())
        text = f"{case.number}，{case.violation.name}"
        if step.step == CaseStatus.CLOSED and case.outcome:
            text += f"（{case.get_outcome_display()}）"
        tone = "alert" if step.step == CaseStatus.FILED else ""
        if step.step == CaseStatus.CLOSED and case.outcome == CaseOutcome.WITHDRAWN:
            tone = ""
        entries.append(
            Entry(day=step.done_on, title=title, text=text, url=case.get_absolute_url(), tone=tone)
        )
    actions = []
    if request.user.has_perm(ADD):
        url = reverse("penalties:case_add") + f"?establishment={establishment.pk}"
        actions.append(Action("立案", url, primary=True))
    open_ = sum(not c.is_closed for c in cases)
    return Section(
        title=f"行政处罚案件（{len(cases)}）",
        template="penalties/unit_file/_cases.html",
        context={"cases": cases, "open": open_},
        count=len(cases),
        entries=entries,
        actions=actions,
    )


def register():
    register_section("cases", cases_section, order=50, label="行政处罚")
