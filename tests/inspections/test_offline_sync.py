"""The field page's outbox (issue #15, offline entry): records entered with no network are
sent when it returns, each with its own Idempotency-Key. A retry after a lost answer must
not write twice; a record based on a unit changed since, or following an opinion closed
since, is refused with a clear message on its field (nothing written, nothing overwritten).
The browser side is tests/browser/test_field_offline.py."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from core.locking import record_version
from inspections.choices import OpinionStatus
from inspections.models import Inspection, InspectionPhoto, Sample
from inspections.services import draw_make, opinion_issue
from inspections.views.field import field_data, static_version
from premises.services import establishment_update
from tests.factories import EstablishmentFactory, kind
from tests.inspections.factories import inspectors, pool_limit, record, small_checklist, when

pytestmark = pytest.mark.django_db


def session_client(user):
    """The field page sends with the browser's session (and its CSRF token)."""
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(user)
    return client


def outbox_inspection(unit, team, **changes):
    checklist = small_checklist()
    items = list(checklist.items.order_by("order"))
    payload = {
        "establishment": unit.pk,
        "establishment_version": record_version(unit),
        "date": when(days_ago=0, hour=0).isoformat(),
        "inspectors": [u.pk for u in team],
        "kind": "routine",
        "person_present": "店长王某",
        "findings": "离线录入",
        "result": "compliant",
        "checklist": checklist.pk,
        "scores": [{"item": i.pk, "score": str(i.max_points), "note": ""} for i in items],
    }
    payload.update(changes)
    return payload


def post_three_times(client, url, payload, **kwargs):
    key = str(uuid.uuid4())
    return [client.post(url, payload, headers={"Idempotency-Key": key}, **kwargs) for _ in range(3)]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_inspection_sent_three_times_with_one_key_is_one_inspection():
    team = inspectors()
    unit = EstablishmentFactory()
    client = session_client(team[0])
    answers = post_three_times(
        client, reverse("inspection-list"), outbox_inspection(unit, team), format="json"
    )
    assert [a.status_code for a in answers] == [201, 201, 201], answers[0].content
    assert [a.get("Idempotent-Replayed") for a in answers] == [None, "true", "true"]
    assert {a.json()["id"] for a in answers} == {answers[0].json()["id"]}
    assert Inspection.objects.filter(establishment=unit).count() == 1
    assert Inspection.objects.get().scores.count() == 2


