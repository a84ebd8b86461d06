"""Approval pages: an officer puts the 案件调查终结报告, the 结案报告 or an extension to the
负责人; the 负责人 (penalties.approve_case) approves or refuses; a 合议 / 集体讨论 is recorded."""

from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr

from core.people import display_name
from penalties import services
from penalties.choices import PenaltyStage
from penalties.forms.approvals import (
    ApprovalDecideForm,
    ClosingRequestForm,
    DecisionRequestForm,
    DiscussionForm,
    ExtensionRequestForm,
)
from penalties.forms.steps import correction_initial, penalty_initial
from penalties.models import ApprovalKind, CaseApproval
from penalties.views.steps import StepView, discretion_context


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "—"


def approvals_text(case, kind) -> str:
    rows = [a for a in case.approvals.all() if a.kind == kind]
    if not rows:
        return "—"
    last = rows[-1]
    if last.approved is None:
        return f"待审批（{last.requested_on:%Y-%m-%d} 报请）"
    return f"{last.state_label}（{display_name(last.approver)} {last.decided_on:%Y-%m-%d}）"


class DecisionRequestView(StepView):
    form_class = DecisionRequestForm
    title = "报请处罚决定审批（案件调查终结报告）"
    done = "已报请负责人审批"
    submit_label = "报请审批"
    prefetch = ("penalties", "approvals", "evidence")

    def get_initial(self, case):
        return {
            "facts": case.notice_facts or case.facts,
            # The evidence registered on the case, one per line, as the report lists it.
            "evidence": "\n".join(
                f"{e.title}（{e.get_kind_display()}，{e.collected_on:%Y-%m-%d}）"
                for e in case.evidence.all()
            ),
            "basis": case.violation.penalty_basis,
            "severity": case.proposed_severity,
            "departure_reason": case.proposal_departure_reason,
            "legal_review_triggers": case.legal_review_triggers,
            **penalty_initial(case.penalties_at(PenaltyStage.PROPOSED)),
            **correction_initial(case),
        }

    def perform(self, form, case):
        data = form.cleaned_data
        self.result = services.decision_request(
            case=case,
            user=self.request.user,
            requested_on=data["requested_on"],
            severity=data["severity"],
            penalties=form.penalty_input(),
            facts=data["facts"],
            evidence=data["evidence"],
            basis=data["basis"],
            discretion=data["discretion"],
            departure_reason=data["departure_reason"],
            legal_review_triggers=data["legal_review_triggers"],
        )
        return case

    def facts(self, case):
        return [
            ("告知书", case.notice_number or "—"),
            ("作出决定期限", _date(case.decision_due)),
            ("此前的报请", approvals_text(case, ApprovalKind.DECISION)),
        ]

    def extra_context(self, case):
        return discretion_context(case)


class ClosingRequestView(StepView):
    form_class = ClosingRequestForm
    title = "报请结案审批（结案报告）"
    done = "已报请负责人审批结案"
    submit_label = "报请审批"

    def perform(self, form, case):
        self.result = services.closing_request(
            case=case, user=self.request.user, **form.cleaned_data
        )
        return case


class ExtensionRequestView(StepView):
    form_class = ExtensionRequestForm
    title = "报请延长办案期限"
    done = "已报请延长办案期限"
    submit_label = "报请审批"

    def perform(self, form, case):
        self.result = services.extension_request(
            case=case, user=self.request.user, **form.cleaned_data
        )
        return case

    def facts(self, case):
        rule = case.procedure_rule
        return [
            ("作出决定期限", _date(case.decision_due)),
            ("适用程序规定", str(rule) if rule else "—"),
            ("延期批准", rule.extension_approver if rule else "本机关负责人"),
        ]


class ApprovalDecideView(StepView):
    """The 负责人 answers a request (403 for anyone without penalties.approve_case)."""

    permission_required = "penalties.approve_case"
    form_class = ApprovalDecideForm
    title = "负责人审批"
    done = "已审批"
    submit_label = "保存审批意见"

    def get_object(self):
        approvals = CaseApproval.objects.select_related("case", "case__violation", "requested_by")
        self.approval = get_object_or_404(approvals, pk=self.kwargs["pk"])
        return self.approval.case

    def perform(self, form, case):
        self.result = services.approval_decide(
            approval=self.approval, user=self.request.user, **form.cleaned_data
        )
        return case

    def facts(self, case):
        a = self.approval
        return [
            ("审批事项", a.get_kind_display()),
            ("报请人", display_name(a.requested_by)),
            ("报请日期", _date(a.requested_on)),
            # The report's parts (违法事实, 证据, …) each on a line of its own, as printed.
            ("报请内容", linebreaksbr(a.summary, autoescape=True)),
            ("状态", a.state_label),
        ]

    def success_message(self, case):
        return f"{self.approval.get_kind_display()}审批：{self.result.state_label}（{case.number}）"


class DiscussionView(StepView):
    form_class = DiscussionForm
    title = "合议、集体讨论记录"
    done = "已登记讨论记录"

    def perform(self, form, case):
        self.result = services.discussion_record(
            case=case, user=self.request.user, **form.cleaned_data
        )
        return case
