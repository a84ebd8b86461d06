"""The evidence measures on the API, as actions of a case: a sample as evidence, 先行登记
保存 (request, measure, 处理决定), 案件移送, and 取缔 or an order to stop recorded as the
measure it is (not a penalty). Each calls its service; the answer is the case."""

from rest_framework import status
from rest_framework.decorators import action

from penalties.api import evidence_measures as measures
from penalties.api.schema import step_schema
from penalties.services import orders as services_orders
from penalties.services import transfer as services_transfer


class CaseMeasureActions:
    """Mixed into the case viewset (its ``_step`` shapes the input and answers)."""

    @step_schema(
        measures.EvidenceSampleInput,
        created=True,
        description="将来源检查（或当事人的检查）中已出结果的检测样品作为证据，不重复上传；同一样品只附加一次。",
    )
    @action(detail=True, methods=["post"], url_path="evidence-samples")
    def evidence_samples(self, request, pk=None):
        return self._step(
            measures.EvidenceSampleInput, measures.sample_attach, status.HTTP_201_CREATED
        )

    @step_schema(
        measures.PreservationInput,
        created=True,
        description="报请负责人批准证据先行登记保存（物品清单）；批准后用 preservation-take 实施。",
    )
    @action(detail=True, methods=["post"])
    def preservations(self, request, pk=None):
        return self._step(
            measures.PreservationInput, measures.preservation_ask, status.HTTP_201_CREATED
        )

    @step_schema(
        measures.PreservationTakeInput, description="实施已批准的先行登记保存（决定书编号）。"
    )
    @action(detail=True, methods=["post"], url_path="preservation-take")
    def preservation_take(self, request, pk=None):
        return self._step(measures.PreservationTakeInput, measures.preservation_carry_out)

    @step_schema(
        measures.PreservationDisposeInput,
        description="七个工作日内对先行登记保存的物品作出处理决定（全部或逐项）。",
    )
    @action(detail=True, methods=["post"], url_path="preservation-dispose")
    def preservation_dispose(self, request, pk=None):
        return self._step(measures.PreservationDisposeInput, measures.preservation_decide)

    @step_schema(
        measures.TransferInput,
        created=True,
        description="案件移送（涉嫌犯罪移送司法机关或移送有管辖权的机关），案件以移送结案。",
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._step(
            measures.TransferInput, services_transfer.case_transfer, status.HTTP_201_CREATED
        )

    @step_schema(
        measures.MeasureInput,
        created=True,
        description="登记取缔、责令停止违法行为等措施（不是行政处罚，决定书中另行写明）；同一措施重复提交只登记一次。",
    )
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        return self._step(
            measures.MeasureInput, services_orders.measure_record, status.HTTP_201_CREATED
        )
