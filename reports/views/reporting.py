"""Reporting upward: the overview of cards due and late, one list per kind, and recording
that a card was reported (one record, or all those ticked in the list)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from core.calendar import WorkingDays
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, apply_form_errors
from reports import reporting, services
from reports.filters import filterset_for
from reports.forms import CardReportForm
from reports.models import CardKind
from reports.tables import card_columns

VIEW = "reports.view_infocardreport"
ADD = "reports.add_infocardreport"

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
        return card_columns(
            self.kind,
            self.rule,
            state_reported=self.state == reporting.REPORTED,
            deadline=self.deadline,
            today=self.today,
            can_record=self.request.user.has_perm(ADD),
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
