"""Input of the case API: filing and each step. These only shape the request (types,
choices, ids); every rule is checked by penalties.services, which name the field in error.
Their ``validated_data`` are the keyword arguments of the step's service
(core.api.ServiceWriteMixin)."""

import dataclasses

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.fields import MONEY
from core.roster import roster
from inspections.models import ChecklistTemplate, Inspection
from penalties.choices import (
    CaseOutcome,
    CaseSource,
    EvidenceKind,
    PartyKind,
    PaymentKind,
    ServiceMethod,
    Severity,
)
from penalties.models import Violation
from penalties.services import PenaltyInput
from premises.models import Establishment

User = get_user_model()


def optional_text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def optional_date(**kwargs):
    return serializers.DateField(required=False, allow_null=True, default=None, **kwargs)


class CaseFileInput(serializers.Serializer):
    """立案. A registered unit: ``establishment`` (its particulars are copied); from an
    inspection: ``inspection`` (the party is the inspected unit); an unregistered party:
    ``party_kind`` person/organisation with name, ID number or credit code and address."""

    source = serializers.ChoiceField(choices=CaseSource.choices)
    source_note = optional_text(max_length=200)
    inspection = serializers.PrimaryKeyRelatedField(
        queryset=Inspection.objects.all(), required=False, allow_null=True, default=None
    )
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.all(), required=False, allow_null=True, default=None
    )
    party_kind = serializers.ChoiceField(
        choices=PartyKind.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="缺省：有被监督单位时为登记在册单位",
    )
    party_name = optional_text(max_length=100)
    party_code = optional_text(max_length=24, help_text="身份证号码（个人）或统一社会信用代码")
    party_legal_representative = optional_text(max_length=50)
    party_address = optional_text(max_length=200)
    party_phone = optional_text(max_length=30)
    violation = serializers.PrimaryKeyRelatedField(queryset=Violation.objects.all())
    occurred_on = serializers.DateField()
    continuing = serializers.BooleanField(
        required=False, default=False, help_text="违法行为有连续或者继续状态"
    )
    ended_on = optional_date(help_text="违法行为终了日期（连续或者继续状态的）")
    harms_life_health = serializers.BooleanField(
        required=False, default=False, help_text="涉及公民生命健康安全且有危害后果（五年时效）"
    )
    harm_reason = optional_text(help_text="危害后果说明")
    filed_on = optional_date(help_text="缺省为今天")
    facts = serializers.CharField(allow_blank=True)
    officers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), help_text="承办人（用户 id，至少两名执法人员）"
    )


class InvestigateInput(serializers.Serializer):
    done_on = serializers.DateField(help_text="调查日期")
    note = optional_text()


class EvidenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    title = serializers.CharField(max_length=200, allow_blank=True)
    collected_on = serializers.DateField()
    file = serializers.FileField(
        source="upload",
        required=False,
        allow_null=True,
        default=None,
        help_text="PDF、JPEG/PNG/WebP、MP4/MP3、DOCX/XLSX，按内容检查",
    )
    note = optional_text()
    collectors = serializers.PrimaryKeyRelatedField(
        queryset=roster(), many=True, required=False, help_text="取证人（不填：本案承办人）"
    )
    collected_at = serializers.TimeField(required=False, allow_null=True, default=None)


class ExtendInput(serializers.Serializer):
    approved_on = serializers.DateField(help_text="批准日期")
    new_due = serializers.DateField(help_text="延长后的作出决定期限")
    reason = serializers.CharField(allow_blank=True)


class ConfiscatedItemInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    specification = serializers.CharField(max_length=100, required=False, allow_blank=True)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0)
    unit = serializers.CharField(max_length=20)


