"""licensing's sections of the unit's file (premises/unit_file.py): its permits, every
version with its status today, and its applications, the open ones first. Registered in
LicensingConfig.ready(); each runs a fixed number of queries."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from licensing.choices import (
    ApplicationKind,
    ApplicationStatus,
    LicensingDocumentKind,
    PermitOrigin,
    PermitState,
    PermitStatus,
    PostCheckResult,
)
from licensing.models import Application, LicensingDocument, Permit, PermitReview, PermitType
from licensing.models.reviews import permits_with_reviews, review_due_on
from premises.choices import EstablishmentStatus
from premises.unit_file import Action, Entry, Section, register_section

EXPIRING_DAYS = 30  # as the window's list of expiring permits

_ENDED = {
    PermitStatus.CANCELLED: ("注销许可证", "alert"),
    PermitStatus.REVOKED: ("撤销许可证", "alert"),
}
_DECISIONS = {ApplicationStatus.REFUSED: ("不予许可", "alert")}
# The receipt's entry by what the window did with it (an accepted application: 受理申请).
_RECEIPT_TITLES = {
    ApplicationStatus.CORRECTION: "收件，一次性告知补正",
    ApplicationStatus.NOT_ACCEPTED: "收件，不予受理",
}


def permits_section(establishment, request):
    if not request.user.has_perm("licensing.view_permit"):
        return None
    today = timezone.localdate()
    permits = list(
        Permit.objects.filter(establishment=establishment)
        .with_state(today)
        .select_related("permit_type", "previous")
        .order_by("-valid_from", "-issued_on", "-id")
    )
    # the types any of its kinds needs: its main kind's and those of its further domains
    kinds = [k.pk for k in establishment.kinds_on(today)]
    needed = list(
        PermitType.objects.filter(categories__in=kinds, is_active=True)
        .distinct()
        .order_by("code")
        .values_list("name", flat=True)
    )
    entries = []
    for permit in permits:
        url = permit.get_absolute_url()
        if permit.origin == PermitOrigin.REGISTERED:
            title = "补录许可证"
        elif permit.previous_id:
            title = "换发许可证"
        else:
            title = "发证"
        entries.append(Entry(day=permit.issued_on, title=title, text=permit.number, url=url))
        if permit.status in _ENDED and permit.cancelled_on:
            title, tone = _ENDED[permit.status]
            text = f"{permit.number} {permit.cancel_reason}".strip()
            entries.append(
                Entry(day=permit.cancelled_on, title=title, text=text, url=url, tone=tone)
            )
        elif permit.state == PermitState.EXPIRED:
            entries.append(
                Entry(
                    day=permit.expires_on,
                    title="许可证有效期届满",
                    text=permit.number,
                    url=url,
                    tone="alert",
                )
            )
        permit.expiring = (
            permit.state == PermitState.VALID
            and permit.expires_on is not None
            and (permit.expires_on - today).days <= EXPIRING_DAYS
        )
    in_force = [p for p in permits if p.state == PermitState.VALID]
    alert = ""
    if needed and not in_force and establishment.status != EstablishmentStatus.CLOSED:
        alert = "无有效许可证"
    elif any(p.expiring for p in in_force):
        alert = f"{EXPIRING_DAYS} 日内到期"
    return Section(
        title="卫生许可证",
        template="licensing/unit_file/_permits.html",
        context={"permits": permits, "needed": needed, "alert": alert},
        count=len(in_force),
        alert=alert,
        entries=entries,
        actions=_window_actions(establishment, request),
    )


def _window_actions(establishment, request):
    if not request.user.has_perm("licensing.add_application"):
        return []
    if establishment.status == EstablishmentStatus.CLOSED:
        return []  # the application form takes open units only
    if not establishment.is_registered:
        return []  # a 家庭, 社区, 行政村 or person holds no permit
    url = reverse("licensing:application_add") + f"?establishment={establishment.pk}"
    return [Action("受理申请", url, primary=True)]


def applications_section(establishment, request):
    if not request.user.has_perm("licensing.view_application"):
        return None
    today = timezone.localdate()
    applications = list(
        Application.objects.filter(establishment=establishment)
        .select_related("permit_type", "previous_permit", "post_check_inspection")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=LicensingDocument.objects.filter(kind=LicensingDocumentKind.NOT_ACCEPTED),
                to_attr="refusals_to_accept",
            )
        )
        .order_by("-received_on", "-id")
    )
    entries = []
    for a in applications:
        url = a.get_absolute_url()
        what = f"{a.get_kind_display()}{a.permit_type.name}（{a.receipt_number}）"
        title = _RECEIPT_TITLES.get(a.status, "受理申请")
        if a.status == ApplicationStatus.NOT_ACCEPTED and a.refusals_to_accept:
            title = "收件"  # refused later, after a correction was asked for
        entries.append(Entry(day=a.received_on, title=title, text=what, url=url))
        entries += _application_steps(a, url)
        a.overdue = a.status in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED) and (
            a.due_on < today
        )
        a.check_overdue = bool(
            a.post_check_due and not a.post_check_done_on and a.post_check_due < today
        )
    open_ = [a for a in applications if a.is_open]
    checks = [a for a in applications if a.post_check_due and not a.post_check_done_on]
    overdue = sum(a.overdue for a in open_)
    checks_overdue = sum(a.check_overdue for a in checks)
    alerts = []
    if overdue:
        alerts.append(f"{overdue} 件超期")
    if checks_overdue:
        alerts.append("核查逾期")
    return Section(
        title=f"许可申请（在办 {len(open_)}）",
        template="licensing/unit_file/_applications.html",
        context={
            "open": open_,
            "finished": [a for a in applications if not a.is_open],
            "checks": checks,
        },
        count=len(open_),
        alert="，".join(alerts),
        entries=entries,
    )


def _application_steps(a, url):
    """The application's dated steps after receipt, for the timeline."""
    steps = []
    number = a.receipt_number
    for document in a.refusals_to_accept:
        text = f"{number} {a.not_accepted_reason}".strip()
        steps.append(
            Entry(day=document.issued_on, title="不予受理", text=text, url=url, tone="alert")
        )
    if a.reviewed_on:
        steps.append(Entry(day=a.reviewed_on, title="审核", text=number, url=url))
    if a.decided_on:
        title, tone = _DECISIONS.get(a.status, ("准予许可", "ok"))
        if a.kind == ApplicationKind.CANCELLATION and tone == "ok":
            title = "准予注销"
        steps.append(Entry(day=a.decided_on, title=title, text=number, url=url, tone=tone))
    if a.withdrawn_on:
        text = f"{number} {a.withdraw_reason}".strip()
        steps.append(Entry(day=a.withdrawn_on, title="撤回申请", text=text, url=url))
    if a.post_check_done_on:
        failed = a.post_check_result == PostCheckResult.FAILED
        steps.append(
            Entry(
                day=a.post_check_done_on,
                title="承诺制发证后核查",
                text=f"{a.get_post_check_result_display()}（{number}）",
                url=url,
                tone="alert" if failed else "ok",
            )
        )
    return steps


