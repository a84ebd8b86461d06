"""Seed 000: the county's public places in 2024, built from raw records, give every figure
of the real summary — 257 units (table 1), coverage 100%, 617 visits (2.4 per unit),
20 already licensed, 216 of 237 due issued (91%), 563 examined (≥93%), training ≥87%."""

import datetime

import pytest

from inspections.choices import InspectionResult
from premises.models import Category
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    CLOSED,
    SUSPENDED,
    D,
    domain,
    exams,
    people,
    permit,
    training,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db

# Table 1 of seed 000: (kind code, units, already licensed, due but not issued in 2024).
TABLE_1 = [
    ("pp.lodging.teahouse", 14, 0, 3),  # 茶楼
    ("pp.entertainment.karaoke", 10, 2, 0),  # 卡拉OK厅
    ("pp.entertainment.netcafe", 25, 4, 0),  # 网吧
    ("pp.entertainment.dance", 2, 0, 0),  # 舞厅
    ("pp.bathing.bathhouse", 20, 4, 0),  # 公共浴室
    ("pp.bathing.beauty", 38, 0, 5),  # 美容店
    ("pp.bathing.barber", 100, 0, 10),  # 理发店
    ("pp.lodging.hotel", 12, 8, 0),  # 旅店业: 宾馆
    ("pp.lodging.inn", 19, 0, 3),  # 旅店业: 旅店
    ("pp.lodging.guesthouse", 8, 0, 0),  # 旅店业: 招待所
    ("pp.sports.swimming", 1, 0, 0),  # 其他: 游泳池
    ("pp.shopping.mall", 5, 2, 0),  # 其他: 商场
    ("pp.transport.waiting_room", 2, 0, 0),  # 其他: 候诊室
    ("pp.transport.station", 1, 0, 0),  # 其他: 候车室
]
SEED_GROUPS = {"文化娱乐场所": 51, "公共浴室": 20, "美容美发": 138, "旅店业": 39, "其他": 9}
PRACTITIONERS, EXAMINED, TRAINED = 600, 563, 525


def build_county():
    """The county as raw records; returns what each kind should show in table 1."""
    expected, every = {}, []
    for code, count, licensed, missing in TABLE_1:
        made = units(count, code, opened=D(2015, 4, 1))
        for i, shop in enumerate(made):
            if i < licensed:  # held since 2022; one in two renewed during 2024
                first = permit(shop, D(2021, 5, 10) if i % 2 else D(2022, 3, 1))
                if i % 2:
                    permit(shop, D(2024, 4, 20), previous=first)
            elif i < count - missing:  # due and issued in 2024
                permit(shop, D(2024, 1, 2) + datetime.timedelta(days=3 * i))
            elif i % 2:  # due, not issued: its old permit lapsed in 2024
                permit(shop, D(2020, 2, 1))
        expected[code] = {
            "units": count,
            "licensed_before": licensed,
            "licence_due": count - licensed,
            "licences_issued": count - licensed - missing,
            "visits": 0,
            "practitioners": 0,
            "examined": 0,
            "trained": 0,
        }
        every += made
    assert len(every) == 257
    # 617 visits: every unit twice, 103 of them a third time; one visit in five finds problems.
    rounds = [(every, D(2024, 3, 12)), (every, D(2024, 9, 3)), (every[:103], D(2024, 11, 20))]
    for n, (targets, day) in enumerate(rounds):
        compliant = [u for i, u in enumerate(targets) if (i + n) % 5]
        visits(compliant, day)
        visits([u for u in targets if u not in set(compliant)], day,
               result=InspectionResult.OPINION)  # fmt: skip
        for shop in targets:
            expected[shop.category.code]["visits"] += 1
    # 600 practitioners: two in each unit, a third in 86; 563 examined, 525 trained.
    staff = []
    for i, shop in enumerate(every):
        for person in people(shop, 3 if i < 86 else 2, hired=D(2019, 6, 1)):
            staff.append((person, shop.category.code))
    assert len(staff) == PRACTITIONERS
    exams([p for p, _ in staff[:EXAMINED]], D(2024, 4, 15))
    training(D(2024, 7, 4), [p for p, _ in staff[:TRAINED]], topic="公共场所行业单位负责人培训讲座")
    for i, (_, code) in enumerate(staff):
        expected[code]["practitioners"] += 1
        expected[code]["examined"] += i < EXAMINED
        expected[code]["trained"] += i < TRAINED
    return every, expected


