from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ServiceCreateMixin, ServiceWriteMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from core.models import AccessChannel
from core.personal_data import no_store, record_access, reveal_requested
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
    SampleResultEntrySerializer,
    SampleSerializer,
    StandardLimitSerializer,
)
from inspections.api.serializers.complaints import (
    ComplaintAcceptSerializer,
    ComplaintAssignSerializer,
    ComplaintCloseSerializer,
    ComplaintExtendSerializer,
    ComplaintLinkSerializer,
    ComplaintRegisterSerializer,
    ComplaintReplySerializer,
    ComplaintSerializer,
    ComplaintVoidSerializer,
)
from inspections.api.serializers.corrections import (
    InspectionAmendSerializer,
    InspectionRecordSerializer,
    VoidSerializer,
)
from inspections.api.serializers.planning import (
    CampaignDetailSerializer,
    CampaignSerializer,
    DrawCreateSerializer,
    DrawSubstituteSerializer,
    DrawVerifySerializer,
    RandomDrawSerializer,
    SubstitutionSerializer,
)
from inspections.filters import (
    CampaignAPIFilterSet,
    ChecklistAPIFilterSet,
    ComplaintFilterSet,
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
    Complaint,
    DrawAssignment,
    DrawSubstitution,
    Inspection,
    InspectionPhoto,
    RandomDraw,
    Sample,
    SampleResult,
    StandardLimit,
    SupervisionOpinion,
)
from inspections.services import complaints as complaint_services
from inspections.services.corrections import (
    can_correct,
    can_correct_photo,
    inspection_amend,
    inspection_void,
    photo_void,
    sample_void,
)
from inspections.services.draws import draw_problems, draw_substitute

LIST_RETRIEVE = (
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
)

SAMPLE_RESULTS = Prefetch("results", queryset=SampleResult.objects.select_related("limit"))


