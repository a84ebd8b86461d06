"""REST API of penalty cases (行政处罚案件), violations and time limits.

A case is filed by POST to ``cases/`` and moves on only through its step actions
(``cases/{id}/investigate/`` … ``close/``, ``legal-review/`` before the decision,
``terminate/`` to end it without one), each calling its service in penalties.services:
the same rules as the pages, errors as 400 JSON keyed by the field the service names, and
nothing written. Legal records are never PUT, PATCHed or DELETEd: a decided or closed case
is corrected by ``amend/``.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import JSONParser, ServiceWriteMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from core.personal_data_api import IdNumberSearchAPIMixin, RevealMixin, id_number_search_schema
from penalties import services
from penalties.api import inputs
from penalties.api.approvals import CaseApprovalActions
from penalties.api.measure_actions import CaseMeasureActions
from penalties.api.records import CasePaymentSerializer
from penalties.api.schema import step_schema
from penalties.api.serializers import (
    CaseDetailSerializer,
    CaseSerializer,
    TimeLimitSerializer,
    ViolationSerializer,
)
from penalties.choices import PartyKind
from penalties.filters import PenaltyCaseFilterSet, ViolationFilterSet
from penalties.models import (
    CaseAmendment,
    CaseApproval,
    CaseDiscussion,
    CaseExtension,
    CasePayment,
    CaseReviewScore,
    CaseService,
    CaseStep,
    PenaltyCase,
    TimeLimit,
    Violation,
)

User = get_user_model()

VIEW = "penalties.view_penaltycase"
CHANGE = "penalties.change_penaltycase"
STEPS = (
    "investigate",
    "evidence",
    "notify",
    "statement",
    "waive",
    "hearing_request",
    "hearing_schedule",
    "hearing_hold",
    "decide",
    "serve",
    "serve_document",
    "payments",
    "execute",
    "close",
    "evidence_samples",
    "preservations",
    "preservation_take",
    "preservation_dispose",
    "transfer",
    "measure",
    "decision_request",
    "closing_request",
    "extension_request",
    "discussions",
)
STEP_PERMISSIONS = {
    **{name: [CHANGE] for name in STEPS},
    "terminate": [CHANGE],
    "extend": ["penalties.approve_extension"],
    "legal_review": ["penalties.legal_review"],
    "approval_decide": ["penalties.approve_case"],
    "amend": ["penalties.amend_case"],
    "review": ["penalties.review_case"],
}


@versioned_schema
class CaseViewSet(
    CaseApprovalActions,
    CaseMeasureActions,
    VersionedRecordMixin,
    IdNumberSearchAPIMixin,
    RevealMixin,
    ServiceWriteMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Penalty cases. Filters are those of the case list page. A person's ID number is
    masked in every answer; ``?reveal=1`` on one case shows it in full to users holding
    可查看完整身份证号码, and each such view is logged. A search by a person's full ID
    number is sent to ``POST cases/search/`` (never in a URL) and logged too."""

    queryset = (
        PenaltyCase.objects.with_money()
        .select_related("violation")
        .prefetch_related(Prefetch("officers", queryset=User.objects.order_by("pk")))
    )
    serializer_class = CaseSerializer
    filterset_class = PenaltyCaseFilterSet
    ordering_fields = ["filed_on", "number", "next_due", "decided_on", "closed_on"]

    @property
    def action_permissions(self):
        if self.action == "payments" and self.request.method == "GET":
            return {"payments": [VIEW]}
        if self.action == "search":  # reads only
            return {"search": [VIEW]}
        return STEP_PERMISSIONS

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return super().get_queryset()

    def detail_queryset(self):
        return self.queryset.select_related(
            "hearing", "legal_reviewer", "review__template", "review__reviewer"
        ).prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.select_related("officer")),
            "penalties",
            Prefetch("payments", queryset=CasePayment.objects.select_related("recorded_by")),
            "evidence",
            "evidence__collectors",
            "statements",
            Prefetch("services", queryset=CaseService.objects.select_related("recorded_by")),
            "services__officers",
            Prefetch("extensions", queryset=CaseExtension.objects.select_related("approved_by")),
            Prefetch("amendments", queryset=CaseAmendment.objects.select_related("amended_by")),
            Prefetch(
                "approvals",
                queryset=CaseApproval.objects.select_related("requested_by", "approver"),
            ),
            Prefetch("discussions", queryset=CaseDiscussion.objects.select_related("host")),
            "discussions__participants",
            "measures",
            Prefetch("review__scores", queryset=CaseReviewScore.objects.select_related("item")),
        )

    def get_serializer_class(self):
        if self.action == "create":
            return inputs.CaseFileInput
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    reveal_field = "party_code"

    def holds_personal_number(self, case) -> bool:
        return case.party_kind == PartyKind.PERSON and bool(case.party_code)

    def _step(self, input_class, service, code=status.HTTP_200_OK):
        """Shape the input, run the step's service on the case, answer with the case."""
        case = self.get_object()
        return self.service_write(
            service,
            input=input_class,
            output=CaseDetailSerializer,
            status=code,
            answer=lambda result: self.detail_queryset().get(pk=case.pk),
            case=case,
        )

    @step_schema(inputs.CaseFileInput, created=True)
    def create(self, request, *args, **kwargs):
        """立案 with the next case number of the year."""
        return self.service_write(
            services.case_file,
            input=inputs.CaseFileInput,
            output=CaseDetailSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda case: self.detail_queryset().get(pk=case.pk),
        )

    @id_number_search_schema(
        PenaltyCaseFilterSet,
        CaseSerializer,
        name="CaseSearchRequest",
        description=(
            "查找案件，条件放在 JSON 请求体中（同列表的筛选条件），回答同列表（分页，号码掩码）。"
            "按当事人身份证号码查找只能用此接口（号码不会出现在网址中），仅限持有“可查看完整身份证号码”"
            "权限的用户，每次查找均被记录（个人信息查看记录）。分页参数 page、page_size 放在网址中。"
        ),
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def search(self, request):
        return self.id_number_search(request)

    @step_schema(inputs.InvestigateInput, description="开始调查取证（立案之后）。")
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        return self._step(inputs.InvestigateInput, services.case_investigate)

    @step_schema(
        {"multipart/form-data": inputs.EvidenceInput},
        created=True,
        description="登记证据，可附文件（multipart）；文件按内容检查。",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        return self._step(inputs.EvidenceInput, services.evidence_add, status.HTTP_201_CREATED)

    @step_schema(
        inputs.ExtendInput, created=True, description="登记经批准的延长办案期限（负责人）。"
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(inputs.ExtendInput, services.case_extend, status.HTTP_201_CREATED)

    @step_schema(
        inputs.NotifyInput,
        description="事先告知拟处罚；处罚按裁量基准检查，超出的须填写偏离理由。已告知未决定的案件再次提交即为重新告知（新文号，原告知书作废，当事人权利重新起算）。",
    )
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        return self._step(inputs.NotifyInput, services.case_notify)

    @step_schema(inputs.StatementInput, created=True, description="记录陈述申辩及复核意见。")
    @action(detail=True, methods=["post"])
    def statement(self, request, pk=None):
        return self._step(inputs.StatementInput, services.statement_record, status.HTTP_201_CREATED)

    @step_schema(inputs.WaiveInput, description="当事人书面放弃陈述申辩和听证（载明放弃日期）。")
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        return self._step(inputs.WaiveInput, services.rights_waive)

    @step_schema(inputs.HearingRequestInput, created=True, description="登记听证申请。")
    @action(detail=True, methods=["post"], url_path="hearing-request")
    def hearing_request(self, request, pk=None):
        return self._step(
            inputs.HearingRequestInput, services.hearing_request, status.HTTP_201_CREATED
        )

    @step_schema(inputs.HearingScheduleInput, description="安排听证（七日前通知当事人）。")
    @action(detail=True, methods=["post"], url_path="hearing-schedule")
    def hearing_schedule(self, request, pk=None):
        return self._step(inputs.HearingScheduleInput, services.hearing_schedule)

    @step_schema(inputs.HearingHoldInput, description="记录听证举行情况。")
    @action(detail=True, methods=["post"], url_path="hearing-hold")
    def hearing_hold(self, request, pk=None):
        return self._step(inputs.HearingHoldInput, services.hearing_hold)

    @step_schema(
        inputs.LegalReviewInput,
        description="法制审核（负责人，非本案承办人）：告知之后、决定之前；不同意的，决定须待重新审核同意。",
    )
    @action(detail=True, methods=["post"], url_path="legal-review")
    def legal_review(self, request, pk=None):
        return self._step(inputs.LegalReviewInput, services.case_legal_review)

    @step_schema(
        inputs.DecideInput,
        description="作出处罚决定；不得重于告知的处罚；裁量基准要求法制审核或罚款高于裁量上限的，须先经法制审核同意（legal-review）。",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._step(inputs.DecideInput, services.case_decide)

    @step_schema(inputs.ServeInput, description="登记送达；缴款期限自送达起算。")
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        return self._step(inputs.ServeInput, services.case_serve)

    @step_schema(
        inputs.ServiceInput,
        description="登记任一送达文书的送达（事先告知书、决定书、责令改正通知书…）；陈述申辩和申请听证期限自告知书送达起算，缴款期限自决定书送达起算。",
    )
    @action(detail=True, methods=["post"], url_path="services")
    def serve_document(self, request, pk=None):
        return self._step(inputs.ServiceInput, services.service_record)

    @extend_schema(
        methods=["GET"], request=None, responses=CasePaymentSerializer(many=True), filters=False
    )
    @step_schema(
        inputs.PaymentInput, created=True, description="登记缴款；部分缴款案件仍未执行完毕。"
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
    )
    def payments(self, request, pk=None):
        if request.method == "GET":
            case = self.get_object()
            rows = case.payments.select_related("recorded_by")
            return Response(CasePaymentSerializer(rows, many=True).data)
        return self._step(inputs.PaymentInput, services.payment_record, status.HTTP_201_CREATED)

    @step_schema(inputs.ExecuteInput, description="登记执行完毕；罚没款须已缴清。")
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        return self._step(inputs.ExecuteInput, services.case_execute)

    @step_schema(inputs.CloseInput, description="结案；此后只能办理更正。")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(inputs.CloseInput, services.case_close)

    @step_schema(
        inputs.TerminateInput,
        description="未作出处罚决定即结案：不予行政处罚、撤销立案或移送其他机关（决定之前随时可办）。",
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._step(inputs.TerminateInput, services.case_terminate)

    @step_schema(
        inputs.AmendInput,
        created=True,
        description="更正已告知、已决定或已结案的案件（负责人）；只更正提交的字段，记录原因和前后内容。",
    )
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        return self._step(inputs.AmendInput, services.case_amend, status.HTTP_201_CREATED)

    @step_schema(
        inputs.ReviewInput, created=True, description="案卷评查（已结案件）：逐项评分，得出等次。"
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._step(inputs.ReviewInput, services.case_review, status.HTTP_201_CREATED)


class ViolationViewSet(viewsets.ReadOnlyModelViewSet):
    """Violations with their discretion tables (处罚裁量基准), severity by severity."""

    queryset = Violation.objects.select_related("domain").prefetch_related("levels")
    serializer_class = ViolationSerializer
    filterset_class = ViolationFilterSet
    pagination_class = None


class TimeLimitViewSet(viewsets.ReadOnlyModelViewSet):
    """The statutory time limits the procedure counts with (7 days or fewer: working days)."""

    queryset = TimeLimit.objects.all()
    serializer_class = TimeLimitSerializer
    pagination_class = None
    filter_backends = []