def build_noise(shop):
    """Records that must not count in 2024's public-places figures."""
    water = unit("dw.supply.central")
    visits([water], D(2024, 5, 5))
    people(water, 4)
    closed = unit("pp.bathing.barber", changes=[(CLOSED, D(2023, 8, 1))])
    visit(closed, D(2023, 6, 1))
    idle = unit("pp.lodging.inn", changes=[(SUSPENDED, D(2023, 10, 1))])
    permit(idle, D(2023, 1, 1))
    visit(shop, D(2023, 12, 31))
    visit(shop, D(2025, 1, 2))
    exams(people(shop, 3, hired=D(2018, 1, 1), left=D(2023, 12, 31)), D(2024, 2, 2))
    people(shop, 2, hired=D(2025, 2, 1))


def test_seed_000_county_2024():
    every, expected = build_county()
    build_noise(every[0])
    scope = Scope(Period.year(2024), domain=domain("public_places"))

    data = figures.summary(scope)

    assert data["units"] == 257
    assert data["inspected_units"] == 257
    assert data["coverage_rate"] == 1.0  # 监督覆盖率达到了100%
    assert data["visits"] == 617
    assert data["frequency"] == 2.4  # 监督频率为2.4户次
    assert data["licensed_before"] == 20  # 已有证单位20家
    assert data["licence_due"] == 237  # 今年应发证单位237家
    assert data["licences_issued"] == 216  # 实发216家
    assert data["licensing_rate"] == 0.9114  # 发证率达到91%
    assert data["practitioners"] == PRACTITIONERS
    assert data["examined"] == 563  # 体检人数563人
    assert data["exam_rate"] == 0.9383 and data["exam_rate"] >= 0.93  # 93%以上
    assert data["trained"] == TRAINED
    assert data["training_rate"] == 0.875 and data["training_rate"] >= 0.87  # 87%以上
    compliant = sum(1 for n, t in ((0, 257), (1, 257), (2, 103)) for i in range(t) if (i + n) % 5)
    assert data["compliant_visits"] == compliant
    assert data["pass_rate"] == round(compliant / 617, 4)

    # Table 1, kind by kind, in the software's grouping (each kind's statistics group)...
    rows = {r["category"]: r for r in data["by_category"]}
    assert set(rows) == {code for code, *_ in TABLE_1}
    for code, wanted in expected.items():
        assert {k: rows[code][k] for k in wanted} == wanted, code
        assert rows[code]["inspected_units"] == wanted["units"], code
    groups = {c.code: c.report_group for c in Category.objects.filter(code__in=rows)}
    classes = {c["class"]: c for c in data["by_class"]}
    for name, group in classes.items():
        assert group["units"] == sum(r["units"] for r in group["kinds"]), name
        assert {groups[r["category"]] for r in group["kinds"]} == {name}
    # ...and the seed's totals: 文化娱乐场所51, 公共浴室20, 美容美发138, 旅店业39, 其他9.
    assert {name: c["units"] for name, c in classes.items()} == SEED_GROUPS
    assert sum(c["visits"] for c in classes.values()) == 617

    # Every figure's drill-down lists exactly its records.
    for key in ("units", "inspected_units", "licensed_before", "licence_due",
                "licences_issued", "visits", "practitioners", "examined", "trained"):  # fmt: skip
        assert sets.DRILLDOWN[key][1](sets.RecordSets(scope)).count() == data[key], key
