"""告知承诺制: the list of post-issue checks open (overdue first, then due soon, then later),
a check's page with its record form, and the revocation (撤销) of a permit.

Thin, like the window's other pages: the forms here shape input, licensing.services.post_checks
acts, core.lists lists."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from core.lists import ObjectListView
from core.views import ServiceFormView
from licensing.choices import LicensingDocumentKind, PermitStatus, PostCheckResult
from licensing.filters import PostCheckFilterSet
from licensing.forms import PostCheckForm, RevokeForm
from licensing.models import Application, LicensingDocument, Permit
from licensing.models.applications import POST_CHECK_SOON_DAYS
from licensing.services.post_checks import (
    application_permit,
    issue_day,
    permit_revoke,
    post_check_record,
    post_check_refusal,
    revocation_refusal,
)
from licensing.tables import POST_CHECKS, days_left_label


def _permits_of_application():
    return Permit.objects.filter(application=OuterRef("pk")).order_by("pk")


def checks_awaiting_revocation():
    """Checks found untrue (承诺不实) whose permit is still the current version: the
    负责人 has a revocation to decide."""
    current = Permit.objects.filter(application=OuterRef("pk"), status=PermitStatus.VALID).order_by(
        "pk"
    )
    return (
        Application.objects.filter(post_check_result=PostCheckResult.FAILED)
        .annotate(
            permit_pk=Subquery(current.values("pk")[:1]),
            permit_number=Subquery(current.values("number")[:1]),
        )
        .filter(permit_pk__isnull=False)
        .select_related("establishment")
        .order_by("post_check_done_on", "pk")
    )


# ---------------------------------------------------------------- the list


class PostCheckListView(ObjectListView):
    """承诺制核查: the checks not yet done, by due day (so overdue first, then due soon)."""

    permission_required = "licensing.view_application"
    model = Application
    filterset_class = PostCheckFilterSet
    template_name = "licensing/post_check_list.html"
    title = "承诺制核查"
    export_stem = "告知承诺制发证后核查"
    default_sort = "post_check_due"
    columns = POST_CHECKS

    def get_queryset(self):
        permits = _permits_of_application()
        return (
            Application.objects.post_checks_open()
            .annotate(
                permit_number=Subquery(permits.values("number")[:1]),
                permit_issued_on=Subquery(permits.values("issued_on")[:1]),
            )
            .select_related("establishment__township")
        )

    def decorate(self, objects):
        for application in objects:
            application.check_url = reverse("licensing:post_check_record", args=[application.pk])
        return objects

    def extra_context(self):
        today = timezone.localdate()
        checks = Application.objects
        return {
            "overdue_count": checks.post_checks_overdue(today).count(),
            "soon_count": checks.post_checks_due(today, within_days=POST_CHECK_SOON_DAYS).count(),
            "soon_days": POST_CHECK_SOON_DAYS,
            "awaiting_revocation": list(checks_awaiting_revocation()[:50]),
        }


# ---------------------------------------------------------------- a check


def _checked_by(application):
    """Who recorded the check (its entry in the application's history), or None."""
    if application.post_check_done_on is None:
        return None
    entry = (
        application.history.filter(history_change_reason__startswith="发证后核查")
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    return entry.history_user if entry else None


def application_for_check(pk):
    return get_object_or_404(
        Application.objects.select_related(
            "establishment__township", "permit_type", "post_check_inspection"
        ),
        pk=pk,
    )


class PostCheckRecordView(ServiceFormView):
    """A check's page: the application and its permit, the record form while the check is
    open; once recorded, its result and, for a check found untrue, the revocation."""

    permission_required = "licensing.check_application"
    template_name = "licensing/post_check_form.html"
    title = "承诺制发证后核查"

    def get_object(self):
        return application_for_check(self.kwargs["pk"])

    def get_form(self, obj, data=None):
        self.permit = application_permit(obj)
        return PostCheckForm(data, application=obj, issued_on=issue_day(obj, self.permit))

    def get_context(self, obj):
        permit = self.permit
        refusal = post_check_refusal(obj)
        revocation = None
        if permit is not None:
            revocation = LicensingDocument.objects.filter(
                permit=permit, kind=LicensingDocumentKind.REVOCATION
            ).first()
        user = self.request.user
        return {
            "object": obj,
            "checked_by": _checked_by(obj),
            "permit": permit,
            "issued_on": issue_day(obj, permit),
            "days_left": days_left_label(obj.post_check_due) if obj.post_check_due else "",
            "overdue": bool(obj.post_check_due and obj.post_check_due < timezone.localdate()),
            # The form while the check is open; else why not (recorded, not this path).
            "open": refusal is None,
            "refusal": refusal,
            "failed": obj.post_check_result == PostCheckResult.FAILED,
            "revocation": revocation,
            "can_revoke": permit is not None
            and revocation_refusal(permit) is None
            and user.has_perm("licensing.decide_application"),
        }

    def perform(self, form, obj):
        data = form.cleaned_data
        return post_check_record(
            application=obj,
            user=self.request.user,
            result=data["result"],
            done_on=data["done_on"],
            note=data["note"],
            inspection=data["inspection"],
        )

    def success_message(self, saved):
        if saved.post_check_result == PostCheckResult.FAILED:
            return "已登记核查：承诺不实。请报负责人决定撤销许可。"
        return "已登记核查：核查属实。"

    def success_level(self, saved):
        if saved.post_check_result == PostCheckResult.FAILED:
            return messages.WARNING
        return messages.SUCCESS

    def get_success_url(self, saved):
        return reverse("licensing:post_check_record", args=[saved.pk])


# ---------------------------------------------------------------- revocation


def revocation_reason(application) -> str:
    """The reason a failed check suggests (the officer may rewrite it)."""
    if application is None or application.post_check_result != PostCheckResult.FAILED:
        return ""
    text = f"经发证后核查，申请人以告知承诺方式取得许可，承诺不实：{application.post_check_note}"
    return text[:200]


class PermitRevokeView(ServiceFormView):
    """撤销 of a permit by the 负责人 (licensing.decide_application)."""

    permission_required = "licensing.decide_application"
    template_name = "licensing/post_check_revoke.html"
    title = "撤销行政许可"

    def get_object(self):
        return get_object_or_404(
            Permit.objects.select_related("establishment__township", "permit_type", "application"),
            pk=self.kwargs["pk"],
        )

    def refusal(self, obj):
        problem = revocation_refusal(obj)
        if problem is None:
            return None
        messages.error(self.request, problem)
        return redirect(obj.get_absolute_url())

    def get_form(self, obj, data=None):
        return RevokeForm(data, initial={"reason": revocation_reason(obj.application)})

    def get_context(self, obj):
        application = obj.application
        failed = application is not None and application.post_check_result == PostCheckResult.FAILED
        return {"object": obj, "application": application, "failed_check": failed}

    def perform(self, form, obj):
        return permit_revoke(
            permit=obj,
            user=self.request.user,
            revoked_on=form.cleaned_data["revoked_on"],
            reason=form.cleaned_data["reason"],
        )

    def success_message(self, saved):
        document = saved.documents.filter(kind=LicensingDocumentKind.REVOCATION).first()
        number = f"，撤销行政许可决定书 {document.number}" if document else ""
        return f"已撤销许可证 {saved.number}{number}。"
