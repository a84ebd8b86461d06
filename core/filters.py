"""Filters every list shares."""

import django_filters

from core.people import PersonChoiceField

YEARS = (1949, 2100)


def year_filter(field_name: str = "year", lookup_expr: str = "exact", **kwargs):
    """A year (年度): a whole number in range, so that a year such as 0 is a clear error
    on the field instead of a date that cannot exist."""
    kwargs.setdefault("label", "年度")
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        min_value=YEARS[0],
        max_value=YEARS[1],
        decimal_places=0,
        **kwargs,
    )


class PersonFilter(django_filters.ModelChoiceFilter):
    """A choice of one user, offered by name (never by login name)."""

    field_class = PersonChoiceField
