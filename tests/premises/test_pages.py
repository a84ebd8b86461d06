import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from premises.choices import SubjectKind
from premises.models import Establishment, Practitioner
from premises.views.establishments import EstablishmentListView
from premises.views.practitioners import PractitionerListView
from tests.factories import (
    EstablishmentFactory,
    PractitionerFactory,
    TownshipFactory,
    kind,
    post_named,
    valid_id_number,
)
from tests.generic import ListPageTests
from tests.locking import version_of


class TestEstablishmentList(ListPageTests):
    url_name = "premises:establishment_list"
    view_class = EstablishmentListView
    export_headers = ("单位名称", "统一社会信用代码", "类别", "乡镇（街道）", "状态", "从业人员数")

    def make_object(self, **kwargs):
        return EstablishmentFactory(**kwargs)

    def test_search_filter_and_sort(self, client_as, inspector):
        town = TownshipFactory(name="株潭镇")
        EstablishmentFactory(name="株潭理发店", township=town)
        EstablishmentFactory(name="株潭宾馆", township=town, category=kind("pp.lodging.hotel"))
        EstablishmentFactory(name="别处宾馆", category=kind("pp.lodging.hotel"))
        client = client_as(inspector)
        response = client.get(reverse(self.url_name), {"township": town.pk, "sort": "-name"})
        names = [obj.name for obj, _ in response.context["rows"]]
        assert names == sorted(["株潭理发店", "株潭宾馆"], reverse=True)
        response = client.get(reverse(self.url_name), {"q": "宾馆", "sort": "name"})
        assert {obj.name for obj, _ in response.context["rows"]} == {"株潭宾馆", "别处宾馆"}

    def test_subject_kind_column_and_filter(self, client_as, inspector):
        EstablishmentFactory(name="株潭宾馆")
        EstablishmentFactory(
            name="株潭村",
            subject_kind=SubjectKind.VILLAGE,
            credit_code="",
            category=kind("hp.setting.village"),
        )
        client = client_as(inspector)
        response = client.get(reverse(self.url_name), {"subject_kind": SubjectKind.VILLAGE})
        rows = [
            (obj.name, dict((c.key, v) for c, v in cells))
            for obj, cells in response.context["rows"]
        ]
        assert [(name, row["subject_kind"]) for name, row in rows] == [("株潭村", "行政村")]
        page = client.get(reverse(self.url_name)).content.decode()
        assert "<th" in page and "对象类型" in page

    def test_practitioner_count_column(self, client_as, inspector, establishment):
        PractitionerFactory.create_batch(3, establishment=establishment)
        PractitionerFactory(
            establishment=establishment, left_on="2023-01-01", hired_on="2022-01-01"
        )
        response = client_as(inspector).get(reverse(self.url_name))
        row = dict((c.key, v) for c, v in response.context["rows"][0][1])
        assert row["practitioners"] == 3

    def test_export_follows_the_filters(self, client_as, manager):
        town = TownshipFactory(name="黄茅镇")
        EstablishmentFactory(name="黄茅理发店", township=town)
        EstablishmentFactory(name="城里理发店")
        response = client_as(manager).get(
            reverse(self.url_name), {"township": town.pk, "export": "xlsx"}
        )
        rows = list(
            load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
        )
        assert [r[0] for r in rows[1:]] == ["黄茅理发店"]
        assert "filename*=UTF-8''" in response["Content-Disposition"]


class TestPractitionerList(ListPageTests):
    url_name = "premises:practitioner_list"
    view_class = PractitionerListView
    export_headers = ("姓名", "身份证号码", "所在单位", "岗位")

    def make_object(self, **kwargs):
        return PractitionerFactory(**kwargs)

    def test_full_id_number_never_in_list_or_export(self, client_as, clerk):
        PractitionerFactory(id_number="11010519491231002X")
        client = client_as(clerk)  # clerks may see full numbers, but not in lists
        page = client.get(reverse(self.url_name)).content.decode()
        assert "1101**********002X" in page and "11010519491231002X" not in page
        export = client.get(reverse(self.url_name), {"export": "xlsx"})
        cells = [
            c
            for row in load_workbook(io.BytesIO(export.content))
            .worksheets[0]
            .iter_rows(values_only=True)
            for c in row
        ]
        assert "1101**********002X" in cells and "11010519491231002X" not in cells

    def test_employment_filter(self, client_as, inspector, establishment):
        PractitionerFactory(establishment=establishment, name="在职甲")
        PractitionerFactory(
            establishment=establishment, name="离职乙", hired_on="2020-01-01", left_on="2021-01-01"
        )
        client = client_as(inspector)
        current = client.get(reverse(self.url_name), {"employment": "current"})
        assert [o.name for o, _ in current.context["rows"]] == ["在职甲"]
        left = client.get(reverse(self.url_name), {"employment": "left"})
        assert [o.name for o, _ in left.context["rows"]] == ["离职乙"]