class PenaltyFields(serializers.Serializer):
    """The penalties of a notice or a decision, flat as PenaltyInput has them."""

    severity = serializers.ChoiceField(choices=Severity.choices)
    warning = serializers.BooleanField(required=False, default=False)
    fine_amount = serializers.DecimalField(
        required=False, allow_null=True, default=None, help_text="罚款（元）", **MONEY
    )
    gains_amount = serializers.DecimalField(
        required=False, allow_null=True, default=None, help_text="没收违法所得（元）", **MONEY
    )
    illegal_gains = serializers.DecimalField(
        required=False,
        allow_null=True,
        default=None,
        help_text="违法所得（元）：按违法所得倍数罚款的基数，没有的填 0",
        **MONEY,
    )
    items = ConfiscatedItemInput(
        many=True, required=False, default=list, help_text="没收的药品、器械，逐项计数"
    )
    items_confiscated = optional_text(
        max_length=2000, help_text="没收的药品、器械：每行“名称，规格，数量单位”（或用 items）"
    )
    items_quantity = optional_text(max_length=50, help_text="只有一项且上栏只填名称时：数量单位")
    order_correct = serializers.BooleanField(
        required=False, default=False, help_text="下达责令改正通知书（不是行政处罚）"
    )
    correction_note = optional_text(max_length=200, help_text="改正内容")
    correction_due = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="改正期限；空为立即改正"
    )
    no_correction_reason = optional_text(
        max_length=200,
        help_text="未责令改正的理由（第二十八条：不下达责令改正通知书、本案也没有下达过的必填）",
    )
    suspension = serializers.BooleanField(required=False, default=False)
    suspension_note = optional_text(max_length=200)
    suspend_practice = serializers.BooleanField(required=False, default=False)
    suspend_practice_note = optional_text(max_length=200)
    revoke = serializers.BooleanField(required=False, default=False)
    revoke_note = optional_text(max_length=200)
    departure_reason = optional_text(help_text="偏离裁量基准的理由（超出裁量基准时必填）")

    def validate(self, attrs):
        """PenaltyInput is built here and nowhere else in the API."""
        names = [f.name for f in dataclasses.fields(PenaltyInput)]
        attrs["penalties"] = PenaltyInput(**{name: attrs.pop(name) for name in names})
        return attrs


class NotifyInput(PenaltyFields):
    done_on = serializers.DateField(help_text="告知日期")


class DecideInput(PenaltyFields):
    """A legal review the level (or a fine above its maximum) needs is recorded before by
    ``legal-review/``."""

    done_on = serializers.DateField(help_text="决定日期")


class LegalReviewInput(serializers.Serializer):
    reviewed_on = serializers.DateField(help_text="法制审核日期（告知之后）")
    approved = serializers.BooleanField(help_text="审核结论：true 同意，false 不同意")
    opinion = serializers.CharField(allow_blank=True, help_text="法制审核意见")


class WaiveInput(serializers.Serializer):
    waived_on = serializers.DateField(help_text="当事人书面放弃陈述申辩和听证的日期")


class TerminateInput(serializers.Serializer):
    done_on = serializers.DateField(help_text="结案日期")
    outcome = serializers.ChoiceField(
        choices=CaseOutcome.choices,
        help_text="结案类型：no_penalty 不予行政处罚、withdrawn 撤销立案、transferred 移送其他机关",
    )
    reason = serializers.CharField(allow_blank=True, help_text="结案理由")


class StatementInput(serializers.Serializer):
    received_on = serializers.DateField()
    content = serializers.CharField(allow_blank=True)
    adopted = serializers.BooleanField(help_text="是否采纳")
    reply = serializers.CharField(allow_blank=True, help_text="复核意见")


class HearingRequestInput(serializers.Serializer):
    requested_on = serializers.DateField()


class HearingScheduleInput(serializers.Serializer):
    party_notified_on = serializers.DateField()
    scheduled_for = serializers.DateField()
    place = serializers.CharField(max_length=100, allow_blank=True)
    host = serializers.CharField(max_length=50, allow_blank=True)


class HearingHoldInput(serializers.Serializer):
    held_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)


class ServeInput(serializers.Serializer):
    done_on = serializers.DateField(help_text="送达日期")
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    recipient = serializers.CharField(max_length=50, allow_blank=True)
    late_reason = optional_text(help_text="逾期送达的理由（超过送达期限时必填）")


