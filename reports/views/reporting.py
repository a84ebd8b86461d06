"""Reporting upward: the overview of cards due and late, one list per kind, and recording
that a card was reported (one record, or all those ticked in the list)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views import View

from core.calendar import WorkingDays
from core.lists import Column, ObjectListView
from core.views import RoleRequiredMixin, apply_form_errors
from premises.filters import township_filter
from premises.forms import DateInput
from reports import reporting, services
from reports.models import CardKind

VIEW = "reports.view_infocardreport"
ADD = "reports.add_infocardreport"

# ---------------------------------------------------------------- filters

SEARCH = {
    CardKind.UNIT: (("name", "credit_code"), "单位名称或统一社会信用代码"),
    CardKind.INSPECTION: (("establishment__name",), "被检查单位名称"),
    CardKind.CASE_DECISION: (("number", "party_name", "decision_number"), "案号、当事人或文书号"),
    CardKind.CASE_CLOSURE: (("number", "party_name", "decision_number"), "案号、当事人或文书号"),
    CardKind.DRAW_PUBLICATION: (("name",), "抽查名称"),
}
TOWNSHIP = {
    CardKind.UNIT: "township",
    CardKind.INSPECTION: "establishment__township",
    CardKind.CASE_DECISION: "establishment__township",
    CardKind.CASE_CLOSURE: "establishment__township",
}


class CardFilterSet(django_filters.FilterSet):
    """The state (applied by the view, so the page without parameters lists what is due)
    and a search; ``kind`` and ``rule`` are set on each kind's subclass."""

    kind = None
    rule = None
    state = django_filters.ChoiceFilter(
        label="状态", choices=list(reporting.STATES.items()), empty_label=None, method="keep"
    )

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        fields, _ = SEARCH[self.kind]
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


_FILTERSETS = {}


def filterset_for(kind) -> type[CardFilterSet]:
    kind = CardKind(kind)
    if kind not in _FILTERSETS:
        attrs = {
            "kind": kind,
            "rule": reporting.RULES[kind],
            "q": django_filters.CharFilter(
                label="搜索", method="search", help_text=SEARCH[kind][1]
            ),
        }
        if kind in TOWNSHIP:
            attrs["township"] = township_filter(TOWNSHIP[kind])
        filterset = type(f"{kind.name.title()}CardFilterSet", (CardFilterSet,), attrs)
        _FILTERSETS[kind] = filterset
    return _FILTERSETS[kind]


# ---------------------------------------------------------------- columns


def _record_columns(kind) -> list[Column]:
    if kind == CardKind.UNIT:
        return [
            Column("name", "单位名称", lambda o: o.name, ("name",), link=True, width=28),
            Column("credit_code", "统一社会信用代码", lambda o: o.credit_code, width=22),
            Column("township", "乡镇（街道）", lambda o: o.township.name),
            Column(
                "event",
                "起算事项",
                lambda o: "首次发证" if o.event_on == o.first_permit_on else "首次监督检查",
                export=True,
            ),
        ]
    if kind == CardKind.INSPECTION:
        return [
            Column(
                "unit",
                "被检查单位",
                lambda o: o.establishment.name,
                ("establishment__name",),
                link=True,
                width=28,
            ),
            Column("kind", "检查类型", lambda o: o.get_kind_display()),
            Column("result", "处理结果", lambda o: o.get_result_display()),
        ]
    if kind in (CardKind.CASE_DECISION, CardKind.CASE_CLOSURE):
        columns = [
            Column("number", "案号", lambda o: o.number, ("year", "sequence"), link=True, width=22),
            Column("party", "当事人", lambda o: o.party_name, width=24),
            Column("decision_number", "决定书文号", lambda o: o.decision_number, width=22),
        ]
        if kind == CardKind.CASE_DECISION:
            columns.append(
                Column(
                    "event",
                    "生效依据",
                    lambda o: "送达" if o.served_on else "决定（未登记送达）",
                )
            )
        return columns
    return [
        Column("name", "抽查名称", lambda o: o.name, ("name",), link=True, width=28),
        Column("assignments", "抽查户数", lambda o: o.assignment_count),
    ]


def _days_left(deadline, today) -> str:
    days = (deadline - today).days
    if days > 0:
        return f"剩 {days} 天"
    if days == 0:
        return "今日到期"
    return f"逾期 {-days} 天"


def _timeliness(deadline, reported_on) -> str:
    late = (reported_on - deadline).days
    return "按期" if late <= 0 else f"逾期 {late} 天"


# ---------------------------------------------------------------- pages


class ReportingOverviewView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        on = reporting.today()
        return render(
            request,
            "reports/reporting_overview.html",
            {"title": "信息报告", "rows": reporting.overview(on=on), "today": on},
        )


