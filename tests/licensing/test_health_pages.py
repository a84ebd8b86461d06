"""Pages of health certificates and training, and their section of the unit's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing.health.views.certificates import CertificateListView, MissingCertificateListView
from licensing.health.views.training import TrainingListView
from licensing.models import HealthCertificate, TrainingAttendance, TrainingSession
from tests.factories import EstablishmentFactory, PractitionerFactory, TownshipFactory
from tests.generic import ListPageTests, count_queries
from tests.licensing.health_factories import certificate, training

D = datetime.date


class TestCertificateList(ListPageTests):
    url_name = "licensing:certificate_list"
    view_class = CertificateListView
    export_headers = ("姓名", "身份证号码", "所在单位", "体检日期", "体检机构", "有效期至", "状态")

    def make_object(self, **kwargs):
        return certificate(**kwargs)

    def test_ids_are_masked_in_page_and_export(self, client_as, administrator):
        c = certificate()
        client = client_as(administrator)
        page = client.get(reverse(self.url_name)).content.decode()
        assert c.practitioner.id_number not in page
        assert c.practitioner.id_number[:4] + "**********" in page
        export = client.get(reverse(self.url_name), {"export": "xlsx"}).content
        assert c.practitioner.id_number.encode() not in export

    def test_state_filters(self, client_as, manager):
        today = timezone.localdate()
        valid = certificate(exam_date=today - datetime.timedelta(days=10))
        expiring = certificate(exam_date=today - datetime.timedelta(days=350))
        expired = certificate(exam_date=today - datetime.timedelta(days=400))
        failed = certificate(result="failed")
        client = client_as(manager)

        def pks(**params):
            response = client.get(reverse(self.url_name), params)
            return {obj.pk for obj, _ in response.context["rows"]}

        assert pks(state="valid") == {valid.pk, expiring.pk}
        assert pks(state="expiring") == {expiring.pk}
        assert pks(state="expired") == {expired.pk}
        assert pks(state="failed") == {failed.pk}
        town = TownshipFactory()
        other = certificate(
            PractitionerFactory(establishment=EstablishmentFactory(township=town)),
            institution="市立医院",
        )
        assert pks(township=town.pk) == {other.pk}
        assert pks(institution="市立") == {other.pk}
        page = client.get(reverse(self.url_name), {"state": "expiring"}).content.decode()
        assert "即将到期" in page


class TestMissingList(ListPageTests):
    url_name = "licensing:certificate_missing"
    view_class = MissingCertificateListView
    export_headers = (
        "姓名",
        "身份证号码",
        "所在单位",
        "单位类别",
        "乡镇（街道）",
        "原证明有效期至",
    )

    def make_object(self, **kwargs):
        return PractitionerFactory(**kwargs)

    def test_lists_only_those_without_a_valid_certificate(self, client_as, inspector):
        covered = PractitionerFactory()
        certificate(covered)
        lapsed = PractitionerFactory()
        certificate(lapsed, exam_date=D(2020, 1, 1))
        never = PractitionerFactory()
        PractitionerFactory(serves_customers=False)
        PractitionerFactory(left_on=timezone.localdate())
        response = client_as(inspector).get(reverse(self.url_name))
        rows = {obj.pk: obj for obj, _ in response.context["rows"]}
        assert set(rows) == {lapsed.pk, never.pk}
        assert rows[lapsed.pk].last_expiry == D(2021, 1, 1)
        page = response.content.decode()
        assert never.id_number not in page

    def test_filters_by_unit_township_and_category(self, client_as, manager):
        town = TownshipFactory()
        unit = EstablishmentFactory(township=town)
        here = PractitionerFactory(establishment=unit)
        PractitionerFactory()
        client = client_as(manager)
        for params in ({"establishment": unit.pk}, {"township": town.pk}):
            response = client.get(reverse(self.url_name), params)
            assert [o.pk for o, _ in response.context["rows"]] == [here.pk]
        response = client.get(reverse(self.url_name), {"category": unit.category.parent_id})
        assert response.context["page"].paginator.count == 2


class TestTrainingList(ListPageTests):
    url_name = "licensing:training_list"
    view_class = TrainingListView
    export_headers = ("培训日期", "培训内容", "培训地点", "组织单位", "参训人数")

    def make_object(self, **kwargs):
        return training(**kwargs)

    def test_attendee_count_and_township_filter(self, client_as, manager):
        session = training()
        town = TownshipFactory()
        p = PractitionerFactory(establishment=EstablishmentFactory(township=town))
        q = PractitionerFactory(establishment=EstablishmentFactory(township=town))
        session.attendances.create(practitioner=p, recorded_by=session.recorded_by)
        session.attendances.create(practitioner=q, recorded_by=session.recorded_by)
        training()
        response = client_as(manager).get(reverse(self.url_name), {"township": town.pk})
        rows = [obj for obj, _ in response.context["rows"]]
        assert [r.pk for r in rows] == [session.pk] and rows[0].attendee_count == 2


@pytest.mark.django_db
def test_certificate_add_form(client_as, clerk, practitioner):
    url = reverse("licensing:certificate_add", args=[practitioner.pk])
    client = client_as(clerk)
    page = client.get(url).content.decode()
    assert "体检日期起 12 个月" in page
    response = client.post(
        url, {"exam_date": "2025-03-01", "institution": "县疾控中心", "result": "passed"}
    )
    saved = HealthCertificate.objects.get()
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert saved.expires_on == D(2026, 3, 1) and saved.recorded_by == clerk
    again = client.post(
        url, {"exam_date": "2025-03-01", "institution": "县疾控中心", "result": "passed"}
    )
    assert again.status_code == 400 and "已登记" in again.content.decode()
    detail = client.get(saved.get_absolute_url()).content.decode()
    assert "2026-03-01" in detail and practitioner.name in detail


@pytest.mark.django_db
def test_training_create_detail_and_attendance_add(client_as, clerk, establishment):
    client = client_as(clerk)
    response = client.post(
        reverse("licensing:training_add"),
        {
            "date": "2025-07-04",
            "place": "县会议中心",
            "topic": "卫生知识培训",
            "organiser": "县卫生监督所",
        },
    )
    session = TrainingSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    a = PractitionerFactory(establishment=establishment, name="甲", hired_on=D(2021, 1, 1))
    b = PractitionerFactory(establishment=establishment, name="乙", hired_on=D(2021, 1, 1))
    PractitionerFactory(establishment=establishment, name="丙", left_on=D(2024, 1, 1))
    url = reverse("licensing:attendance_add", args=[session.pk])
    page = client.get(url, {"establishment": establishment.pk}).content.decode()
    assert "甲" in page and "乙" in page and "丙" not in page
    response = client.post(url, {"establishment": establishment.pk, "practitioners": [a.pk, b.pk]})
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(session=session).count() == 2
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "甲" in detail and a.id_number not in detail and "来自 1 个单位" in detail


def _health_rows(page):
    table = page.split('data-testid="practitioner-health"')[1].split("</table>")[0]
    return {
        name: 'class="missing"' in row
        for row in table.split("<tr")[2:]
        for name in [row.split("</a>")[0].rsplit(">", 1)[-1]]
    }


@pytest.mark.django_db
def test_unit_page_shows_certificates_with_fixed_query_count(client_as, inspector, establishment):
    """The unit's file (一户一档) lists its people with their certificate's state today and
    marks those serving customers without a valid one; queries do not grow with them."""
    client = client_as(inspector)
    url = reverse("premises:establishment_detail", args=[establishment.pk])
    covered = PractitionerFactory(establishment=establishment, name="持证人")
    certificate(covered)
    missing = PractitionerFactory(establishment=establishment, name="缺证人")
    few, response = count_queries(lambda: client.get(url))
    page = response.content.decode()
    assert "1 人无有效健康证明" in page
    assert _health_rows(page) == {"持证人": False, "缺证人": True}
    assert missing.id_number not in page and covered.id_number not in page
    for i in range(6):
        p = PractitionerFactory(establishment=establishment)
        if i % 2:
            certificate(p, exam_date=D(2020, 1, 1))
    many, response = count_queries(lambda: client.get(url))
    assert "7 人无有效健康证明" in response.content.decode()
    assert few == many, f"{few} queries with two practitioners, {many} with eight"


@pytest.mark.django_db
def test_panel_hidden_without_permission(client_as, outsider, establishment):
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="view_establishment"))
    page = (
        client_as(outsider)
        .get(reverse("premises:establishment_detail", args=[establishment.pk]))
        .content.decode()
    )
    assert "无有效健康证明" not in page


@pytest.mark.django_db
def test_practitioner_page_shows_certificates_and_trainings(client_as, clerk, practitioner):
    certificate(practitioner, exam_date=D(2020, 1, 1))
    session = training()
    session.attendances.create(practitioner=practitioner, recorded_by=clerk)
    page = client_as(clerk).get(practitioner.get_absolute_url()).content.decode()
    assert "今天没有有效健康证明" in page and "已过期" in page and session.topic in page
    assert reverse("licensing:certificate_add", args=[practitioner.pk]) in page
