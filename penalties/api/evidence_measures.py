"""API inputs of the evidence measures (a sample as evidence, 先行登记保存 and its steps,
案件移送) and the adapters that call their services with the case of the URL."""

from django.core.exceptions import ValidationError
from rest_framework import serializers

from core.roster import roster
from inspections.models import Sample
from penalties.choices import MeasureKind
from penalties.models import EvidencePreservation, PreservationDisposal, TransferOrganKind
from penalties.services.evidence import evidence_attach_sample
from penalties.services.preservation import (
    preservation_dispose,
    preservation_request,
    preservation_take,
)


class EvidenceSampleInput(serializers.Serializer):
    sample = serializers.PrimaryKeyRelatedField(queryset=Sample.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PreservedItemInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    specification = serializers.CharField(max_length=100, required=False, allow_blank=True)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3)
    unit = serializers.CharField(max_length=20)
    producer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    production_date = serializers.CharField(max_length=30, required=False, allow_blank=True)
    batch_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PreservationInput(serializers.Serializer):
    requested_on = serializers.DateField(help_text="报请日期")
    reason = serializers.CharField(allow_blank=True)
    place_kept = serializers.CharField(max_length=200, allow_blank=True)
    keeper = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    officers = serializers.PrimaryKeyRelatedField(queryset=roster(), many=True)
    items = PreservedItemInput(many=True)


class PreservationTakeInput(serializers.Serializer):
    preservation = serializers.PrimaryKeyRelatedField(queryset=EvidencePreservation.objects.all())
    taken_on = serializers.DateField(help_text="采取措施日期（负责人批准之后）")
    party_signer = serializers.CharField(max_length=50, required=False, allow_blank=True)
    party_refused = serializers.BooleanField(required=False, default=False)
    refusal_note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ItemDisposalInput(serializers.Serializer):
    item = serializers.IntegerField()
    disposal = serializers.ChoiceField(choices=PreservationDisposal.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PreservationDisposeInput(serializers.Serializer):
    preservation = serializers.PrimaryKeyRelatedField(queryset=EvidencePreservation.objects.all())
    disposed_on = serializers.DateField()
    disposal = serializers.ChoiceField(
        choices=PreservationDisposal.choices, required=False, allow_null=True, default=None
    )
    items = ItemDisposalInput(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=MeasureKind.choices, help_text="措施：ban 取缔、stop 责令停止"
    )
    taken_on = serializers.DateField(help_text="实施日期")
    basis = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="依据（取缔必填）"
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TransferInput(serializers.Serializer):
    transferred_on = serializers.DateField()
    organ_kind = serializers.ChoiceField(choices=TransferOrganKind.choices)
    organ = serializers.CharField(max_length=200, allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    basis = serializers.CharField(allow_blank=True)
    materials = serializers.CharField(allow_blank=True)
    seized_items = serializers.CharField(required=False, allow_blank=True, default="")
    party_told_on = serializers.DateField(required=False, allow_null=True, default=None)
    party_told_how = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


def _of_case(case, preservation):
    if preservation.case_id != case.pk:
        raise ValidationError({"preservation": "该先行登记保存不属于本案。"})
    return preservation


def sample_attach(*, case, user, sample, note=""):
    return evidence_attach_sample(case=case, sample=sample, user=user, note=note)


def preservation_ask(*, case, user, items, **fields):
    return preservation_request(case=case, user=user, items=[dict(i) for i in items], **fields)


def preservation_carry_out(*, case, user, preservation, **fields):
    return preservation_take(preservation=_of_case(case, preservation), user=user, **fields)


def preservation_decide(*, case, user, preservation, items, **fields):
    per_item = {row["item"]: (row["disposal"], row.get("note", "")) for row in items}
    return preservation_dispose(
        preservation=_of_case(case, preservation), user=user, per_item=per_item, **fields
    )