def form_data(township, **overrides):
    data = {
        "name": "康乐悦来宾馆",
        "credit_code": "91350100M000100Y43",
        "legal_representative": "王五",
        "address": "康乐大道8号",
        "township": township.pk,
        "category": kind("pp.lodging.hotel").pk,
        "phone": "0795-8123456",
        "opened_on": "2022-03-01",
    }
    data.update(overrides)
    return data


def test_create_with_wrong_credit_code_shows_message_and_writes_nothing(client_as, clerk, township):
    response = client_as(clerk).post(
        reverse("premises:establishment_add"), form_data(township, credit_code="91350100M000100Y44")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "统一社会信用代码：统一社会信用代码校验位错误" in page
    assert Establishment.objects.count() == 0


def test_create_then_edit_and_see_history(client_as, clerk, township):
    client = client_as(clerk)
    response = client.post(reverse("premises:establishment_add"), form_data(township))
    unit = Establishment.objects.get()
    assert response.status_code == 302 and response["Location"] == unit.get_absolute_url()
    data = form_data(township, address="康乐大道10号")
    data.pop("opened_on")
    response = client.post(
        reverse("premises:establishment_edit", args=[unit.pk]), {**data, **version_of(unit)}
    )
    assert response.status_code == 302
    page = client.get(unit.get_absolute_url()).content.decode()
    assert "变更记录" in page
    assert "<del>康乐大道8号</del> → 康乐大道10号" in page
    assert clerk.first_name in page


def test_required_fields_are_named_in_chinese(client_as, clerk, township):
    response = client_as(clerk).post(reverse("premises:establishment_add"), {})
    page = response.content.decode()
    for label in ("单位名称", "乡镇（街道）", "单位类别", "开业日期"):
        assert f"{label}：该字段是必填项。" in page
    # No kind sent: a 单位, which must have its credit code (家庭 and persons have none).
    assert "单位和个体工商户须填写统一社会信用代码（18位）。" in page


def test_status_change_through_the_page(client_as, clerk, establishment):
    client = client_as(clerk)
    url = reverse("premises:establishment_status", args=[establishment.pk])
    response = client.post(
        url, {"kind": "suspended", "date": "2024-03-01", "reason": "装修"}, follow=True
    )
    assert "已登记：2024-03-01 停业" in response.content.decode()
    establishment.refresh_from_db()
    assert establishment.status == "suspended"
    response = client.post(url, {"kind": "suspended", "date": "2024-04-01"}, follow=True)
    assert "不能办理“停业”" in response.content.decode()


def test_detail_masks_id_numbers_for_every_role(client_as, inspector, clerk, establishment):
    p = PractitionerFactory(establishment=establishment, id_number="11010519491231002X")
    for url in (establishment.get_absolute_url(), p.get_absolute_url()):
        for user in (inspector, clerk):  # a clerk sees it in full only on request
            page = client_as(user).get(url).content.decode()
            assert "11010519491231002X" not in page and "1101**********002X" in page
    reveal = reverse("premises:practitioner_reveal", args=[p.pk])
    assert "11010519491231002X" in client_as(clerk).post(reveal).content.decode()


def test_history_masks_id_numbers_for_inspectors(client_as, inspector, clerk, establishment):
    from premises import services

    p = PractitionerFactory(establishment=establishment, id_number="11010519491231002X")
    services.practitioner_update(practitioner=p, user=clerk, id_number=valid_id_number())
    page = client_as(inspector).get(p.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in page and "<del>1101**********002X</del>" in page


def test_add_practitioner_from_the_unit(client_as, clerk, establishment):
    response = client_as(clerk).post(
        reverse("premises:practitioner_add", args=[establishment.pk]),
        {
            "name": "赵六",
            "sex": "M",
            "post": post_named("厨师").pk,
            "id_number": "11010519491231002x",
            "hired_on": "2023-01-01",
        },
    )
    assert response.status_code == 302
    p = Practitioner.objects.get()
    assert p.establishment == establishment and p.id_number == "11010519491231002X"


def test_practitioner_with_bad_id_is_refused(client_as, clerk, establishment):
    response = client_as(clerk).post(
        reverse("premises:practitioner_add", args=[establishment.pk]),
        {
            "name": "赵六",
            "sex": "M",
            "post": post_named("厨师").pk,
            "id_number": "110105194912310021",
            "hired_on": "2023-01-01",
        },
    )
    assert response.status_code == 400
    assert "身份证号码：身份证号码校验位错误" in response.content.decode()
    assert not Practitioner.objects.exists()


@pytest.mark.django_db
def test_home_shows_registry_counts(client_as, manager):
    EstablishmentFactory.create_batch(2)
    page = client_as(manager).get(reverse("home")).content.decode()
    assert "营业单位" in page and "<b>2</b>" in page