User = get_user_model()


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist templates (every version) with their items; ``?current=true`` for the
    versions in use."""

    queryset = ChecklistTemplate.objects.select_related("domain").prefetch_related(
        "items", "categories"
    )
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
class InspectionViewSet(VersionedRecordMixin, ServiceWriteMixin, *LIST_RETRIEVE):
    """Inspections (户次). Photos: POST multipart to ``photos/``; the supervision opinion:
    POST to ``opinion/``."""

    queryset = Inspection.objects.select_related(
        "establishment", "opinion", "category__domain"
    ).prefetch_related(Prefetch("inspectors", queryset=User.objects.order_by("pk")), "problems")
    serializer_class = InspectionSerializer
    filterset_class = InspectionAPIFilterSet
    ordering_fields = ["inspected_at", "created_at"]
    ordering = ["-inspected_at", "-id"]
    # Corrections: the service says who may (the author, a manager): 403 for the others.
    action_permissions = {
        "photos": ["inspections.add_inspectionphoto"],
        "opinion": ["inspections.add_supervisionopinion"],
        "amend": ["inspections.view_inspection"],
        "void": ["inspections.view_inspection"],
        "photo_void": ["inspections.view_inspection"],
    }

    def get_queryset(self):
        if self.action in ("retrieve", "amend", "void"):
            # One record, voided too (its mark shows); the list has the current ones only.
            return self.detail_queryset(Inspection.all_objects.all())
        return super().get_queryset()

    def detail_queryset(self, records=None):
        records = Inspection.objects.all() if records is None else records
        return records.select_related(
            "establishment", "opinion", "checklist", "category__domain"
        ).prefetch_related(
            Prefetch("inspectors", queryset=User.objects.order_by("pk")),
            "problems",
            Prefetch("scores", queryset=ChecklistScore.objects.select_related("item")),
            "photos",
            Prefetch("samples", queryset=Sample.objects.prefetch_related(SAMPLE_RESULTS)),
        )

    def get_serializer_class(self):
        return InspectionRecordSerializer if self.action == "retrieve" else InspectionSerializer

    @extend_schema(request=InspectionSerializer, responses={201: InspectionDetailSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.inspection_record,
            input=InspectionSerializer,
            output=InspectionDetailSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda inspection: self.detail_queryset().get(pk=inspection.pk),
        )

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer}, responses=PhotoSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        return self.service_write(
            services.photo_add,
            input=PhotoUploadSerializer,
            output=PhotoSerializer,
            status=status.HTTP_201_CREATED,
            inspection=self.get_object(),
        )

    @extend_schema(request=OpinionIssueSerializer, responses={201: OpinionSerializer})
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        return self.service_write(
            services.opinion_issue,
            input=OpinionIssueSerializer,
            output=OpinionSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda opinion: OpinionViewSet.queryset.get(pk=opinion.pk),
            inspection=self.get_object(),
        )

    def _correctable(self):
        """The inspection, if the user may correct it (before the input is read)."""
        inspection = self.get_object()
        if not can_correct(self.request.user, inspection):
            raise PermissionDenied
        return inspection

    def _record(self, inspection):
        return self.detail_queryset(Inspection.all_objects.all()).get(pk=inspection.pk)

    @extend_schema(request=InspectionAmendSerializer, responses=InspectionRecordSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Correct the inspection on the record (更正): the author or a manager; the
        amendment keeps the reason and every field's old and new value."""
        inspection = self._correctable()
        return self.service_write(
            inspection_amend,
            input=InspectionAmendSerializer,
            output=InspectionRecordSerializer,
            answer=lambda amendment: self._record(inspection),
            inspection=inspection,
        )

    @extend_schema(request=VoidSerializer, responses=InspectionRecordSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a mistaken inspection (作废): it stays, marked, out of every list and
        figure. Refused once an opinion or a penalty case grew out of it (amend it)."""
        return self.service_write(
            inspection_void,
            input=VoidSerializer,
            output=InspectionRecordSerializer,
            answer=self._record,
            inspection=self._correctable(),
        )

    @extend_schema(request=VoidSerializer, responses=InspectionRecordSerializer)
    @action(detail=True, methods=["post"], url_path=r"photos/(?P<id>\d+)/void")
    def photo_void(self, request, pk=None, **kwargs):
        """Void a mistaken photo of the inspection (the file is kept)."""
        inspection = self.get_object()
        photo = get_object_or_404(InspectionPhoto.objects, pk=kwargs["id"], inspection=inspection)
        if not can_correct_photo(request.user, photo):
            raise PermissionDenied
        return self.service_write(
            photo_void,
            input=VoidSerializer,
            output=InspectionRecordSerializer,
            answer=lambda photo: self._record(inspection),
            photo=photo,
        )


class SampleViewSet(ServiceWriteMixin, *LIST_RETRIEVE):
    """Samples; each result is judged against its limit, the sample fails if any fails.
    A result sent with ``pending: true`` awaits the laboratory (the sample is 送检中,
    ``verdict: "pending"``); its value is entered with POST ``samples/{id}/results/``."""

    action_permissions = {"results": ["inspections.add_sample"]}

    queryset = Sample.objects.prefetch_related(SAMPLE_RESULTS)
    serializer_class = SampleSerializer
    filterset_class = SampleAPIFilterSet
    ordering = ["-taken_at", "-id"]

    action_permissions = {"void": ["inspections.view_sample"]}  # the service says who may

    def get_serializer_class(self):
        return SampleCreateSerializer if self.action == "create" else SampleSerializer

    @extend_schema(request=VoidSerializer, responses=SampleSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a mistaken sample (作废): it leaves the figures, its inspection's page
        shows it marked."""
        sample = self.get_object()
        if not can_correct(request.user, sample.inspection):
            raise PermissionDenied
        return self.service_write(
            sample_void, input=VoidSerializer, output=SampleSerializer, sample=sample
        )

    @extend_schema(request=SampleCreateSerializer, responses={201: SampleSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.sample_record,
            input=SampleCreateSerializer,
            output=SampleSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda sample: self.get_queryset().get(pk=sample.pk),
        )

    @extend_schema(request=SampleResultEntrySerializer, responses={200: SampleSerializer})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Enter the laboratory's results of a sample 送检中."""
        sample = self.get_object()
        return self.service_write(
            services.sample_result_enter,
            input=SampleResultEntrySerializer,
            output=SampleSerializer,
            answer=lambda sample: self.get_queryset().get(pk=sample.pk),
            sample=sample,
        )


@versioned_schema
class OpinionViewSet(VersionedRecordMixin, ServiceWriteMixin, viewsets.ReadOnlyModelViewSet):
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
        return self.service_write(
            services.opinion_amend,
            input=OpinionAmendSerializer,
            output=OpinionSerializer,
            answer=lambda amendment: self.get_queryset().get(pk=opinion.pk),
            opinion=opinion,
        )


class CampaignViewSet(ServiceCreateMixin, *LIST_RETRIEVE):
    """Special campaigns (专项整治). The detail has progress: units in scope, units inspected."""

    create_service = services.campaign_save

    queryset = Campaign.objects.prefetch_related(
        "domains", "categories", "townships", "problem_types"
    )
    serializer_class = CampaignSerializer
    filterset_class = CampaignAPIFilterSet

    def get_serializer_class(self):
        return CampaignDetailSerializer if self.action == "retrieve" else CampaignSerializer


class DrawViewSet(ServiceWriteMixin, *LIST_RETRIEVE):
    """Random draws (双随机). The seed is derived by the server (docs/draws.md); a request
    naming one is refused. Anyone may re-run a draw: ``verify/``. A drawn inspector who
    cannot go is replaced with ``substitute/`` (managers)."""

    queryset = RandomDraw.objects.prefetch_related(
        Prefetch(
            "assignments",
            queryset=DrawAssignment.objects.select_related("establishment").prefetch_related(
                Prefetch(
                    "substitutions", queryset=DrawSubstitution.objects.order_by("recorded_at", "id")
                )
            ),
        )
    )
    serializer_class = RandomDrawSerializer
    filterset_class = DrawAPIFilterSet
    action_permissions = {
        "verify": ["inspections.view_randomdraw"],
        "substitute": ["inspections.add_drawsubstitution"],
    }

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "substitute":
            context["draw"] = self.get_object()
        return context

    @extend_schema(request=DrawCreateSerializer, responses={201: RandomDrawSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.draw_make,
            input=DrawCreateSerializer,
            output=RandomDrawSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda draw: self.get_queryset().get(pk=draw.pk),
        )

    @extend_schema(responses=DrawVerifySerializer)
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        problems = draw_problems(draw=self.get_object())
        return Response({"consistent": not problems, "problems": problems})

    @extend_schema(request=DrawSubstituteSerializer, responses={201: SubstitutionSerializer})
    @action(detail=True, methods=["post"])
    def substitute(self, request, pk=None):
        return self.service_write(
            draw_substitute,
            input=DrawSubstituteSerializer,
            output=SubstitutionSerializer,
            status=status.HTTP_201_CREATED,
        )


@versioned_schema
class ComplaintViewSet(VersionedRecordMixin, ServiceWriteMixin, *LIST_RETRIEVE):
    """Complaints and reports (投诉举报). POST to the list registers one (an
    ``Idempotency-Key`` makes a retry record nothing twice); each step is a POST action:
    ``assign/`` (managers), ``accept/``, ``link-inspection/``, ``reply/``, ``close/`` (the
    officer it is assigned to, or a manager), ``extend/`` and ``void/`` (managers). The
    complainant's particulars are masked; ``?reveal=1`` on GET of one complaint shows them
    to who may see them (logged)."""

    queryset = Complaint.objects.select_related("establishment", "domain").prefetch_related(
        "inspections", "case_links"
    )
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    ordering_fields = ["received_at", "next_due", "number"]
    action_permissions = {
        "assign": ["inspections.assign_complaint"],
        "extend": ["inspections.assign_complaint"],
        "void": ["inspections.assign_complaint"],
        "accept": ["inspections.handle_complaint"],
        "link_inspection": ["inspections.handle_complaint"],
        "reply": ["inspections.handle_complaint"],
        "close": ["inspections.handle_complaint"],
    }

    def _answer(self, complaint):
        return self.get_queryset().get(pk=complaint.pk)

    def retrieve(self, request, *args, **kwargs):
        complaint = self.get_object()
        context = self.get_serializer_context()
        reveal = reveal_requested(request)
        if reveal:
            if not complaint_services.may_see_complainant(request.user, complaint):
                raise PermissionDenied("没有查看投诉人信息的权限。")
            record_access(request, complaint, field="complainant", channel=AccessChannel.API)
            context["reveal_complainant"] = complaint.pk
        response = Response(ComplaintSerializer(complaint, context=context).data)
        return no_store(response) if reveal else response

    @extend_schema(request=ComplaintRegisterSerializer, responses={201: ComplaintSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            complaint_services.complaint_register,
            input=ComplaintRegisterSerializer,
            output=ComplaintSerializer,
            status=status.HTTP_201_CREATED,
            answer=self._answer,
        )

    def _step(self, service, serializer):
        return self.service_write(
            service,
            input=serializer,
            output=ComplaintSerializer,
            answer=self._answer,
            complaint=self.get_object(),
        )

    @extend_schema(request=ComplaintAssignSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(complaint_services.complaint_assign, ComplaintAssignSerializer)

    @extend_schema(request=ComplaintAcceptSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(complaint_services.complaint_accept, ComplaintAcceptSerializer)

    @extend_schema(request=ComplaintExtendSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(complaint_services.complaint_extend, ComplaintExtendSerializer)

    @extend_schema(request=ComplaintLinkSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="link-inspection")
    def link_inspection(self, request, pk=None):
        return self._step(complaint_services.complaint_link_inspection, ComplaintLinkSerializer)

    @extend_schema(request=ComplaintReplySerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._step(complaint_services.complaint_reply, ComplaintReplySerializer)

    @extend_schema(request=ComplaintCloseSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(complaint_services.complaint_close, ComplaintCloseSerializer)

    @extend_schema(request=ComplaintVoidSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        return self._step(complaint_services.complaint_void, ComplaintVoidSerializer)
