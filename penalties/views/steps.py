"""The step pages of a case: GET shows the step's form, POST calls the step's service and
goes back to the case. A service's refusal lands on the fields it names (an out-of-order
step or a closed case on the whole form) and nothing is written."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.locking import record_version, with_records
from core.people import display_name
from core.views import ServiceFormView
from penalties import services
from penalties.choices import CaseStatus, PaymentKind, PenaltyStage, TimeLimitCode
from penalties.forms import (
    CloseForm,
    DecideForm,
    ExecuteForm,
    ExtendForm,
    HearingHoldForm,
    HearingRequestForm,
    HearingScheduleForm,
    InvestigateForm,
    NotifyForm,
    PaymentForm,
    StatementForm,
    WaiveForm,
    correction_initial,
    penalty_initial,
)
from penalties.models import PenaltyCase, TimeLimit


def _date(value):
    return f"{value:%Y-%m-%d}" if value else "—"


def _money(value):
    return f"{value.normalize():,f} 元"


class StepView(ServiceFormView):
    """One step of the procedure on one case. Subclasses set form_class, service, title,
    done (the success message) and may add initial values, facts and context."""

    permission_required = "penalties.change_penaltycase"
    template_name = "penalties/step_form.html"
    service = None  # staticmethod(services.<step>)
    done = "已保存"
    submit_label = "保存"
    open_when_closed = False  # amendment and case review work on closed cases
    prefetch = ()

    def get_object(self):
        cases = PenaltyCase.objects.select_related("violation", "legal_reviewer")
        cases = cases.prefetch_related(*self.prefetch)
        return get_object_or_404(cases, pk=self.kwargs["pk"])

    def get_initial(self, case) -> dict:
        return {}

    def form_kwargs(self, case) -> dict:
        return {}

    def get_form(self, case, data=None):
        return self.form_class(data, initial=self.get_initial(case), **self.form_kwargs(case))

    def arguments(self, form, case) -> dict:
        return dict(form.cleaned_data)

    def perform(self, form, case):
        self.result = self.service(case=case, user=self.request.user, **self.arguments(form, case))
        return case

    def success_message(self, case) -> str:
        return f"{self.done}：{case.number}"

    def facts(self, case) -> list:
        """(label, value) pairs shown above the form: the limits and numbers that matter."""
        return []

    def extra_context(self, case) -> dict:
        return {}

    def get_context(self, case) -> dict:
        return {
            "object": case,
            "case": case,
            "title": f"{self.title}：{case.number}",
            "submit_label": self.submit_label,
            "closed_notice": case.is_closed and not self.open_when_closed,
            "facts": self.facts(case),
            **self.extra_context(case),
        }


class InvestigateView(StepView):
    form_class = InvestigateForm
    service = staticmethod(services.case_investigate)
    title = "调查取证"
    done = "已开始调查取证"

    def facts(self, case):
        return [("立案日期", _date(case.filed_on))]


class ExtendView(StepView):
    permission_required = "penalties.approve_extension"
    form_class = ExtendForm
    service = staticmethod(services.case_extend)
    title = "延长办案期限"
    done = "已批准延长办案期限"

    def facts(self, case):
        return [("作出决定期限", _date(case.decision_due))]

    def success_message(self, case):
        return f"{self.done}至 {self.result.new_due:%Y-%m-%d}：{case.number}"


def discretion_context(case) -> dict:
    """The violation's discretion table, shown while the penalties are typed in."""
    return {"violation": case.violation, "levels": list(case.violation.levels.all())}


