from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import VersionedRecordMixin
from core.api_docs import versioned_schema
from inspections import services
from inspections.api.serializers import (
    ChecklistTemplateSerializer,
    InspectionDetailSerializer,
    InspectionSerializer,
    OpinionAmendSerializer,
    OpinionIssueSerializer,
    OpinionSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    SampleCreateSerializer,
    SampleSerializer,
    StandardLimitSerializer,
)
from inspections.api.serializers.planning import (
    CampaignDetailSerializer,
    CampaignSerializer,
    DrawCreateSerializer,
    DrawVerifySerializer,
    RandomDrawSerializer,
)
from inspections.filters import (
    CampaignAPIFilterSet,
    ChecklistAPIFilterSet,
    DrawAPIFilterSet,
    InspectionAPIFilterSet,
    OpinionFilterSet,
    SampleAPIFilterSet,
    StandardLimitAPIFilterSet,
)
from inspections.models import (
    Campaign,
    ChecklistScore,
    ChecklistTemplate,
    DrawAssignment,
    Inspection,
    RandomDraw,
    Sample,
    SampleResult,
    StandardLimit,
    SupervisionOpinion,
)

CREATE_LIST_RETRIEVE = (
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
)

SAMPLE_RESULTS = Prefetch("results", queryset=SampleResult.objects.select_related("limit"))


def renamed(exc, names):
    """A service's ValidationError with its field names as the API calls them."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


User = get_user_model()


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist templates (every version) with their items; ``?current=true`` for the
    versions in use."""

    queryset = ChecklistTemplate.objects.prefetch_related("items")
    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistAPIFilterSet
    pagination_class = None


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Limits of the hygiene standards samples are judged against."""

    queryset = StandardLimit.objects.all()
    serializer_class = StandardLimitSerializer
    filterset_class = StandardLimitAPIFilterSet
    pagination_class = None


@versioned_schema
class InspectionViewSet(VersionedRecordMixin, *CREATE_LIST_RETRIEVE):
    """Inspections (户次). Photos: POST multipart to ``photos/``; the supervision opinion:
    POST to ``opinion/``."""

    queryset = Inspection.objects.select_related("establishment", "opinion").prefetch_related(
        Prefetch("inspectors", queryset=User.objects.order_by("pk")), "problems"
    )
    serializer_class = InspectionSerializer
    filterset_class = InspectionAPIFilterSet
    ordering_fields = ["inspected_at", "created_at"]
    ordering = ["-inspected_at", "-id"]
    action_permissions = {
        "photos": ["inspections.add_inspectionphoto"],
        "opinion": ["inspections.add_supervisionopinion"],
    }

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return super().get_queryset()

    def detail_queryset(self):
        return self.queryset.select_related("checklist").prefetch_related(
            Prefetch("scores", queryset=ChecklistScore.objects.select_related("item")),
            "photos",
            Prefetch("samples", queryset=Sample.objects.prefetch_related(SAMPLE_RESULTS)),
        )

    def get_serializer_class(self):
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    @extend_schema(request=InspectionSerializer, responses={201: InspectionDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        scores = {s["item"]: (s["score"], s.get("note", "")) for s in data.pop("scores", [])}
        try:
            inspection = services.inspection_record(
                user=request.user, scores=scores or None, **data
            )
        except DjangoValidationError as exc:
            raise renamed(exc, {"inspected_at": "date"}) from None
        detail = self.detail_queryset().get(pk=inspection.pk)
        return Response(
            InspectionDetailSerializer(detail, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer}, responses=PhotoSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        inspection = self.get_object()
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo = services.photo_add(
            inspection=inspection,
            upload=serializer.validated_data["image"],
            caption=serializer.validated_data["caption"],
            user=request.user,
        )
        return Response(
            PhotoSerializer(photo, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OpinionIssueSerializer, responses={201: OpinionSerializer})
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        inspection = self.get_object()
        serializer = OpinionIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opinion = services.opinion_issue(
            inspection=inspection,
            items=[(i["problem"], i["requirement"]) for i in serializer.validated_data["items"]],
            deadline=serializer.validated_data["deadline"],
            user=request.user,
        )
        opinion = OpinionViewSet.queryset.get(pk=opinion.pk)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


class SampleViewSet(*CREATE_LIST_RETRIEVE):
    """Samples; each result is judged against its limit, the sample fails if any fails."""

    queryset = Sample.objects.prefetch_related(SAMPLE_RESULTS)
    serializer_class = SampleSerializer
    filterset_class = SampleAPIFilterSet
    ordering = ["-taken_at", "-id"]

    def get_serializer_class(self):
        return SampleCreateSerializer if self.action == "create" else SampleSerializer

    @extend_schema(request=SampleCreateSerializer, responses={201: SampleSerializer})
    def create(self, request, *args, **kwargs):
        serializer = SampleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        results = [(r["limit"], r["value"], r["detected"]) for r in data.pop("results")]
        sample = services.sample_record(user=request.user, results=results, **data)
        sample = self.get_queryset().get(pk=sample.pk)
        return Response(SampleSerializer(sample).data, status=status.HTTP_201_CREATED)


@versioned_schema
class OpinionViewSet(VersionedRecordMixin, viewsets.ReadOnlyModelViewSet):
    """Supervision opinions. Issue one from its inspection (``inspections/{id}/opinion/``);
    correct one with ``amend/``: the change is recorded, the number never changes."""

    queryset = SupervisionOpinion.objects.select_related(
        "inspection__establishment"
    ).prefetch_related("items", "amendments__amended_by")
    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet
    ordering_fields = ["issued_at", "deadline", "number"]
    action_permissions = {"amend": ["inspections.add_opinionamendment"]}

    @extend_schema(request=OpinionAmendSerializer, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        opinion = self.get_object()
        serializer = OpinionAmendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        items = data["items"]
        services.opinion_amend(
            opinion=opinion,
            user=request.user,
            reason=data["reason"],
            deadline=data["deadline"],
            items=None if items is None else [(i["problem"], i["requirement"]) for i in items],
            seen_amendment=data.get("version"),
        )
        opinion = self.get_queryset().get(pk=opinion.pk)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_200_OK)


class CampaignViewSet(*CREATE_LIST_RETRIEVE):
    """Special campaigns (专项整治). The detail has progress: units in scope, units inspected."""

    queryset = Campaign.objects.prefetch_related(
        "domains", "categories", "townships", "problem_types"
    )
    serializer_class = CampaignSerializer
    filterset_class = CampaignAPIFilterSet

    def get_serializer_class(self):
        return CampaignDetailSerializer if self.action == "retrieve" else CampaignSerializer

    def perform_create(self, serializer):
        serializer.instance = services.campaign_save(
            user=self.request.user, **serializer.validated_data
        )


class DrawViewSet(*CREATE_LIST_RETRIEVE):
    """Random draws (双随机). Anyone may re-run a draw: ``verify/``."""

    queryset = RandomDraw.objects.prefetch_related(
        Prefetch("assignments", queryset=DrawAssignment.objects.select_related("establishment"))
    )
    serializer_class = RandomDrawSerializer
    filterset_class = DrawAPIFilterSet
    action_permissions = {"verify": ["inspections.view_randomdraw"]}

    @extend_schema(request=DrawCreateSerializer, responses={201: RandomDrawSerializer})
    def create(self, request, *args, **kwargs):
        serializer = DrawCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draw = services.draw_make(user=request.user, **serializer.validated_data)
        draw = self.get_queryset().get(pk=draw.pk)
        return Response(RandomDrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DrawVerifySerializer)
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        draw = self.get_object()
        return Response({"consistent": services.draw_verify(draw=draw)})
