"""The permit window's tables: permits, applications, consultations and the units without a
valid permit, as their list pages and exports show them (core.tables)."""

from operator import attrgetter

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import conditional_escape

from core.tables import Column, Table, date_column, person, township, unit
from core.tables import date as date_cell
from licensing.choices import ApplicationStatus, PermitState
from licensing.models import Permit
from premises.tables import ESTABLISHMENTS, credit_code


def is_overdue(application, today=None) -> bool:
    """Still to be decided past its due day."""
    today = today or timezone.localdate()
    return (
        application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED)
        and application.due_on < today
    )


NO_END = "长期（按校验）"


def _expiry_cell(value) -> str:
    return value if value == NO_END else date_cell(value)


def expiry_column(key="expires_on", header="有效期至", *, has_permit=None, **options) -> Column:
    """A permit's end; one without (长期有效，按校验管理) reads 长期（按校验）, on the page and
    in the export. ``has_permit(row)``: whether the row has a permit at all (a row without
    one keeps an empty cell)."""
    options.setdefault("order_by", (key,))
    options.setdefault("width", 14)

    def value(row):
        day = getattr(row, key)
        if day is None and (has_permit is None or has_permit(row)):
            return NO_END
        return day

    return Column(key, header, value, kind=_expiry_cell, **options)


def permit_type(**options) -> Column:
    options.setdefault("order_by", ("permit_type__code",))
    return Column("permit_type", "许可类型", attrgetter("permit_type.name"), **options)


PERMITS = Table(
    Column("number", "许可证号", attrgetter("number"), ("number",), link=True, width=26),
    unit(header="持证单位"),
    credit_code("establishment", html=False),
    township("establishment"),
    permit_type(),
    Column("business_scope", "许可项目", attrgetter("business_scope"), html=False, width=24),
    date_column("issued_on", "发证日期"),
    date_column("valid_from", "有效期自", html=False),
    expiry_column(),
    # The status today, derived from the dates and what was done (Permit.state): the list,
    # its export and the drill-downs read it from PermitQuerySet.with_state, one annotation.
    Column("state", "状态", attrgetter("state_label"), ("state",), width=8),
    Column("origin", "来源", lambda p: p.get_origin_display(), ("origin",), width=12),
)

APPLICATIONS = Table(
    Column(
        "receipt_number",
        "受理编号",
        attrgetter("receipt_number"),
        ("received_on", "receipt_number"),
        link=True,
        width=20,
    ),
    unit(header="申请单位"),
    township("establishment"),
    permit_type(),
    Column("kind", "申请事项", lambda a: a.get_kind_display(), ("kind",), width=8),
    Column("path", "办理方式", lambda a: a.get_path_display(), html=False, width=10),
    Column("status", "状态", lambda a: a.get_status_display(), ("status",), width=10),
    date_column("received_on", "受理日期"),
    date_column("due_on", "办理期限"),
    Column("overdue", "超期", lambda a: "超期" if is_overdue(a) else "", width=6),
)

CONSULTATIONS = Table(
    date_column("consulted_on", "日期"),
    Column("topic", "咨询事项", attrgetter("topic"), ("topic",), width=40),
    Column("visitor", "咨询人", attrgetter("visitor"), ("visitor",), width=10),
    unit(),
    person("answered_by", "接待人", "answered_by", width=10),
)


def with_last_permit(units):
    """``units`` with their latest permit's number, status today and end
    (``last_permit_number``, ``last_permit_state``, ``last_permit_expires_on``; none: never
    licensed): three subqueries, whatever the number of units."""
    latest = (
        Permit.objects.with_state()
        .filter(establishment=OuterRef("pk"))
        .order_by("-valid_from", "-pk")
    )
    return units.annotate(
        last_permit_number=Subquery(latest.values("number")[:1]),
        last_permit_state=Subquery(latest.values("state")[:1]),
        last_permit_expires_on=Subquery(latest.values("expires_on")[:1]),
    )


