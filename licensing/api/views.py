"""REST API of the permit window: permit types, applications with their steps, permits
(registration of existing ones, cancellation) and the units without a valid permit.

Every write goes through licensing.services; their ValidationErrors come back as 400 keyed
by the field the API calls it.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import VersionedRecordMixin
from core.api_docs import versioned_schema
from licensing import services
from licensing.api.serializers import (
    ApplicationDecideSerializer,
    ApplicationReviewSerializer,
    ApplicationSerializer,
    PermitCancelSerializer,
    PermitIssueSerializer,
    PermitRegisterSerializer,
    PermitSerializer,
    PermitTypeSerializer,
    UnitWithoutPermitSerializer,
)
from licensing.filters import (
    ApplicationAPIFilterSet,
    PermitAPIFilterSet,
    UnitWithoutPermitAPIFilterSet,
)
from licensing.models import Application, Permit, PermitType
from licensing.models.permits import units_without_valid_permit

CREATE_LIST_RETRIEVE = (
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
)


def renamed(exc, names):
    """A service's ValidationError with its field names as the API calls them."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


def with_permit(queryset):
    """Applications with the id of the permit issued on them (one subquery, not one per row)."""
    issued = Permit.objects.filter(application=OuterRef("pk")).order_by("pk").values("pk")[:1]
    return queryset.annotate(issued_permit=Subquery(issued))


class PermitTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Permit types with their rules: term, decision time limit, number format, and the
    unit categories they apply to."""

    queryset = PermitType.objects.select_related("number_series").prefetch_related("categories")
    serializer_class = PermitTypeSerializer
    pagination_class = None


@versioned_schema
class ApplicationViewSet(VersionedRecordMixin, *CREATE_LIST_RETRIEVE):
    """Applications at the window. POST here to receive one (受理; on the 告知承诺制 path the
    permit is issued at once); then ``review/``, ``decide/`` and ``issue/``."""

    queryset = with_permit(Application.objects.select_related("establishment", "permit_type"))
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationAPIFilterSet
    ordering_fields = ["received_on", "due_on", "decided_on", "receipt_number"]
    ordering = ["-received_on", "-id"]
    action_permissions = {
        "review": ["licensing.change_application"],
        "decide": ["licensing.change_application"],
        "issue": ["licensing.change_application", "licensing.add_permit"],
    }

    def _answer(self, application, code=status.HTTP_200_OK):
        application = self.get_queryset().get(pk=application.pk)
        return Response(
            ApplicationSerializer(application, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(request=ApplicationSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_receive(user=request.user, **serializer.validated_data)
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationReviewSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """审核: the review note, with the on-site inspection when there was one."""
        application = self.get_object()
        serializer = ApplicationReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_review(
            application=application, user=request.user, **serializer.validated_data
        )
        return self._answer(application)

    @extend_schema(request=ApplicationDecideSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """准予 or 不予许可; a refusal states its reason. An approved cancellation cancels
        the permit at once."""
        application = self.get_object()
        serializer = ApplicationDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.application_decide(
            application=application,
            user=request.user,
            approve=data["approve"],
            reason=data["refusal_reason"],
            decided_on=data["decided_on"],
        )
        return self._answer(application)

    @extend_schema(request=PermitIssueSerializer, responses={201: PermitSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """发证: the permit, numbered in its type's series, valid for the type's term."""
        application = self.get_object()
        serializer = PermitIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        permit = services.permit_issue(
            application=application,
            user=request.user,
            issued_on=serializer.validated_data["issued_on"],
        )
        permit = PermitViewSet.queryset.get(pk=permit.pk)
        return Response(
            PermitSerializer(permit, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@versioned_schema
class PermitViewSet(VersionedRecordMixin, *CREATE_LIST_RETRIEVE):
    """Permits, every version. POST here to register (补录) a permit issued before the office
    used Weijian; ``cancel/`` to cancel one (the record stays). Permits are issued from
    their application (``applications/{id}/issue/``)."""

    queryset = Permit.objects.select_related("establishment", "permit_type", "next_version")
    serializer_class = PermitSerializer
    filterset_class = PermitAPIFilterSet
    ordering_fields = ["issued_on", "expires_on", "number"]
    ordering = ["-issued_on", "-id"]
    action_permissions = {"cancel": ["licensing.change_permit"]}

    def get_serializer_class(self):
        return PermitRegisterSerializer if self.action == "create" else PermitSerializer

    @extend_schema(request=PermitRegisterSerializer, responses={201: PermitSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PermitRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        establishment = data["establishment"]
        if data["permit_type"] is None:
            data["permit_type"] = self._type_for(establishment)
        if not data["business_scope"].strip():
            data["business_scope"] = establishment.category.name
        permit = services.permit_register(user=request.user, **data)
        permit = self.queryset.get(pk=permit.pk)
        return Response(PermitSerializer(permit).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _type_for(establishment):
        """The one active permit type the unit's category calls for; else the client names it."""
        types = list(
            PermitType.objects.filter(is_active=True, categories=establishment.category_id)[:2]
        )
        if len(types) != 1:
            raise DjangoValidationError({"permit_type": "请选择许可证类型。"})
        return types[0]

    @extend_schema(request=PermitCancelSerializer, responses=PermitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """注销: the permit stays on record with the date and reason."""
        permit = self.get_object()
        serializer = PermitCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.permit_cancel(permit=permit, user=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise renamed(
                exc, {"permit": "status", "cancelled_on": "date", "cancel_reason": "reason"}
            ) from None
        permit = self.queryset.get(pk=permit.pk)
        return Response(PermitSerializer(permit).data, status=status.HTTP_200_OK)


class UnitWithoutPermitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open units whose category needs a permit and that hold no valid permit today."""

    serializer_class = UnitWithoutPermitSerializer
    filterset_class = UnitWithoutPermitAPIFilterSet
    ordering_fields = ["name", "credit_code"]
    ordering = ["name", "id"]
    action_permissions = {"list": ["licensing.view_permit", "premises.view_establishment"]}

    def get_queryset(self):
        return units_without_valid_permit().select_related("category", "township")


def register(router):
    """Add this part's viewsets to the licensing API router."""
    router.register("permit-types", PermitTypeViewSet, basename="permittype")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("permits", PermitViewSet, basename="permit")
    router.register(
        "units-without-permit", UnitWithoutPermitViewSet, basename="unit-without-permit"
    )