class NotifyView(StepView):
    """The notice; on a notified case, the re-notice (重新告知) starting from the proposal."""

    form_class = NotifyForm
    service = staticmethod(services.case_notify)
    title = "告知拟处罚"
    done = "已告知拟处罚"
    submit_label = "告知"
    prefetch = ("penalties",)

    def renotice(self, case) -> bool:
        return case.status == CaseStatus.NOTIFIED

    def get_initial(self, case):
        if not self.renotice(case):
            return {}
        return {
            "severity": case.proposed_severity,
            "departure_reason": case.proposal_departure_reason,
            **penalty_initial(case.penalties_at(PenaltyStage.PROPOSED)),
            **correction_initial(case),
        }

    def get_context(self, case):
        context = super().get_context(case)
        if self.renotice(case):
            context.update(title=f"重新告知：{case.number}", submit_label="重新告知")
        return context

    def arguments(self, form, case):
        data = form.cleaned_data
        return {
            "done_on": data["done_on"],
            "severity": data["severity"],
            "penalties": form.penalty_input(),
            "departure_reason": data["departure_reason"],
        }

    def facts(self, case):
        facts = [("作出决定期限", _date(case.decision_due))]
        if self.renotice(case):
            facts[:0] = [
                ("原告知书", f"{case.notice_number}（{_date(case.notified_on)}）"),
                (
                    "重新告知",
                    "原告知书作废；当事人重新享有陈述申辩和申请听证的权利，须重新法制审核",
                ),
            ]
        return facts

    def extra_context(self, case):
        return discretion_context(case)

    def success_message(self, case):
        case.refresh_from_db(fields=["notice_number"])
        done = "已重新告知" if self.renotice(case) else self.done
        return f"{done}：{case.number}，告知书 {case.notice_number}"


class StatementView(StepView):
    form_class = StatementForm
    service = staticmethod(services.statement_record)
    title = "陈述申辩"
    done = "已记录陈述申辩"

    def facts(self, case):
        return [
            ("告知日期", _date(case.notified_on)),
            ("陈述申辩截止日", _date(case.statement_due)),
        ]


class WaiveView(StepView):
    form_class = WaiveForm
    service = staticmethod(services.rights_waive)
    title = "放弃陈述申辩和听证"
    done = "已记录当事人放弃陈述申辩和听证"

    def arguments(self, form, case):
        return {"waived_on": form.cleaned_data["waived_on"]}

    def facts(self, case):
        return [("告知日期", _date(case.notified_on))]


class HearingRequestView(StepView):
    form_class = HearingRequestForm
    service = staticmethod(services.hearing_request)
    title = "听证申请"
    done = "已登记听证申请"

    def facts(self, case):
        return [
            ("告知日期", _date(case.notified_on)),
            ("申请听证截止日", _date(case.hearing_request_due)),
        ]


class HearingScheduleView(StepView):
    form_class = HearingScheduleForm
    service = staticmethod(services.hearing_schedule)
    title = "安排听证"
    done = "已安排听证"

    def get_initial(self, case):
        today = timezone.localdate()
        return {"scheduled_for": TimeLimit.due(TimeLimitCode.HEARING_NOTICE, today)}

    def facts(self, case):
        hearing = getattr(case, "hearing", None)
        return [("听证申请日期", _date(hearing.requested_on if hearing else None))]


class HearingHoldView(StepView):
    form_class = HearingHoldForm
    service = staticmethod(services.hearing_hold)
    title = "举行听证"
    done = "已记录听证"

    def facts(self, case):
        hearing = getattr(case, "hearing", None)
        if hearing is None:
            return []
        return [
            ("通知的听证日期", _date(hearing.scheduled_for)),
            ("地点", hearing.place or "—"),
            ("主持人", hearing.host or "—"),
        ]


def legal_review_text(case) -> str:
    if case.legal_reviewer is None:
        return "未审核（裁量基准要求法制审核或罚款高于裁量上限的，须先由负责人办理法制审核）"
    return f"{display_name(case.legal_reviewer)} {case.legal_review_state}：{case.legal_review_opinion}"


class DecideView(StepView):
    form_class = DecideForm
    service = staticmethod(services.case_decide)
    title = "作出处罚决定"
    done = "已作出处罚决定"
    submit_label = "作出决定"
    prefetch = ("penalties",)

    def get_initial(self, case):
        return {
            "severity": case.proposed_severity,
            "departure_reason": case.proposal_departure_reason,
            **penalty_initial(case.penalties_at(PenaltyStage.PROPOSED)),
            # The correction the 负责人 approved with the report, else the notice's reason.
            **(services.approved_correction(case) or correction_initial(case)),
        }

    def arguments(self, form, case):
        data = form.cleaned_data
        return {
            "done_on": data["done_on"],
            "severity": data["severity"],
            "penalties": form.penalty_input(),
            "departure_reason": data["departure_reason"],
        }

    def facts(self, case):
        return [
            ("告知书", case.notice_number or "—"),
            ("告知日期", _date(case.notified_on)),
            ("拟认定情节", case.get_proposed_severity_display() or "—"),
            ("作出决定期限", _date(case.decision_due)),
            ("法制审核", legal_review_text(case)),
        ]

    def extra_context(self, case):
        return {**discretion_context(case), "proposed": case.penalties_at(PenaltyStage.PROPOSED)}

    def success_message(self, case):
        case.refresh_from_db(fields=["decision_number"])
        return f"{self.done}：{case.number}，决定书 {case.decision_number}"