def last_permit_state(unit) -> str:
    state = getattr(unit, "last_permit_state", None)
    return PermitState(state).label if state else "未办证"


# Units operating without a valid permit: the registry's columns, the legal representative
# shown (who to call), and their latest permit (expired, cancelled, not yet in force, or
# none) as the permit list shows it (with_last_permit).
UNLICENSED = ESTABLISHMENTS.pick(
    "name",
    "credit_code",
    "category",
    "township",
    "legal_representative",
    "address",
    "phone",
    "status",
    "opened_on",
).change("legal_representative", html=True) + (
    Column("last_permit_state", "许可证状态", last_permit_state, width=10),
    Column("last_permit_number", "最近许可证号", attrgetter("last_permit_number"), width=26),
    expiry_column(
        "last_permit_expires_on",
        has_permit=lambda unit: getattr(unit, "last_permit_number", None) is not None,
    ),
)


# ---------------------------------------------------------------- 告知承诺制 post-issue checks


def days_left_label(due, today=None) -> str:
    """A check's days to its due day, as the list shows it: 剩 3 日, 今日到期, 逾期 5 日."""
    days = (due - (today or timezone.localdate())).days
    if days > 0:
        return f"剩 {days} 日"
    return "今日到期" if days == 0 else f"逾期 {-days} 日"


def _days_left_cell(label) -> str:
    if label.startswith("逾期"):
        return f'<span class="overdue">{label}</span>'
    return label


def _check_link(url) -> str:
    return f'<a href="{conditional_escape(url)}">登记核查</a>'


# Rows: commitment-path applications annotated with their permit's number and issue day
# (licensing.views.post_checks).
POST_CHECKS = Table(
    unit(header="单位"),
    township("establishment"),
    Column("permit_number", "许可证号", attrgetter("permit_number"), ("permit_number",), width=26),
    date_column("permit_issued_on", "发证日期"),
    date_column("post_check_due", "核查期限"),
    Column(
        "days_left",
        "剩余/逾期",
        lambda a: days_left_label(a.post_check_due),
        kind=_days_left_cell,
        width=10,
    ),
    Column(
        "receipt_number",
        "受理编号",
        attrgetter("receipt_number"),
        ("receipt_number",),
        link=True,
        width=20,
    ),
    Column("check", "核查", attrgetter("check_url"), kind=_check_link, export=False),
)


# ------------------------------------------------- 复核 and 校验 (licensing.models.reviews)


def _review_due(permit):
    from licensing.models.reviews import review_due_on

    return review_due_on(permit, permit.last_reviewed_on, permit.last_deferred_until)


def _review_link(link) -> str:
    url, word = link
    return f'<a href="{conditional_escape(url)}">登记{conditional_escape(word)}</a>'


# Rows: permits from licensing.models.reviews.permits_review_due, with ``last_reviewed_on``,
# ``last_deferred_until`` and ``review_anchor`` (sorting by it sorts by the due day within a
# type), and ``review_url`` / ``check_word`` (复核 or 校验) from the list view.
REVIEWS_DUE = Table(
    Column("number", "许可证号", attrgetter("number"), ("number",), link=True, width=26),
    unit(header="持证单位"),
    township("establishment"),
    permit_type(),
    date_column("valid_from", "有效期自"),
    expiry_column(),
    date_column("last_reviewed_on", "上次复核（校验）"),
    Column(
        "due_on", "应复核（校验）日期", _review_due, ("review_anchor",), kind=date_cell, width=14
    ),
    Column(
        "days_left",
        "剩余/逾期",
        lambda p: days_left_label(_review_due(p)),
        kind=_days_left_cell,
        width=10,
    ),
    Column(
        "review",
        "登记",
        lambda p: (p.review_url, p.check_word),
        kind=_review_link,
        export=False,
    ),
)
