"""The summary counts the complaints (投诉举报) received and those closed in the period, by
the domain they were registered under and the township of the unit complained about; a
voided one is not counted; each figure's drill-down lists exactly its complaints."""

import pytest

from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import D, complaint, domain, township, unit

pytestmark = pytest.mark.django_db


def test_complaints_received_and_closed_are_counted_per_scope():
    east, west = township("360922101", "康乐街道"), township("360922102", "株潭镇")
    shop = unit(town=east)
    complaint(D(2024, 3, 1), target=shop, closed=D(2024, 3, 20))
    complaint(D(2023, 12, 20), target=unit(town=west), closed=D(2024, 1, 10))
    complaint(D(2024, 5, 1), dom="medical")
    complaint(D(2024, 6, 1), target=shop, voided=True)

    year = Period.year(2024)
    everything = figures.summary(Scope(year))
    assert (everything["complaints"], everything["complaints_closed"]) == (2, 2)
    public = figures.summary(Scope(year, domain=domain("public_places")))
    assert (public["complaints"], public["complaints_closed"]) == (1, 2)
    in_east = figures.summary(Scope(year, township=east))
    assert (in_east["complaints"], in_east["complaints_closed"]) == (1, 1)
    for scope in (
        Scope(year),
        Scope(year, domain=domain("public_places")),
        Scope(year, township=east),
    ):
        data = figures.summary(scope)
        for key in ("complaints", "complaints_closed"):
            _, records = sets.DRILLDOWN[key]
            assert records(sets.RecordSets(scope)).count() == data[key], key