def money_rows(case, today) -> list:
    """Each kind of money the case involves: decided, paid and outstanding (as shown)."""
    amounts = []
    for kind in (PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS):
        decided = case.amount_decided(kind)
        if decided:
            amounts.append((kind, decided))
    charge = services.late_charge(case, today)
    if charge:
        amounts.append((PaymentKind.LATE_CHARGE, charge))
    rows = []
    for kind, decided in amounts:
        paid = case.amount_paid(kind)
        rows.append(
            {
                "label": PaymentKind(kind).label,
                "decided": f"{decided:,.2f}",
                "paid": f"{paid:,.2f}",
                "owed": f"{decided - paid:,.2f}",
                "owing": decided > paid,
            }
        )
    return rows


class MoneyStepView(StepView):
    """Steps that show what is due, paid and outstanding."""

    prefetch = ("penalties", "payments")

    def extra_context(self, case):
        return {"money": money_rows(case, timezone.localdate())}

    def facts(self, case):
        return [
            ("送达日期", _date(case.served_on)),
            ("缴款期限", _date(case.payment_due)),
        ]


class PaymentView(MoneyStepView):
    form_class = PaymentForm
    service = staticmethod(services.payment_record)
    title = "登记缴款"
    done = "已登记缴款"

    def version_of(self, case, *, lock=False):
        # A payment leaves the case's own fields as they were: the page's version names
        # the payments too, so the same form sent twice (a double click, Back and save)
        # records one payment, not two.
        payments = case.payments.values_list("pk", flat=True)
        return with_records(record_version(case, lock=lock), payments)

    def stale_notes(self, case):
        # Most often the user's own payment, sent again after its answer was lost (a
        # reload, a double click): name it, so that nobody records it a second time.
        latest = case.payments.select_related("recorded_by").order_by("-recorded_at").first()
        if latest is None:
            return []
        who = display_name(latest.recorded_by)
        receipt = f"，票据号 {latest.receipt_number}" if latest.receipt_number else ""
        return [
            f"本案最近一笔缴款：{latest.get_kind_display()} {_money(latest.amount)}"
            f"（{latest.paid_on:%Y-%m-%d}{receipt}），由{who}于 "
            f"{timezone.localtime(latest.recorded_at):%Y-%m-%d %H:%M} 登记。"
            "如这正是您刚才提交的缴款，它已经登记，请勿再次登记。"
        ]

    def get_initial(self, case):
        owed = services.outstanding(case, PaymentKind.FINE)
        return {"kind": PaymentKind.FINE, "amount": owed if owed > 0 else None}

    def success_message(self, case):
        payment = self.result
        fresh = PenaltyCase.objects.prefetch_related("penalties", "payments").get(pk=case.pk)
        owed = services.outstanding(fresh, payment.kind, as_of=payment.paid_on)
        left = f"尚欠 {_money(owed)}" if owed > 0 else "已缴清"
        return f"{self.done} {_money(payment.amount)}（{payment.get_kind_display()}{left}）：{case.number}"


class ExecuteView(MoneyStepView):
    form_class = ExecuteForm
    service = staticmethod(services.case_execute)
    title = "执行完毕"
    done = "已登记执行完毕"

    def arguments(self, form, case):
        data = form.cleaned_data
        return {
            "done_on": data["done_on"],
            "note": data["note"],
            "late_charge_waiver_reason": data["late_charge_waiver_reason"],
        }


class CloseView(StepView):
    form_class = CloseForm
    service = staticmethod(services.case_close)
    title = "结案"
    done = "已结案"
    submit_label = "结案"

    def facts(self, case):
        return [("执行完毕日期", _date(case.executed_on))]