def reviews_section(establishment, request):
    """复核 and 校验: each current permit whose type has a periodic check, its next one (due,
    overdue, or none left in its term) and the checks recorded."""
    if not request.user.has_perm("licensing.view_permitreview"):
        return None
    today = timezone.localdate()
    permits = list(
        permits_with_reviews()
        .filter(establishment=establishment)
        .select_related("permit_type")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=PermitReview.objects.select_related("reviewed_by").order_by(
                    "-reviewed_on", "-id"
                ),
            )
        )
    )
    if not permits:
        return None
    may_review = request.user.has_perm("licensing.add_permitreview")
    entries, overdue = [], 0
    for permit in permits:
        permit.review_list = list(permit.reviews.all())
        permit.due_on = review_due_on(permit, permit.last_reviewed_on, permit.last_deferred_until)
        word = permit.permit_type.check_word
        permit.overdue = bool(permit.due_on and permit.due_on < today)
        overdue += permit.overdue
        if may_review:
            permit.review_url = reverse("licensing:permit_review", args=[permit.pk])
        for review in permit.review_list:
            entries.append(
                Entry(
                    day=review.reviewed_on,
                    title=f"许可证{word}",
                    text=f"{permit.number}，{review.get_result_display()}",
                    url=reverse("licensing:permit_review", args=[permit.pk]),
                    tone="" if review.passed else "alert",
                )
            )
        if permit.overdue:
            entries.append(
                Entry(
                    day=permit.due_on,
                    title=f"许可证{word}逾期",
                    text=permit.number,
                    tone="alert",
                )
            )
    return Section(
        title="许可证复核（校验）",
        template="licensing/unit_file/_reviews.html",
        context={"permits": permits},
        count=sum(len(p.review_list) for p in permits),
        alert=f"{overdue} 张逾期未复核（校验）" if overdue else "",
        entries=entries,
    )


def register():
    register_section("permits", permits_section, order=10, label="许可证")
    register_section("permit_reviews", reviews_section, order=15, label="许可证复核（校验）")
    register_section("applications", applications_section, order=20, label="许可申请")
