"""Pages beside the ordinary steps: the legal review (法制审核) before the decision, a case
ended without a decision (不予处罚、撤销立案、移送), the recorded amendment and the case
review (案卷评查)."""

from penalties import services
from penalties.choices import CaseStatus, PartyKind, PenaltyStage
from penalties.forms import AmendForm, LegalReviewForm, ReviewForm, TerminateForm
from penalties.views.steps import StepView, discretion_context, legal_review_text


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "—"


class LegalReviewView(StepView):
    """A reviewer who is not an officer of the case reviews the notified proposal."""

    permission_required = "penalties.legal_review"
    form_class = LegalReviewForm
    service = staticmethod(services.case_legal_review)
    title = "法制审核"
    done = "已登记法制审核"
    submit_label = "保存审核意见"
    prefetch = ("penalties",)

    def facts(self, case):
        return [
            ("告知书", case.notice_number or "—"),
            ("告知日期", _date(case.notified_on)),
            ("拟认定情节", case.get_proposed_severity_display() or "—"),
            ("违法事实", case.notice_facts or case.facts),
            ("此前的审核", legal_review_text(case) if case.legal_reviewer else "—"),
        ]

    def extra_context(self, case):
        return {**discretion_context(case), "proposed": case.penalties_at(PenaltyStage.PROPOSED)}

    def success_message(self, case):
        case.refresh_from_db(fields=["legal_review_approved"])
        verdict = "同意" if case.legal_review_approved else "不同意"
        return f"{self.done}（{verdict}）：{case.number}"


class TerminateView(StepView):
    """Close a case before any decision: no penalty, filing withdrawn, or transferred."""

    form_class = TerminateForm
    service = staticmethod(services.case_terminate)
    title = "不予处罚、撤销或移送结案"
    done = "已结案"
    submit_label = "结案"

    def facts(self, case):
        return [
            ("立案日期", _date(case.filed_on)),
            ("告知书", case.notice_number or "—"),
            ("作出决定期限", _date(case.decision_due)),
        ]

    def success_message(self, case):
        case.refresh_from_db(fields=["outcome"])
        return f"{self.done}（{case.get_outcome_display()}）：{case.number}"


class AmendView(StepView):
    """Correct a decided or closed case; the service records what changed and why."""

    permission_required = "penalties.amend_case"
    form_class = AmendForm
    service = staticmethod(services.case_amend)
    title = "更正案件"
    done = "已记录更正"
    submit_label = "保存更正"
    open_when_closed = True

    def code_hidden(self, case) -> bool:
        # A person's ID number is masked here for everyone (the case page shows it in full
        # on request, logged): typing one corrects it, leaving the field empty keeps it.
        return case.party_kind == PartyKind.PERSON

    def form_kwargs(self, case):
        omit = []
        if not case.reached(CaseStatus.EXECUTED):
            omit.append("execution_note")
        if not case.reached(CaseStatus.CLOSED):
            omit.append("closing_summary")
        hidden = case.party_code_masked if self.code_hidden(case) else ""
        return {"hidden_code": hidden, "omit": omit}

    def get_initial(self, case):
        initial = {name: getattr(case, name) for name in AmendForm.CHANGES}
        if self.code_hidden(case):
            initial["party_code"] = ""
        return initial

    def arguments(self, form, case):
        return {"reason": form.cleaned_data["reason"], **form.changes()}

    def facts(self, case):
        return [("办理环节", case.get_status_display()), ("决定书", case.decision_number or "—")]

    def success_message(self, case):
        fields = "、".join(self.result.changes)
        return f"{self.done}（{fields}）：{case.number}"


class ReviewView(StepView):
    """Score a closed case file with the current review checklist; choosing another
    checklist reloads the page with its items."""

    permission_required = "penalties.review_case"
    form_class = ReviewForm
    template_name = "penalties/review_form.html"
    service = staticmethod(services.case_review)
    title = "案卷评查"
    done = "已完成案卷评查"
    submit_label = "保存评查"
    open_when_closed = True

    def post(self, request, **kwargs):
        if "_reload" in request.POST:
            case = self.get_object()
            initial = {"template": request.POST.get("template")}
            return self.render(ReviewForm(initial=initial), case)
        return super().post(request, **kwargs)

    def arguments(self, form, case):
        data = form.cleaned_data
        return {
            "template": data["template"],
            "scores": form.scores(),
            "reviewed_on": data["reviewed_on"],
            "comments": data["comments"],
        }

    def facts(self, case):
        return [
            ("办理环节", case.get_status_display()),
            ("结案日期", f"{case.closed_on:%Y-%m-%d}" if case.closed_on else "—"),
        ]

    def extra_context(self, case):
        reviewed = getattr(case, "review", None)
        return {"not_closed": not case.is_closed, "reviewed": reviewed}

    def render(self, form, case, status=200):
        self.sections = form.score_sections()
        return super().render(form, case, status=status)

    def get_context(self, case):
        return {**super().get_context(case), "sections": self.sections}

    def success_message(self, case):
        review = self.result
        return f"{self.done}：{case.number} 得分 {review.total.normalize():f}（{review.grade}）"
