"""The read-only pages of violations with their discretion tables, and of the time limits.
Editing stays in the admin; the pages link there only for those allowed to edit."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from penalties.models import DiscretionLevel, Violation
from penalties.views.reference import ViolationListView
from premises.models import Domain
from tests.generic import ListPageTests, count_queries

pytestmark = pytest.mark.django_db

SHIPPED = "未依法取得公共场所卫生许可证擅自营业"


def page(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's visible words, tags and spacing removed."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", page(response)))


class TestViolationList(ListPageTests):
    url_name = "penalties:violation_list"
    view_class = ViolationListView
    export_headers = ("违法行为", "违反的规定", "处罚依据", "追责时效（年）", "裁量等级数")
    made = 0

    def make_object(self, **kwargs):
        TestViolationList.made += 1
        n = TestViolationList.made
        violation = Violation.objects.create(
            code=f"test-{n}",
            name=f"测试违法行为{n}",
            domain=Domain.objects.get(code="medical"),
            legal_basis=f"测试条例第{n}条",
            penalty_basis=f"测试条例第{n + 10}条",
        )
        DiscretionLevel.objects.create(
            violation=violation,
            severity="ordinary",
            circumstances="一般情节",
            penalties=["warning", "fine"],
            fine_min=Decimal("100"),
            fine_max=Decimal("1000"),
        )
        return violation

    def test_pagination_shows_every_row_once(self, client_as, manager, monkeypatch):
        Violation.objects.all().delete()  # the generic check pages through its own rows only
        super().test_pagination_shows_every_row_once(client_as, manager, monkeypatch)

    def test_bad_filter_value_shows_no_rows_and_a_message(self, client_as, manager):
        self.make_object()
        response = client_as(manager).get(reverse(self.url_name), {"domain": "not-a-number"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
        assert response.context["filterset"].form.errors


def test_list_shows_the_shipped_violations_with_basis_and_levels(client_as, clerk):
    response = client_as(clerk).get(reverse("penalties:violation_list"))
    assert response.status_code == 200
    rows = {obj.code: dict((c.key, v) for c, v in cells) for obj, cells in response.context["rows"]}
    assert rows["pp-no-permit"]["name"] == SHIPPED
    assert rows["pp-no-permit"]["domain"] == Domain.objects.get(code="public_places").name
    assert rows["pp-no-permit"]["legal_basis"] == (
        "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条第一款"
    )
    assert (
        rows["pp-no-permit"]["penalty_basis"] == "《公共场所卫生管理条例实施细则》第三十五条第一款"
    )
    assert rows["pp-no-permit"]["levels"] == 3
    assert rows["pp-no-health-certificate"]["levels"] == 2
    assert rows["illegal-practice"]["limitation_years"] == 5
    detail = reverse(
        "penalties:violation_detail", args=[Violation.objects.get(code="pp-no-permit").pk]
    )
    assert f'href="{detail}"' in page(response)


def test_list_filters_by_search_and_domain(client_as, inspector):
    client = client_as(inspector)
    response = client.get(reverse("penalties:violation_list"), {"q": "非医师行医"})
    assert [obj.code for obj, _ in response.context["rows"]] == ["illegal-practice"]
    response = client.get(reverse("penalties:violation_list"), {"q": "第三十八条"})
    found = [obj for obj, _ in response.context["rows"]]
    assert "pp-no-health-certificate" in {obj.code for obj in found}
    assert all("第三十八条" in obj.legal_basis + obj.penalty_basis for obj in found)
    medical = Domain.objects.get(code="medical")
    response = client.get(reverse("penalties:violation_list"), {"domain": medical.pk})
    found = [obj for obj, _ in response.context["rows"]]
    assert {"illegal-practice", "med-no-licence", "mw-45"} <= {obj.code for obj in found}
    assert {obj.domain_id for obj in found} == {medical.pk}  # no public-place violation


def test_list_sorts_by_number_of_levels(client_as, inspector):
    response = client_as(inspector).get(reverse("penalties:violation_list"), {"sort": "-levels"})
    counts = [dict((c.key, v) for c, v in cells)["levels"] for _, cells in response.context["rows"]]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3


def test_detail_shows_the_discretion_table_of_the_shipped_data(client_as, inspector):
    violation = Violation.objects.get(code="pp-no-permit")
    client = client_as(inspector)
    response = client.get(reverse("penalties:violation_detail", args=[violation.pk]))
    assert response.status_code == 200
    body = text(response)
    for expected in (
        SHIPPED,
        "《公共场所卫生管理条例实施细则》第二十二条第一款",
        "《公共场所卫生管理条例实施细则》第三十五条第一款",
        "追责时效两年；涉及公民生命健康安全且有危害后果的五年",
        # 情节, what the clause allows, what must go together (警告并处罚款), range, review
        "轻微首次发现，擅自营业时间较短，及时改正警告、罚款警告、罚款500–2,000元—",
        "一般擅自营业，未造成危害后果警告、罚款警告、罚款2,000–5,000元—",
        "伪造的卫生许可证擅自营业罚款罚款5,000–30,000元须法制审核法定档次",
        "非公布基准",  # a default split not taken from a published 裁量基准 says so
    ):
        assert expected in body, expected
    assert "在系统管理中修改" not in page(response)


def test_detail_of_a_level_without_fine_shows_a_dash(client_as, inspector):
    violation = Violation.objects.get(code="pp-no-testing")
    response = client_as(inspector).get(reverse("penalties:violation_detail", args=[violation.pk]))
    assert "轻微首次发现，及时改正警告警告——" in text(response)  # no fine: a dash
    assert "0–2,000元" in text(response)


def test_only_who_may_edit_sees_the_admin_link(client_as, administrator, manager):
    violation = Violation.objects.get(code="pp-no-permit")
    url = reverse("penalties:violation_detail", args=[violation.pk])
    admin_url = reverse("admin:penalties_violation_change", args=[violation.pk])
    shown = page(client_as(administrator).get(url))
    assert "在系统管理中修改" in shown and admin_url in shown
    hidden = page(client_as(manager).get(url))
    assert "在系统管理中修改" not in hidden and admin_url not in hidden


def test_detail_query_count_does_not_grow_with_the_levels(client_as, inspector):
    client = client_as(inspector)
    two = Violation.objects.get(code="pp-no-health-certificate")
    three = Violation.objects.get(code="pp-no-permit")
    few, _ = count_queries(lambda: client.get(reverse("penalties:violation_detail", args=[two.pk])))
    many, _ = count_queries(
        lambda: client.get(reverse("penalties:violation_detail", args=[three.pk]))
    )
    assert few == many


def test_unknown_violation_is_404(client_as, inspector):
    response = client_as(inspector).get(reverse("penalties:violation_detail", args=[999999]))
    assert response.status_code == 404


def test_time_limits_page_lists_every_limit_with_its_basis(client_as, clerk):
    response = client_as(clerk).get(reverse("penalties:timelimit_list"))
    assert response.status_code == 200
    body = text(response)
    for expected in (
        "缴纳罚款期限15日自然日5日行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款",
        "申请听证期限5个工作日工作日2日行政处罚法第六十四条：告知后五日内提出听证要求",
        "作出处罚决定期限90日自然日15日行政处罚法第六十条：立案之日起九十日内作出决定",
        "陈述申辩期限3个工作日",
    ):
        assert expected in body, expected
    # In the order of the procedure: the statement before the payment.
    assert body.index("陈述申辩期限") < body.index("作出处罚决定期限") < body.index("缴纳罚款期限")
    assert "在系统管理中修改" not in page(response)


def test_time_limits_page_links_the_admin_for_the_administrator(client_as, administrator):
    response = client_as(administrator).get(reverse("penalties:timelimit_list"))
    assert "在系统管理中修改" in page(response)
    assert reverse("admin:penalties_timelimit_changelist") in page(response)


@pytest.mark.parametrize("url_name", ["penalties:violation_list", "penalties:timelimit_list"])
def test_outsider_gets_403(client_as, outsider, url_name):
    assert client_as(outsider).get(reverse(url_name)).status_code == 403