class ReportingListView(ObjectListView):
    permission_required = VIEW
    template_name = "reports/reporting_list.html"

    def get(self, request, kind):
        self.kind = CardKind(kind)
        self.rule = reporting.RULES[self.kind]
        self.today = reporting.today()
        self.calendar = WorkingDays()
        return super().get(request)

    @property
    def filterset_class(self):
        return filterset_for(self.kind)

    @property
    def state(self) -> str:
        state = self.request.GET.get("state") or reporting.DUE
        return state if state in reporting.STATES else reporting.DUE

    @property
    def title(self):
        return f"{self.rule.label} · {reporting.STATES[self.state]}"

    @property
    def export_stem(self):
        return self.title.replace(" · ", "_")

    @property
    def default_sort(self):
        return "-reported_on" if self.state == reporting.REPORTED else "event_on"

    def get_queryset(self):
        return reporting.in_state(self.kind, self.state, on=self.today, calendar=self.calendar)

    def deadline(self, obj):
        return self.calendar.add(obj.event_on, self.rule.days)

    @property
    def columns(self):
        event_order = ("inspected_at",) if self.kind == CardKind.INSPECTION else ("event_on",)
        columns = [
            *_record_columns(self.kind),
            Column("event_on", self.rule.date_label, lambda o: o.event_on, event_order),
            Column("deadline", "报告期限", self.deadline),
        ]
        if self.state == reporting.REPORTED:
            return [
                *columns,
                Column(
                    "reported_on", "报告日期", lambda o: o.card_reported_on, ("card_reported_on",)
                ),
                Column("reference", "系统编号或公示网址", lambda o: o.card_reference, width=30),
                Column(
                    "timeliness",
                    "报告时限",
                    lambda o: _timeliness(self.deadline(o), o.card_reported_on),
                ),
            ]
        columns.append(
            Column("days_left", "剩余/逾期", lambda o: _days_left(self.deadline(o), self.today))
        )
        if self.request.user.has_perm(ADD):
            columns += [
                Column("record", "登记报告", self._record_link, export=False),
                Column("pick", "选择", self._checkbox, export=False),
            ]
        return columns

    def _record_link(self, obj):
        url = reverse("reports:reporting_record", kwargs={"kind": self.kind, "object_id": obj.pk})
        return format_html('<a class="button" href="{}">登记报告</a>', url)

    def _checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="bulk-record" aria-label="选择 {}">',
            obj.pk,
            obj,
        )


class CardReportForm(forms.Form):
    reported_on = forms.DateField(label="报告（公示）日期", widget=DateInput())
    reference = forms.CharField(
        label="系统编号或公示网址",
        max_length=200,
        required=False,
        help_text="信息报告系统中的卡片编号，或双随机抽查结果的公示网址。",
    )


def _list_url(kind, state=reporting.DUE):
    return f"{reverse('reports:reporting_list', kwargs={'kind': kind})}?state={state}"


class CardRecordView(RoleRequiredMixin, View):
    """登记报告: the date the card was reported (or the results published) and its number."""

    permission_required = ADD

    def dispatch(self, request, *args, **kwargs):
        self.kind = CardKind(kwargs["kind"])
        self.rule = reporting.RULES[self.kind]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, object_id):
        return get_object_or_404(self.rule.records().model, pk=object_id)

    def get(self, request, kind, object_id):
        form = CardReportForm(initial={"reported_on": reporting.today()})
        return self.render(form, self.get_object(object_id))

    def post(self, request, kind, object_id):
        record = self.get_object(object_id)
        form = CardReportForm(request.POST)
        if form.is_valid():
            try:
                services.card_report(
                    kind=self.kind, record=record, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_form_errors(form, exc)
            else:
                messages.success(request, f"已登记“{record}”的{self.rule.label}。")
                return redirect(_list_url(self.kind))
        return self.render(form, record, status=400)

    def render(self, form, record, status=200):
        event_on = reporting.event_of(self.kind, record)
        deadline = WorkingDays().add(event_on, self.rule.days) if event_on else None
        context = {
            "title": f"登记{self.rule.label}",
            "form": form,
            "record": record,
            "rule": self.rule,
            "event_on": event_on,
            "deadline": deadline,
            "list_url": _list_url(self.kind),
        }
        return render(self.request, "reports/reporting_record.html", context, status=status)


class CardBulkRecordView(RoleRequiredMixin, View):
    """The same report date for every record ticked in a list: all or none."""

    permission_required = ADD

    def post(self, request, kind):
        kind = CardKind(kind)
        back = request.POST.get("state") or reporting.DUE
        back = back if back in reporting.STATES else reporting.DUE
        form = CardReportForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        model = reporting.RULES[kind].records().model
        try:
            if not form.is_valid():
                raise ValidationError(
                    {field: list(errors) for field, errors in form.errors.items()}
                )
            saved = services.card_report_many(
                kind=kind,
                records=model.objects.filter(pk__in=ids).order_by("pk"),
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            labels = {name: field.label for name, field in form.fields.items()}
            labels.update(record="所选记录", kind="类别")
            for field, errors in exc.message_dict.items():
                messages.error(request, f"{labels.get(field, '')}：{'；'.join(errors)}")
            return redirect(_list_url(kind, back))
        messages.success(request, f"已登记 {len(saved)} 条{reporting.RULES[kind].label}。")
        return redirect(_list_url(kind, back))
