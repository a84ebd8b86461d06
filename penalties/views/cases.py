"""Pages of penalty cases: the list, the list of cases near or past a time limit, the case
page and its evidence files. Thin: penalties.services decides, core.lists lists."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import Column, ObjectListView
from core.models import AccessChannel
from core.people import display_names
from core.personal_data import FULL_ID_PERMISSION, may_reveal, no_store, record_access
from core.validators import mask_id_number
from core.views import RoleRequiredMixin
from penalties import services
from penalties.choices import (
    STEP_ORDER,
    CaseStatus,
    PartyKind,
    PaymentKind,
    PenaltyKind,
    PenaltyStage,
)
from penalties.filters import PenaltyCaseFilterSet
from penalties.models import (
    CaseAmendment,
    CaseEvidence,
    CaseExtension,
    CasePayment,
    CaseStep,
    DiscretionLevel,
    PartyStatement,
    PenaltyCase,
    TimeLimit,
)

User = get_user_model()
FULL_ID = FULL_ID_PERMISSION
CENT = Decimal("0.01")
# Edited directly before the notice only; evidence is registered until the decision.
EDITABLE = (CaseStatus.FILED, CaseStatus.INVESTIGATING)
EVIDENCE_OPEN = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED)


def officers_text(case) -> str:
    return display_names(case.officers.all())


def days_left(case, today=None):
    """Days until the current time limit (negative: overdue), or None without one."""
    if case.next_due is None or case.status == CaseStatus.CLOSED:
        return None
    return (case.next_due - (today or timezone.localdate())).days


def due_state(case) -> str:
    days = days_left(case)
    if days is None:
        return ""
    if days < 0:
        return f"已超期 {-days} 日"
    if days == 0:
        return "今日届满"
    return f"剩 {days} 日"


def overdue_text(case) -> str:
    days = days_left(case)
    return f"已超期 {-days} 日" if days is not None and days < 0 else ""


def money(value):
    return value.quantize(CENT) if value is not None else None


def due_label(case) -> str:
    return case.get_next_due_code_display() if case.next_due_code else ""


# ---------------------------------------------------------------- lists


class CaseListView(ObjectListView):
    permission_required = "penalties.view_penaltycase"
    model = PenaltyCase
    filterset_class = PenaltyCaseFilterSet
    template_name = "penalties/case_list.html"
    title = "行政处罚案件"
    export_stem = "行政处罚案件"
    default_sort = "-number"
    add_url_name = "penalties:case_add"
    add_permission = "penalties.add_penaltycase"
    private_search = True  # by the party's ID number: sent by POST, logged (core.lists)
    columns = (
        Column("number", "案号", lambda c: c.number, ("year", "sequence"), link=True, width=24),
        Column("party_name", "当事人", lambda c: c.party_name, ("party_name",), width=26),
        Column("party_kind", "当事人类型", lambda c: c.get_party_kind_display(), html=False),
        Column(
            "violation", "违法行为", lambda c: c.violation.name, ("violation__order",), width=36
        ),
        Column("source", "来源", lambda c: c.get_source_display(), ("source",), width=10),
        Column("status", "办理环节", lambda c: c.get_status_display(), width=10),
        Column("outcome", "结案类型", lambda c: c.get_outcome_display(), ("outcome",), width=14),
        Column("filed_on", "立案日期", lambda c: c.filed_on, ("filed_on",), width=12),
        Column("next_due_code", "当前期限", due_label, ("next_due_code",), width=18),
        Column("next_due", "期限届满日", lambda c: c.next_due, ("next_due",), width=12),
        Column("overdue", "超期", overdue_text, width=12),
        Column(
            "fine_total", "罚款（元）", lambda c: money(c.fine_total), ("fine_total",), width=12
        ),
        Column("gains_total", "没收违法所得（元）", lambda c: money(c.gains_total), html=False),
        Column(
            "paid_total", "已缴（元）", lambda c: money(c.paid_total), ("paid_total",), width=12
        ),
        Column("decision_number", "决定书文号", lambda c: c.decision_number or "", html=False),
        Column("officers", "承办人", officers_text, html=False, width=18),
    )

    def get_queryset(self):
        return (
            PenaltyCase.objects.select_related("violation")
            .prefetch_related(Prefetch("officers", queryset=User.objects.order_by("pk")))
            .with_money()
        )


class CaseDueListView(CaseListView):
    """Open cases past their current time limit or within its warning days."""

    template_name = "penalties/case_due.html"
    title = "临期和超期案件"
    export_stem = "临期和超期案件"
    default_sort = "next_due"
    add_url_name = ""
    columns = (
        Column("number", "案号", lambda c: c.number, ("year", "sequence"), link=True, width=24),
        Column("party_name", "当事人", lambda c: c.party_name, ("party_name",), width=26),
        Column("status", "办理环节", lambda c: c.get_status_display(), width=10),
        Column("next_due_code", "期限事项", due_label, ("next_due_code",), width=18),
        Column("next_due", "期限届满日", lambda c: c.next_due, ("next_due",), width=12),
        Column("days_left", "剩余", due_state, width=12),
        Column("overdue", "超期", overdue_text, width=12),
        Column("officers", "承办人", officers_text, width=18),
    )

    def get_queryset(self):
        return super().get_queryset().due_soon(timezone.localdate())


# ---------------------------------------------------------------- the case page


def case_for_page(pk):
    by_pk = User.objects.order_by("pk")
    return get_object_or_404(
        PenaltyCase.objects.select_related(
            "violation__domain",
            "establishment__township",
            "inspection",
            "created_by",
            "legal_reviewer",
            "hearing",
            "review__reviewer",
            "review__template",
        ).prefetch_related(
            Prefetch("officers", queryset=by_pk),
            Prefetch("steps", queryset=CaseStep.objects.select_related("officer")),
            "penalties",
            Prefetch("payments", queryset=CasePayment.objects.select_related("recorded_by")),
            Prefetch("evidence", queryset=CaseEvidence.objects.select_related("uploaded_by")),
            Prefetch("statements", queryset=PartyStatement.objects.select_related("recorded_by")),
            Prefetch("extensions", queryset=CaseExtension.objects.select_related("approved_by")),
            Prefetch("amendments", queryset=CaseAmendment.objects.select_related("amended_by")),
        ),
        pk=pk,
    )


def _one_to_one(case, name):
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:  # the reverse one-to-one has no row
        return None


def timeline(case) -> list[dict]:
    """The seven steps in order: done (with date, officer, document), current, to come; a
    step a case closed without a decision never went through is marked skipped."""
    done = {s.step: s for s in case.steps.all()}
    current = STEP_ORDER.index(case.status)
    rows = []
    for index, (code, label) in enumerate(CaseStatus.choices):
        if index < current and code not in done and case.is_closed:
            state = "skipped"
        elif index < current:
            state = "done"
        elif index == current:
            state = "current"
        else:
            state = "future"
        rows.append({"code": code, "label": label, "state": state, "record": done.get(code)})
    return rows


def penalty_rows(case) -> list[dict]:
    """Proposed (notice) against decided penalties, kind by kind."""
    by_kind = {}
    for p in case.penalties.all():
        by_kind.setdefault(p.kind, {})[p.stage] = p
    return [
        {
            "label": label,
            "proposed": by_kind[kind].get(PenaltyStage.PROPOSED),
            "decided": by_kind[kind].get(PenaltyStage.DECIDED),
        }
        for kind, label in PenaltyKind.choices
        if kind in by_kind
    ]


def money_rows(case, today) -> list[dict]:
    """What is due, paid and outstanding of each sum, with the late charge if any."""
    rows = []
    for kind in (PaymentKind.FINE, PaymentKind.CONFISCATE_GAINS):
        due = case.amount_decided(kind)
        if due:
            rows.append(
                {
                    "label": PaymentKind(kind).label,
                    "due": due,
                    "paid": case.amount_paid(kind),
                    "outstanding": services.outstanding(case, kind, today),
                }
            )
    as_of = case.executed_on or today  # nothing accrues after execution
    charge = services.late_charge(case, as_of)
    charge_paid = case.amount_paid(PaymentKind.LATE_CHARGE)
    if charge or charge_paid:
        rows.append(
            {
                "label": PaymentKind.LATE_CHARGE.label,
                "due": charge,
                "paid": charge_paid,
                "outstanding": services.outstanding(case, PaymentKind.LATE_CHARGE, as_of),
                "late": True,
                "waived": case.late_charge_waiver_reason,
            }
        )
    return rows


def amendment_rows(case, show_code) -> list[dict]:
    rows = []
    for amendment in case.amendments.all():
        changes = []
        for field, change in (amendment.changes or {}).items():
            try:
                label = str(PenaltyCase._meta.get_field(field).verbose_name)
            except FieldDoesNotExist:
                label = field
            before, after = change.get("before", ""), change.get("after", "")
            if field == "party_code":
                before, after = show_code(before), show_code(after)
            changes.append((label, before, after))
        rows.append({"amendment": amendment, "changes": changes})
    return rows


def holds_personal_number(case) -> bool:
    """A person's ID number (a unit's or organisation's credit code is not personal)."""
    return case.party_kind == PartyKind.PERSON and bool(case.party_code)


