"""Reporting upward: the overview of cards due and late, one list per kind, and recording
that a card was reported (one record, or all those ticked in the list)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from core.calendar import WorkingDays
from core.lists import ObjectListView
from core.views import RoleRequiredMixin, ServiceFormView
from core.xlsx import dated_filename, xlsx_response
from reports import services
from reports.filters import filterset_for
from reports.forms import CardReportForm
from reports.models import CardKind, cards
from reports.presentation import cards as card_export
from reports.tables.cards import card_columns

VIEW = "reports.view_infocardreport"
ADD = "reports.add_infocardreport"

# ---------------------------------------------------------------- pages


class ReportingOverviewView(RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request):
        on = cards.today()
        return render(
            request,
            "reports/reporting_overview.html",
            {"title": "信息报告", "rows": cards.overview(on=on), "today": on},
        )


class ReportingCardsXlsxView(RoleRequiredMixin, View):
    """The cards owed (due and late), a sheet per card with the card's fields, to key into
    or import to the national system (reports.presentation.cards)."""

    permission_required = VIEW

    def get(self, request):
        content = card_export.workbook(on=cards.today())
        return xlsx_response(content, dated_filename("应报卫生监督信息卡"))


class ReportingListView(ObjectListView):
    permission_required = VIEW
    template_name = "reports/reporting_list.html"

    def get(self, request, kind):
        self.kind = CardKind(kind)
        self.rule = cards.RULES[self.kind]
        self.today = cards.today()
        self.calendar = WorkingDays()
        return super().get(request)

    @property
    def filterset_class(self):
        return filterset_for(self.kind)

    @property
    def state(self) -> str:
        state = self.request.GET.get("state") or cards.DUE
        return state if state in cards.STATES else cards.DUE

    @property
    def title(self):
        return f"{self.rule.label} · {cards.STATES[self.state]}"

    @property
    def export_stem(self):
        return self.title.replace(" · ", "_")

    @property
    def default_sort(self):
        return "-reported_on" if self.state == cards.REPORTED else "event_on"

    def get_queryset(self):
        return cards.in_state(self.kind, self.state, on=self.today, calendar=self.calendar)

    def deadline(self, obj):
        return self.calendar.add(obj.event_on, self.rule.days)

    @property
    def columns(self):
        return card_columns(
            self.kind,
            self.rule,
            state_reported=self.state == cards.REPORTED,
            deadline=self.deadline,
            today=self.today,
            can_record=self.request.user.has_perm(ADD),
        )


def _list_url(kind, state=cards.DUE):
    return f"{reverse('reports:reporting_list', kwargs={'kind': kind})}?state={state}"


class CardRecordView(ServiceFormView):
    """登记报告: the date the card was reported (or the results published) and its number."""

    permission_required = ADD
    template_name = "reports/reporting_record.html"
    # A report is added beside the record (the list carries no version): the service
    # refuses a record already reported.
    versioned = False

    def dispatch(self, request, *args, **kwargs):
        self.kind = CardKind(kwargs["kind"])
        self.rule = cards.RULES[self.kind]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return get_object_or_404(self.rule.records().model, pk=self.kwargs["object_id"])

    def get_form(self, obj, data=None):
        if data is None:
            return CardReportForm(initial={"reported_on": cards.today()})
        return CardReportForm(data)

    def perform(self, form, obj):
        services.card_report(
            kind=self.kind, record=obj, user=self.request.user, **form.cleaned_data
        )
        return obj

    def success_message(self, saved):
        return f"已登记“{saved}”的{self.rule.label}。"

    def get_success_url(self, saved):
        return _list_url(self.kind)

    def render(self, form, obj, status=200):
        event_on = cards.event_of(self.kind, obj)
        deadline = WorkingDays().add(event_on, self.rule.days) if event_on else None
        context = {
            "title": f"登记{self.rule.label}",
            "form": form,
            "record": obj,
            "rule": self.rule,
            "event_on": event_on,
            "deadline": deadline,
            "list_url": _list_url(self.kind),
        }
        return render(self.request, self.template_name, context, status=status)


class CardBulkRecordView(ServiceFormView):
    """The same report date for every record ticked in a list: all or none. POST only,
    from the list; what was wrong is shown as messages on the list it came from."""

    permission_required = ADD
    http_method_names = ["post", "options"]
    versioned = False  # nothing to lock: the service refuses records already reported

    def dispatch(self, request, *args, **kwargs):
        self.kind = CardKind(kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, obj, data=None):
        return CardReportForm(data)

    def perform(self, form, obj):
        ids = [int(i) for i in self.request.POST.getlist("ids") if i.isdigit()]
        model = cards.RULES[self.kind].records().model
        return services.card_report_many(
            kind=self.kind,
            records=model.objects.filter(pk__in=ids).order_by("pk"),
            user=self.request.user,
            **form.cleaned_data,
        )

    def put_errors(self, form, exc):
        self.show_errors(form, exc.message_dict)

    def show_errors(self, form, errors):
        labels = {name: field.label for name, field in form.fields.items()}
        labels.update(record="所选记录", kind="类别")
        for field, messages_ in errors.items():
            messages.error(self.request, f"{labels.get(field, '')}：{'；'.join(messages_)}")

    def success_message(self, saved):
        return f"已登记 {len(saved)} 条{cards.RULES[self.kind].label}。"

    def get_success_url(self, saved):
        back = self.request.POST.get("state") or cards.DUE
        return _list_url(self.kind, back if back in cards.STATES else cards.DUE)

    def render(self, form, obj, status=200):
        self.show_errors(form, form.errors)  # the input's own errors (the service's are shown)
        return redirect(self.get_success_url(None))
