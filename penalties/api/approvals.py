"""The 负责人's approvals on the API: the requests an officer puts (案件调查终结报告, 结案报告,
延长办案期限; 立案 and 先行登记保存 are requested by their own steps) and the 负责人's answer.
The case's answer lists its approvals (``approvals``) with their ids."""

from django.contrib.auth import get_user_model
from rest_framework import serializers, status
from rest_framework.decorators import action

from penalties import services
from penalties.api.inputs import PenaltyFields
from penalties.api.schema import step_schema
from penalties.choices import LegalReviewTrigger
from penalties.models import CaseApproval, DiscussionKind


class DecisionRequestInput(PenaltyFields):
    """The 案件调查终结报告 and the penalties it proposes (as the notice's)."""

    requested_on = serializers.DateField(help_text="报请日期")
    facts = serializers.CharField(allow_blank=True, help_text="违法事实")
    evidence = serializers.CharField(allow_blank=True, help_text="证据")
    basis = serializers.CharField(allow_blank=True, help_text="处罚依据")
    discretion = serializers.CharField(allow_blank=True, help_text="裁量理由")
    legal_review_triggers = serializers.ListField(
        child=serializers.ChoiceField(choices=LegalReviewTrigger.choices),
        required=False,
        default=list,
        help_text="适用的法制审核情形（行政处罚法第五十八条）",
    )


class ClosingRequestInput(serializers.Serializer):
    requested_on = serializers.DateField(help_text="报请日期")
    summary = serializers.CharField(allow_blank=True, help_text="结案报告：执行情况与结案理由")


class ExtensionRequestInput(serializers.Serializer):
    requested_on = serializers.DateField(help_text="报请日期（原期限届满前）")
    new_due = serializers.DateField(help_text="拟延长至")
    reason = serializers.CharField(allow_blank=True, help_text="延期理由")


def _active_users():
    return get_user_model().objects.filter(is_active=True)


class DiscussionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DiscussionKind.choices, help_text="合议或集体讨论")
    held_on = serializers.DateField(help_text="讨论日期")
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    host = serializers.PrimaryKeyRelatedField(queryset=_active_users(), help_text="主持人")
    participants = serializers.PrimaryKeyRelatedField(
        queryset=_active_users(), many=True, help_text="参加人员"
    )
    recorder = serializers.PrimaryKeyRelatedField(queryset=_active_users(), help_text="记录人")
    facts = serializers.CharField(allow_blank=True, help_text="讨论的违法事实和证据")
    discretion = serializers.CharField(allow_blank=True, help_text="裁量理由")
    conclusion = serializers.CharField(allow_blank=True, help_text="讨论结论")
    agreed = serializers.BooleanField(required=False, default=True, help_text="同意拟处理意见")


class ApprovalDecideInput(serializers.Serializer):
    approval = serializers.PrimaryKeyRelatedField(
        queryset=CaseApproval.objects.all(), help_text="报请（案件 approvals 中的 id）"
    )
    decided_on = serializers.DateField(help_text="审批日期")
    approved = serializers.BooleanField(allow_null=True, help_text="true 批准，false 不予批准")
    opinion = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审批意见（不予批准的必填）"
    )


class CaseApprovalActions:
    """Mixed into the case viewset: each action answers with the case as it stands."""

    @step_schema(
        DecisionRequestInput,
        created=True,
        description="报请处罚决定审批（案件调查终结报告）：决定须与批准的情节和处罚一致。",
    )
    @action(detail=True, methods=["post"], url_path="decision-request")
    def decision_request(self, request, pk=None):
        return self._step(DecisionRequestInput, services.decision_request, status.HTTP_201_CREATED)

    @step_schema(ClosingRequestInput, created=True, description="报请结案审批（结案报告）。")
    @action(detail=True, methods=["post"], url_path="closing-request")
    def closing_request(self, request, pk=None):
        return self._step(ClosingRequestInput, services.closing_request, status.HTTP_201_CREATED)

    @step_schema(ExtensionRequestInput, created=True, description="报请延长办案期限。")
    @action(detail=True, methods=["post"], url_path="extension-request")
    def extension_request(self, request, pk=None):
        return self._step(
            ExtensionRequestInput, services.extension_request, status.HTTP_201_CREATED
        )

    @step_schema(
        ApprovalDecideInput,
        description="负责人审批一项报请（须有“审批案件”权限；不能审批自己的报请）。",
    )
    @action(detail=True, methods=["post"], url_path="approval-decide")
    def approval_decide(self, request, pk=None):
        return self._step(ApprovalDecideInput, services.case_approval_decide)

    @step_schema(
        DiscussionInput,
        created=True,
        description="登记合议（办案人员）或集体讨论（负责人主持；重大案件决定前必需）记录。",
    )
    @action(detail=True, methods=["post"])
    def discussions(self, request, pk=None):
        return self._step(DiscussionInput, services.discussion_record, status.HTTP_201_CREATED)