def test_a_sample_and_a_photo_sent_three_times_are_one_each(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = inspectors()
    pool = EstablishmentFactory(category=kind("pp.sports.swimming"))
    inspection = record(establishment=pool, team=team)
    client = session_client(team[0])
    chlorine = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
    sample = {
        "inspection": inspection.pk,
        "sample_type": "游泳池水",
        "location": "深水区",
        "taken_at": when(days_ago=0, hour=0).isoformat(),
        "results": [{"limit": chlorine.pk, "value": "0.5", "detected": None}],
    }
    answers = post_three_times(client, reverse("sample-list"), sample, format="json")
    assert [a.status_code for a in answers] == [201, 201, 201], answers[0].content
    assert Sample.objects.filter(inspection=inspection).count() == 1

    url = reverse("inspection-photos", args=[inspection.pk])
    key = str(uuid.uuid4())
    photos = [
        client.post(
            url,
            {"image": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "caption": "后厨"},
            headers={"Idempotency-Key": key},
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in photos] == [201, 201, 201], photos[0].content
    assert InspectionPhoto.objects.filter(inspection=inspection).count() == 1


def test_a_follow_up_of_an_opinion_closed_meanwhile_is_refused_on_its_field():
    team = inspectors()
    unit = EstablishmentFactory()
    first = record(establishment=unit, team=team, inspected_at=when(days_ago=20))
    opinion = opinion_issue(
        inspection=first,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate(),
        user=team[0],
        issued_at=when(days_ago=20),
    )
    follow_up = outbox_inspection(
        unit, team, kind="follow_up", follows_opinion=opinion.pk, rectified=True
    )
    # Downloaded, then closed by a colleague's follow-up while the tablet was offline.
    record(
        establishment=unit,
        team=team,
        kind="follow_up",
        follows_opinion=opinion,
        rectified=True,
        inspected_at=when(days_ago=1),
    )
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED
    before = Inspection.objects.count()
    answers = post_three_times(
        session_client(team[0]), reverse("inspection-list"), follow_up, format="json"
    )
    assert [a.status_code for a in answers] == [400, 400, 400]
    message = answers[0].json()["follows_opinion"][0]
    assert opinion.number in message and "已整改关闭" in message
    assert Inspection.objects.count() == before


def test_an_inspection_of_a_unit_changed_since_download_is_a_conflict_on_the_unit():
    team = inspectors()
    unit = EstablishmentFactory(address="旧地址 1 号")
    payload = outbox_inspection(unit, team)
    establishment_update(establishment=unit, user=team[1], address="新地址 9 号")
    client = session_client(team[0])
    answer = client.post(
        reverse("inspection-list"), payload, format="json", headers={"Idempotency-Key": "a"}
    )
    assert answer.status_code == 409
    message = answer.json()["establishment"][0]
    assert "下载后已被" in message and "修改" in message
    assert not Inspection.objects.exists()
    # Settled: the inspector looked at the unit as it is now and sends again.
    etag = client.get(reverse("establishment-detail", args=[unit.pk]))["ETag"].strip('"')
    payload["establishment_version"] = etag
    again = client.post(
        reverse("inspection-list"), payload, format="json", headers={"Idempotency-Key": "b"}
    )
    assert again.status_code == 201, again.content
    assert Inspection.objects.count() == 1


def test_without_a_version_the_api_records_as_before():
    team = inspectors()
    unit = EstablishmentFactory()
    payload = outbox_inspection(unit, team)
    del payload["establishment_version"]
    establishment_update(establishment=unit, user=team[1], address="新地址 9 号")
    answer = session_client(team[0]).post(reverse("inspection-list"), payload, format="json")
    assert answer.status_code == 201, answer.content


def test_field_data_holds_today_s_work_with_each_unit_s_version():
    team = inspectors()
    me = team[0]
    due_unit = EstablishmentFactory(name="到期单位")
    first = record(establishment=due_unit, team=team, inspected_at=when(days_ago=20))
    opinion = opinion_issue(
        inspection=first,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate(),
        user=me,
        issued_at=when(days_ago=20),
    )
    picked = EstablishmentFactory(name="自选单位", category=kind("pp.sports.swimming"))
    draw = draw_make(user=team[1], name="第一季度抽查", count=1)
    task = draw.assignments.get()
    assert me.pk in (task.inspector_a_id, task.inspector_b_id)  # two on the roster: both
    small_checklist()
    pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
    data = field_data(me, [picked.pk])
    units = {u["id"]: u for u in data["units"]}
    assert set(units) == {due_unit.pk, picked.pk, task.establishment_id}
    assert data["tasks"] == [
        {"id": task.pk, "unit": task.establishment_id, "label": "第一季度抽查 第1号"}
    ]
    assert units[picked.pk]["version"] == record_version(picked)
    assert data["follow_ups"][0]["id"] == opinion.pk
    assert data["picked"] == [picked.pk]
    assert {u["id"] for u in data["roster"]} >= {u.pk for u in team}
    assert data["checklists"] and data["checklists"][0]["items"]
    # Every type's limits travel (GB 37488's pool water among GB 5749's water types).
    assert "游泳池水" in {limit["sample_type"] for limit in data["limits"]}
    assert "游泳池水" in units[picked.pk]["sample_types"]


def test_field_pages_and_service_worker(client_as, inspector, clerk):
    client = client_as(inspector)
    page = client.get(reverse("inspections:field"))
    assert page.status_code == 200
    assert "外出检查（离线）" in page.content.decode()
    session = client.get(reverse("inspections:field_session")).json()
    assert session["csrf_token"]
    worker = client.get(reverse("inspections:field_sw"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == reverse("inspections:field")
    body = worker.content.decode()
    assert f'"version": "{static_version()}"' in body and "addEventListener" in body
    csp = page["Content-Security-Policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp
    assert "unsafe-inline" not in csp
    home = client.get(reverse("home")).content.decode()
    assert reverse("inspections:field") in home
    assert client_as(clerk).get(reverse("inspections:field")).status_code == 403


def test_the_cache_is_named_by_the_static_files(settings, tmp_path):
    (tmp_path / "app.css").write_text("a {}")
    settings.STATICFILES_DIRS = [tmp_path]
    first = static_version()
    assert static_version() == first
    (tmp_path / "app.css").write_text("a { color: red; }")  # a deploy changes a file
    assert static_version() != first
