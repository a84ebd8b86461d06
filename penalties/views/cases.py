"""Pages of penalty cases: the list, the list of cases near or past a time limit, the case
page and its evidence files. Thin: penalties.services decides, core.lists lists."""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.history import history_entries
from core.lists import ObjectListView
from core.models import AccessChannel
from core.personal_data import FULL_ID_PERMISSION, may_reveal, no_store, record_access
from core.validators import mask_id_number
from core.views import RoleRequiredMixin
from penalties import documents as case_documents
from penalties import services
from penalties.choices import (
    STEP_ORDER,
    CaseStatus,
    LegalReviewTrigger,
    PartyKind,
    PaymentKind,
    PenaltyKind,
    PenaltyStage,
)
from penalties.filters import PenaltyCaseFilterSet
from penalties.models import (
    CaseAmendment,
    CaseApproval,
    CaseDiscussion,
    CaseEvidence,
    CaseExtension,
    CasePayment,
    CaseStep,
    DiscretionLevel,
    PartyStatement,
    PenaltyCase,
    TimeLimit,
)
from penalties.tables import CASES, CASES_DUE, days_left
from penalties.views.evidence_panel import evidence_panel
from penalties.views.service import service_rows

User = get_user_model()
FULL_ID = FULL_ID_PERMISSION
# Edited directly before the notice only; evidence is registered until the decision.
EDITABLE = (CaseStatus.FILED, CaseStatus.INVESTIGATING)
EVIDENCE_OPEN = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED)


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
    columns = CASES

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
    columns = CASES_DUE

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
            "procedure_rule",
            "hearing",
            "review__reviewer",
            "review__template",
        ).prefetch_related(
            Prefetch("officers", queryset=by_pk),
            Prefetch("steps", queryset=CaseStep.objects.select_related("officer")),
            "penalties",
            "services",
            Prefetch("payments", queryset=CasePayment.objects.select_related("recorded_by")),
            Prefetch(
                "evidence",
                queryset=CaseEvidence.objects.select_related(
                    "uploaded_by", "sample"
                ).prefetch_related("collectors"),
            ),
            Prefetch("statements", queryset=PartyStatement.objects.select_related("recorded_by")),
            Prefetch("extensions", queryset=CaseExtension.objects.select_related("approved_by")),
            Prefetch(
                "approvals",
                queryset=CaseApproval.objects.select_related("requested_by", "approver"),
            ),
            Prefetch("discussions", queryset=CaseDiscussion.objects.select_related("host")),
            Prefetch("amendments", queryset=CaseAmendment.objects.select_related("amended_by")),
        ),
        pk=pk,
    )


def _one_to_one(case, name):
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:  # the reverse one-to-one has no row
        return None


SIMPLE_SKIPS = (CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED)


def timeline(case) -> list[dict]:
    """The seven steps in order: done (with date, officer, document), current, to come; a
    step a case closed without a decision never went through is marked skipped."""
    done = {s.step: s for s in case.steps.all()}
    current = STEP_ORDER.index(case.status)
    rows = []
    for index, (code, label) in enumerate(CaseStatus.choices):
        if case.is_simple and code in SIMPLE_SKIPS:
            continue  # decided on the spot: no 立案, 调查 or 告知 step (行政处罚法第五十一条)
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


def trigger_labels(codes) -> str:
    """法制审核情形 as the change log shows them: their names, not their codes."""
    return "、".join(
        LegalReviewTrigger(c).label if c in LegalReviewTrigger.values else c for c in codes
    )


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
        "approvals": (approvals := list(case.approvals.all())),
        "pending_approvals": [a for a in approvals if a.approved is None],
        "discussions": list(case.discussions.all()),
        "legal_review_triggers": [
            LegalReviewTrigger(t).label
            for t in case.legal_review_triggers or []
            if t in LegalReviewTrigger.values
        ],
        "payments": list(case.payments.all()),
        "money_rows": money_rows(case, today) if case.reached(CaseStatus.DECIDED) else [],
        "evidence": list(case.evidence.all()),
        "amendments": amendment_rows(case, show_code),
        "review": _one_to_one(case, "review"),
        "can_edit": editable and user.has_perm("penalties.change_penaltycase"),
        "can_add_evidence": case.status in EVIDENCE_OPEN
        and user.has_perm("penalties.change_penaltycase"),
        "notified": bool(case.notice_number),
        "service_rows": (rows := service_rows(case, user)),
        "service_pending": any(row["current"] is None for row in rows),
        "decided": bool(case.decision_number),
        "history": history_entries(
            case, display={"party_code": show_code, "legal_review_triggers": trigger_labels}
        ),
        "today": today,
        "revealed": reveal and holds_personal_number(case),
        "may_reveal": holds_personal_number(case) and may_reveal(user),
        # 案卷文书: every document the case has, in case-file order, loaded once with what
        # the documents read (a fixed number of queries whatever the case holds).
        "case_documents": document_rows(case),
        "case_file_url": case_documents.CASE_FILE.url(case),
        # 现场笔录、询问笔录、先行登记保存、案件移送 (penalties/_evidence_measures.html)
        "measures": evidence_panel(case, user),
    }


def document_rows(case) -> list[dict]:
    loaded = case_documents.case_for_documents(case.pk)
    rows = []
    for entry in case_documents.documents_of(loaded):
        rows.append(
            {
                "title": entry.title,
                "number": entry.number,
                "date": entry.date,
                "url": entry.url(),
                "party_facing": entry.document.party_facing,
                "can_reveal": entry.document.can_reveal,
            }
        )
    return rows


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
