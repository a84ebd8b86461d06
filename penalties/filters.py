"""The one FilterSet of penalty cases: the list page, its .xlsx export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import PersonFilter, year_filter
from core.personal_data import IdNumberSearchMixin, id_number_of, may_reveal
from core.roster import roster
from penalties.choices import CaseOutcome, CaseSource, CaseStatus, PartyKind
from penalties.models import PenaltyCase, Violation
from premises.filters import ALL, domain_filter, township_filter

YES = [("yes", "是")]
DUE_CHOICES = [("soon", "临期或超期"), ("overdue", "已超期")]


class PenaltyCaseFilterSet(IdNumberSearchMixin, django_filters.FilterSet):
    """A person's ID number is searched only without a URL: ``private=True`` (the list
    page's POST search, ``POST /api/v1/cases/search/``); core.personal_data."""

    id_number_field = "party_code"

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="案号、文书号、当事人或证件号码"
    )
    status = django_filters.ChoiceFilter(
        label="办理环节", choices=CaseStatus.choices, empty_label=ALL
    )
    open = django_filters.ChoiceFilter(
        label="未结案", choices=YES, method="by_open", empty_label=ALL
    )
    due = django_filters.ChoiceFilter(
        label="期限", choices=DUE_CHOICES, method="by_due", empty_label=ALL
    )
    outcome = django_filters.ChoiceFilter(
        label="结案类型", choices=CaseOutcome.choices, empty_label=ALL
    )
    source = django_filters.ChoiceFilter(
        label="案件来源", choices=CaseSource.choices, empty_label=ALL
    )
    party_kind = django_filters.ChoiceFilter(
        label="当事人类型", choices=PartyKind.choices, empty_label=ALL
    )
    violation = django_filters.ModelChoiceFilter(
        label="违法行为", queryset=Violation.objects.all(), empty_label=ALL
    )
    domain = domain_filter("violation__domain")
    township = township_filter("establishment__township")
    officer = PersonFilter(
        label="承办人",
        field_name="officers",
        queryset=roster(),
        empty_label=ALL,
    )
    year = year_filter("year")
    filed_from = django_filters.DateFilter(
        label="立案日期起", field_name="filed_on", lookup_expr="gte"
    )
    filed_to = django_filters.DateFilter(
        label="立案日期止", field_name="filed_on", lookup_expr="lte"
    )

    class Meta:
        model = PenaltyCase
        fields = [
            "q",
            "status",
            "open",
            "due",
            "outcome",
            "source",
            "party_kind",
            "violation",
            "domain",
            "township",
            "officer",
            "year",
            "filed_from",
            "filed_to",
        ]

    def search(self, queryset, name, value):
        """Numbers and names by part; a credit code only whole; a person's ID number only
        whole, only sent privately (the form refuses it in a URL) and only for those who may
        see ID numbers in full (a match would confirm it)."""
        value = value.strip()
        if not value:
            return queryset
        found = (
            Q(number__icontains=value)
            | Q(notice_number__icontains=value)
            | Q(decision_number__icontains=value)
            | Q(party_name__icontains=value)
        )
        number = id_number_of(value)
        code = Q(party_code__iexact=number or value.upper())
        if not (self.private and may_reveal(getattr(self.request, "user", None))):
            code &= ~Q(party_kind=PartyKind.PERSON)
        found |= code
        return queryset.filter(found)

    def id_number_matches(self, queryset, number):
        return queryset.filter(party_kind=PartyKind.PERSON, party_code=number)

    def is_id_number_match(self, obj, number):
        return obj.party_kind == PartyKind.PERSON and (obj.party_code or "").upper() == number

    def by_open(self, queryset, name, value):
        return queryset.open() if value == "yes" else queryset

    def by_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "soon":
            return queryset.due_soon(today)
        return queryset


class ViolationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="违法行为或依据")
    domain = domain_filter("domain")

    class Meta:
        model = Violation
        fields = ["q", "domain", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(legal_basis__icontains=value)
            | Q(penalty_basis__icontains=value)
            | Q(code__icontains=value)
        )