def detail_context(case, user, *, reveal: bool = False) -> dict:
    """The case page; a person's ID number masked (history and corrections too) unless
    ``reveal`` (the 显示完整号码 button, logged by CaseRevealView)."""
    today = timezone.localdate()
    full_id = reveal or case.party_kind != PartyKind.PERSON

    def show_code(value):
        return value if full_id else mask_id_number(value)

    severity = case.severity or case.proposed_severity
    level = (
        DiscretionLevel.objects.filter(violation=case.violation, severity=severity).first()
        if severity
        else None
    )
    limit = (
        TimeLimit.objects.filter(code=case.next_due_code).first() if case.next_due_code else None
    )
    editable = case.status in EDITABLE
    left = days_left(case, today)
    return {
        "object": case,
        "case": case,
        "title": f"行政处罚案件 {case.number}",
        "party_code": case.party_code if full_id else case.party_code_masked,
        "officers": list(case.officers.all()),
        "timeline": timeline(case),
        "days_left": left,
        "overdue_days": -left if left is not None and left < 0 else 0,
        "time_limit": limit,
        "penalty_rows": penalty_rows(case),
        "level": level,
        "statements": list(case.statements.all()),
        "hearing": _one_to_one(case, "hearing"),
        "extensions": list(case.extensions.all()),
        "payments": list(case.payments.all()),
        "money_rows": money_rows(case, today) if case.reached(CaseStatus.DECIDED) else [],
        "evidence": list(case.evidence.all()),
        "amendments": amendment_rows(case, show_code),
        "review": _one_to_one(case, "review"),
        "can_edit": editable and user.has_perm("penalties.change_penaltycase"),
        "can_add_evidence": case.status in EVIDENCE_OPEN
        and user.has_perm("penalties.change_penaltycase"),
        "notified": bool(case.notice_number),
        "decided": bool(case.decision_number),
        "history": history_entries(case, display={"party_code": show_code}),
        "today": today,
        "revealed": reveal and holds_personal_number(case),
        "may_reveal": holds_personal_number(case) and may_reveal(user),
    }


