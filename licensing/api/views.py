"""REST API of the permit window: permit types, applications with their steps, permits
(registration of existing ones, cancellation) and the units without a valid permit.

Every write goes through licensing.services (core.api.ServiceWriteMixin); their
ValidationErrors come back as 400 keyed by the field the API calls it.
"""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from core.api import ServiceWriteMixin, VersionedRecordMixin
from core.api_docs import versioned_schema
from licensing import services
from licensing.api.serializers import (
    ApplicationAcceptSerializer,
    ApplicationDecideSerializer,
    ApplicationNotAcceptSerializer,
    ApplicationReviewSerializer,
    ApplicationSerializer,
    ApplicationWithdrawSerializer,
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
from licensing.tables import with_last_permit

LIST_RETRIEVE = (
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
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
class ApplicationViewSet(VersionedRecordMixin, ServiceWriteMixin, *LIST_RETRIEVE):
    """Applications at the window. POST here to receive one (受理; on the 告知承诺制 path the
    permit is issued at once); then ``review/``, ``decide/`` and ``issue/``."""

    queryset = with_permit(Application.objects.select_related("establishment", "permit_type"))
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationAPIFilterSet
    ordering_fields = ["received_on", "due_on", "decided_on", "receipt_number"]
    ordering = ["-received_on", "-id"]
    action_permissions = {
        "review": ["licensing.review_application"],
        "decide": ["licensing.decide_application"],
        "issue": ["licensing.add_permit"],
        "accept": ["licensing.change_application"],
        "not_accept": ["licensing.change_application"],
        "withdraw": ["licensing.change_application"],
    }

    def _write(self, service, input, code=status.HTTP_200_OK, **arguments):
        """Run the service; answer with the application as it stands after."""
        return self.service_write(
            service,
            input=input,
            output=ApplicationSerializer,
            status=code,
            answer=lambda application: self.get_queryset().get(pk=application.pk),
            **arguments,
        )

    @extend_schema(request=ApplicationSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        return self._write(
            services.application_receive, ApplicationSerializer, status.HTTP_201_CREATED
        )

    @extend_schema(request=ApplicationReviewSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """审核: the review note, with the on-site inspection when there was one."""
        return self._write(
            services.application_review, ApplicationReviewSerializer, application=self.get_object()
        )

    @extend_schema(request=ApplicationDecideSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """准予 or 不予许可; a refusal states its reason. An approved cancellation cancels
        the permit at once."""
        return self._write(
            services.application_decide, ApplicationDecideSerializer, application=self.get_object()
        )

    @extend_schema(request=ApplicationAcceptSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """受理 after 补正 (the materials are complete): the time limit runs from then."""
        return self._write(
            services.application_accept, ApplicationAcceptSerializer, application=self.get_object()
        )

    @extend_schema(request=ApplicationNotAcceptSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="not-accept")
    def not_accept(self, request, pk=None):
        """不予受理 of an application waiting for 补正, with its reason."""
        return self._write(
            services.application_not_accept,
            ApplicationNotAcceptSerializer,
            application=self.get_object(),
        )

    @extend_schema(request=ApplicationWithdrawSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回 before the decision; no permit number is taken."""
        return self._write(
            services.application_withdraw,
            ApplicationWithdrawSerializer,
            application=self.get_object(),
        )

    @extend_schema(request=PermitIssueSerializer, responses={201: PermitSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """发证: the permit, numbered in its type's series, valid for the type's term."""
        return self.service_write(
            services.permit_issue,
            input=PermitIssueSerializer,
            output=PermitSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda permit: permits_answered().get(pk=permit.pk),
            application=self.get_object(),
        )


def permits_answered():
    """Permits as the API gives them: with their status today (one annotation)."""
    return Permit.objects.select_related(
        "establishment", "permit_type", "next_version"
    ).with_state()


@versioned_schema
class PermitViewSet(VersionedRecordMixin, ServiceWriteMixin, *LIST_RETRIEVE):
    """Permits, every version. POST here to register (补录) a permit issued before the office
    used Weijian; ``cancel/`` to cancel one (the record stays). Permits are issued from
    their application (``applications/{id}/issue/``)."""

    serializer_class = PermitSerializer
    filterset_class = PermitAPIFilterSet
    ordering_fields = ["issued_on", "expires_on", "number"]
    ordering = ["-issued_on", "-id"]
    action_permissions = {"cancel": ["licensing.change_permit"]}

    def get_queryset(self):
        return permits_answered()

    def get_serializer_class(self):
        return PermitRegisterSerializer if self.action == "create" else PermitSerializer

    @extend_schema(request=PermitRegisterSerializer, responses={201: PermitSerializer})
    def create(self, request, *args, **kwargs):
        return self.service_write(
            services.permit_register,
            input=PermitRegisterSerializer,
            output=PermitSerializer,
            status=status.HTTP_201_CREATED,
            answer=lambda permit: permits_answered().get(pk=permit.pk),
        )

    @extend_schema(request=PermitCancelSerializer, responses=PermitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """注销: the permit stays on record with the date and reason."""
        return self.service_write(
            services.permit_cancel,
            input=PermitCancelSerializer,
            output=PermitSerializer,
            answer=lambda permit: permits_answered().get(pk=permit.pk),
            permit=self.get_object(),
        )


class UnitWithoutPermitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open units whose category needs a permit and that hold no valid permit today."""

    serializer_class = UnitWithoutPermitSerializer
    filterset_class = UnitWithoutPermitAPIFilterSet
    ordering_fields = ["name", "credit_code"]
    ordering = ["name", "id"]
    action_permissions = {"list": ["licensing.view_permit", "premises.view_establishment"]}

    def get_queryset(self):
        return with_last_permit(units_without_valid_permit().select_related("category", "township"))


def register(router):
    """Add this part's viewsets to the licensing API router."""
    router.register("permit-types", PermitTypeViewSet, basename="permittype")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("permits", PermitViewSet, basename="permit")
    router.register(
        "units-without-permit", UnitWithoutPermitViewSet, basename="unit-without-permit"
    )
