"""告知承诺制: the list of post-issue checks open (overdue first, then due soon, then later),
a check's page with its record form, and the revocation (撤销) of a permit.

Thin, like the window's other pages: the forms here shape input, licensing.services.post_checks
acts, core.lists lists."""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from core.lists import ObjectListView
from core.views import ServiceFormView
from inspections.models import Inspection
from licensing.choices import LicensingDocumentKind, PermitStatus, PostCheckResult
from licensing.models import Application, LicensingDocument, Permit, PermitType
from licensing.services.post_checks import (
    application_permit,
    issue_day,
    permit_revoke,
    post_check_record,
    post_check_refusal,
    revocation_refusal,
)
from licensing.tables import POST_CHECKS, days_left_label
from premises.filters import ALL, township_filter
from premises.forms import DateInput

SOON_DAYS = 7
WHEN_CHOICES = [("overdue", "已逾期"), ("soon", f"{SOON_DAYS} 日内到期"), ("later", "其后到期")]


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


class PostCheckFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、信用代码、许可证号或受理编号"
    )
    when = django_filters.ChoiceFilter(
        label="核查期限", choices=WHEN_CHOICES, method="by_when", empty_label=ALL
    )
    permit_type = django_filters.ModelChoiceFilter(
        label="许可类型", queryset=PermitType.objects.all(), empty_label=ALL
    )
    township = township_filter("establishment__township")

    class Meta:
        model = Application
        fields = ["q", "when", "permit_type", "township"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(receipt_number__icontains=value)
            | Q(permit_number__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def by_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.post_checks_overdue(today)
        if value == "soon":
            return queryset.post_checks_due(today, within_days=SOON_DAYS)
        return queryset.filter(post_check_due__gt=today + datetime.timedelta(days=SOON_DAYS))


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
            "soon_count": checks.post_checks_due(today, within_days=SOON_DAYS).count(),
            "soon_days": SOON_DAYS,
            "awaiting_revocation": list(checks_awaiting_revocation()[:50]),
        }


# ---------------------------------------------------------------- a check


class PostCheckForm(forms.Form):
    result = forms.ChoiceField(
        label="核查结论", choices=PostCheckResult.choices, widget=forms.RadioSelect
    )
    done_on = forms.DateField(label="核查日期", widget=DateInput())
    inspection = forms.ModelChoiceField(
        label="核查检查记录",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="（未关联现场检查）",
        help_text="现场核查时录入的监督检查记录（发证之日以后的本单位检查）。",
    )
    note = forms.CharField(
        label="核查情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="承诺不实的，写明核查发现的不实情况（据此撤销许可）。",
    )

    def __init__(self, *args, application=None, issued_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
        field = self.fields["inspection"]
        inspections = Inspection.objects.filter(establishment_id=application.establishment_id)
        if issued_on is not None:
            inspections = inspections.filter(inspected_at__date__gte=issued_on)
        field.queryset = inspections.order_by("-inspected_at")
        field.label_from_instance = lambda i: (
            f"{timezone.localtime(i.inspected_at):%Y-%m-%d %H:%M}（{i.get_kind_display()}）"
        )


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


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label="撤销日期", widget=DateInput())
    reason = forms.CharField(
        label="撤销理由",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="行政许可法第六十九条。写入撤销行政许可决定书。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


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