class ServiceInput(serializers.Serializer):
    """送达 of any party-facing document of the case (``document``: its slug in the case
    documents, e.g. notice, decision, correction-order with ``record_id``). Each method's
    own facts: 留置 refusal_reason + witness or evidence_record; 邮寄 mailed_on +
    mail_number (served_on = the receipt's date); 电子 consent_on + electronic_address +
    electronic_record; 委托 entrusted_to; 公告 published_on + publication (served_on is
    computed). The same service sent twice records it once."""

    document = serializers.CharField(max_length=40, help_text="文书代码（notice、decision…）")
    record_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="按记录打印的文书的记录 id"
    )
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = optional_date(help_text="送达日期（邮寄：回执签收日期；公告：不填）")
    served_at = serializers.TimeField(required=False, allow_null=True, default=None)
    place = optional_text(max_length=200)
    recipient = serializers.CharField(max_length=100, allow_blank=True)
    signer = optional_text(max_length=50, help_text="签收人")
    signer_relation = optional_text(max_length=50, help_text="签收人与受送达人关系")
    officers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), help_text="送达人（用户 id，执法人员至少两名）"
    )
    refusal_reason = optional_text()
    witness = optional_text(max_length=100)
    evidence_record = optional_text(max_length=200)
    mailed_on = optional_date()
    mail_number = optional_text(max_length=60)
    consent_on = optional_date()
    electronic_address = optional_text(max_length=200)
    electronic_record = optional_text(max_length=200)
    entrusted_to = optional_text(max_length=100)
    published_on = optional_date()
    publication = optional_text(max_length=200)
    note = optional_text()
    late_reason = optional_text(help_text="决定书逾期送达的理由")
    reservice_reason = optional_text(help_text="重新送达的理由（已登记送达的文书）")


class PaymentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(**MONEY)
    receipt_number = optional_text(max_length=60)


class ExecuteInput(serializers.Serializer):
    done_on = serializers.DateField(help_text="执行完毕日期")
    note = optional_text(help_text="执行情况（无罚没款时必填）")
    late_charge_waiver_reason = optional_text(help_text="未收加处罚款的理由")


class CloseInput(serializers.Serializer):
    done_on = serializers.DateField(help_text="结案日期")
    summary = serializers.CharField(allow_blank=True, help_text="结案报告")


class AmendInput(serializers.Serializer):
    """Only the fields sent are changed; numbers, dates and penalties never change."""

    # The fields are penalties.services.cases.AMENDABLE and the reason (tests check it).

    reason = serializers.CharField(max_length=200, allow_blank=True, help_text="更正原因")
    facts = serializers.CharField(required=False, allow_blank=True)
    party_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    party_code = serializers.CharField(required=False, allow_blank=True, max_length=24)
    party_legal_representative = serializers.CharField(
        required=False, allow_blank=True, max_length=50
    )
    party_address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    party_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    execution_note = serializers.CharField(required=False, allow_blank=True)
    closing_summary = serializers.CharField(required=False, allow_blank=True)


class ReviewScoreInput(serializers.Serializer):
    item = serializers.IntegerField(help_text="评查表项目 id")
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    note = optional_text(max_length=200)


class ReviewInput(serializers.Serializer):
    template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="缺省为现行的案卷评查表",
    )
    reviewed_on = serializers.DateField()
    scores = ReviewScoreInput(many=True, help_text="每个项目一行")
    comments = optional_text()

    def validate_scores(self, value):
        items = [row["item"] for row in value]
        repeated = sorted({i for i in items if items.count(i) > 1})
        if repeated:
            raise serializers.ValidationError(f"项目重复评分：{repeated}。")
        return value

    def validate(self, attrs):
        attrs["scores"] = {row["item"]: (row["score"], row["note"]) for row in attrs["scores"]}
        if attrs["template"] is None:
            attrs["template"] = ChecklistTemplate.objects.for_case_review().first()
        return attrs