class CaseDetailView(RoleRequiredMixin, View):
    permission_required = "penalties.view_penaltycase"

    def get(self, request, pk):
        case = case_for_page(pk)
        return render(request, "penalties/case_detail.html", detail_context(case, request.user))


class CaseRevealView(RoleRequiredMixin, View):
    """显示完整号码: the case page with the party's full ID number, for users who may see
    it, on an explicit POST; each view is logged (core.personal_data)."""

    permission_required = ("penalties.view_penaltycase", FULL_ID)
    http_method_names = ["post"]

    def post(self, request, pk):
        case = case_for_page(pk)
        if holds_personal_number(case):
            record_access(request, case, field="party_code", channel=AccessChannel.PAGE)
        context = detail_context(case, request.user, reveal=True)
        return no_store(render(request, "penalties/case_detail.html", context))


# ---------------------------------------------------------------- evidence files


class EvidenceFileView(RoleRequiredMixin, View):
    """Evidence is served only to those who may view it, never from MEDIA_URL."""

    permission_required = "penalties.view_caseevidence"

    def get(self, request, pk):
        evidence = get_object_or_404(CaseEvidence, pk=pk)
        if not evidence.file:
            raise Http404("该证据没有文件。")
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404("证据文件不存在。") from None
        # Served as the type detected from the content when it was stored, never as the
        # name it came with (x.html holding a JPEG downloads as x.jpg, image/jpeg), and
        # always as an attachment; SecurityMiddleware adds nosniff to every response.
        filename, content_type = evidence.served_as()
        response = FileResponse(
            handle, content_type=content_type, as_attachment=True, filename=filename
        )
        response["Cache-Control"] = "private, no-store"
        return response
