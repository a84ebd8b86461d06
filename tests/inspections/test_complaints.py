"""The complaints register (投诉举报) as the office uses it: limits counted on the office's
calendar, the overdue list and the home page's reminders, the complainant masked for those
who may not see them, one record per form sent twice, a closed complaint left alone, who
may do which step, and the API's refusals as JSON."""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import CalendarDay, PersonalDataAccess
from inspections.models import Complaint, ComplaintAmendment, ComplaintTimeLimit
from inspections.models.complaints import (
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
    ReplyMethod,
)
from inspections.services import complaints as services
from premises.models import Domain
from tests.factories import EstablishmentFactory
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="_submission" value="([^"]+)"')
PHONE = "13812345678"


def moment(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def register(clerk, *, received_at=None, unit=None, **fields):
    values = {
        "user": clerk,
        "received_at": received_at or timezone.now() - datetime.timedelta(hours=1),
        "source": ComplaintSource.HOTLINE_12345,
        "establishment": unit if unit is not None else EstablishmentFactory(),
        "content": "游泳池水浑浊，有异味。",
        "complainant_name": "王小明",
        "complainant_phone": PHONE,
        "complainant_address": "万载县康乐街道锦绣路8号",
    }
    values.update(fields)
    return services.complaint_register(**values)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- time limits


def test_acceptance_limit_in_working_days_skips_the_holiday_and_counts_the_worked_weekend(
    clerk,
):
    ComplaintTimeLimit.objects.filter(code="accept", source="").update(days=3, working_days=True)
    CalendarDay.objects.filter(date__range=("2026-09-28", "2026-10-12")).delete()
    # Received Tuesday 29 September 2026; 1–7 October holidays, Saturday 10 October worked.
    for day in range(1, 8):
        CalendarDay.objects.create(date=datetime.date(2026, 10, day), is_workday=False)
    CalendarDay.objects.create(date=datetime.date(2026, 10, 10), is_workday=True)
    complaint = register(clerk, received_at=moment(datetime.date(2026, 9, 29)))
    # 30 Sep (1), 8 Oct (2), 9 Oct (3)
    assert complaint.accept_due == datetime.date(2026, 10, 9)
    assert complaint.next_due == complaint.accept_due


def test_a_limit_in_days_ending_on_a_holiday_ends_on_the_next_working_day(clerk):
    CalendarDay.objects.filter(date__range=("2026-09-28", "2026-10-12")).delete()
    for day in range(1, 8):
        CalendarDay.objects.create(date=datetime.date(2026, 10, day), is_workday=False)
    # 15 days after 17 September is 2 October, a holiday: the limit ends on 8 October.
    complaint = register(clerk, received_at=moment(datetime.date(2026, 9, 17)))
    assert complaint.accept_due == datetime.date(2026, 10, 8)


def test_a_row_for_the_source_overrides_the_row_for_all(clerk):
    ComplaintTimeLimit.objects.create(
        code="accept", source=ComplaintSource.HOTLINE_12345, days=1, working_days=True,
        basis="本地 12345 工单规则",
    )  # fmt: skip
    hotline = register(clerk, received_at=moment(datetime.date(2026, 6, 2)))  # a Tuesday
    letter = register(
        clerk, received_at=moment(datetime.date(2026, 6, 2)), source=ComplaintSource.LETTER
    )
    assert hotline.accept_due == datetime.date(2026, 6, 3)
    assert letter.accept_due == datetime.date(2026, 6, 17)


def test_acceptance_starts_the_limit_to_close_and_an_extension_adds_to_it(
    clerk, manager, inspector
):
    complaint = register(clerk, received_at=moment(datetime.date(2026, 3, 2)))
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    complaint = services.complaint_accept(
        user=inspector, complaint=complaint, accepted_on=datetime.date(2026, 3, 3)
    )
    assert complaint.status == ComplaintStatus.ACCEPTED
    assert complaint.close_due == datetime.date(2026, 5, 6)  # 60 days: 2 May, then 5 May holidays
    with pytest.raises(PermissionDenied):
        services.complaint_extend(user=inspector, complaint=complaint, days=30, reason="复杂")
    with pytest.raises(ValidationError) as refused:
        services.complaint_extend(user=manager, complaint=complaint, days=31, reason="复杂")
    assert "30" in str(refused.value.message_dict["days"])
    complaint = services.complaint_extend(
        user=manager, complaint=complaint, days=30, reason="需抽样检测"
    )
    assert complaint.close_due == datetime.date(2026, 6, 1)  # 90 days: 1 June
    assert complaint.next_due == complaint.close_due


# ---------------------------------------------------------------- lists and reminders


def test_the_overdue_list_and_the_home_page_panels(clerk, manager, inspector):
    old = register(clerk, received_at=timezone.now() - datetime.timedelta(days=40))
    fresh = register(clerk)
    services.complaint_assign(user=manager, complaint=old, assigned_to=inspector)
    closed = register(clerk, received_at=timezone.now() - datetime.timedelta(days=40))
    services.complaint_assign(user=manager, complaint=closed, assigned_to=inspector)
    services.complaint_reply(
        user=inspector, complaint=closed, replied_on=timezone.localdate(),
        method=ReplyMethod.PHONE, content="不属本局职责，已告知向市场监管部门反映。",
    )  # fmt: skip
    services.complaint_close(
        user=inspector, complaint=closed, closed_on=timezone.localdate(),
        outcome=ComplaintOutcome.TRANSFERRED,
    )  # fmt: skip
    page = login(manager).get(reverse("inspections:complaint_list"), {"due": "overdue"})
    assert page.status_code == 200
    numbers = [obj.number for obj, _ in page.context["rows"]]
    assert numbers == [old.number]
    assert "已超期" in page.content.decode()
    # The manager's home page lists every overdue one; the assigned officer's, their own.
    home = login(manager).get(reverse("home")).content.decode()
    assert "投诉举报办理期限" in home and old.number in home
    assert old.number in login(inspector).get(reverse("home")).content.decode()
    services.complaint_assign(user=manager, complaint=fresh, assigned_to=inspector)
    assert fresh.number not in login(inspector).get(reverse("home")).content.decode()  # not due


def test_the_list_filters_by_status_and_source_and_exports(clerk, manager):
    a = register(clerk)
    b = register(clerk, source=ComplaintSource.LETTER)
    client = login(manager)
    by_source = client.get(reverse("inspections:complaint_list"), {"source": "letter"})
    assert [o.pk for o, _ in by_source.context["rows"]] == [b.pk]
    by_status = client.get(reverse("inspections:complaint_list"), {"status": "registered"})
    assert {o.pk for o, _ in by_status.context["rows"]} == {a.pk, b.pk}
    export = client.get(reverse("inspections:complaint_list"), {"export": "xlsx"})
    assert export.status_code == 200
    assert PHONE.encode() not in export.content


# ---------------------------------------------------------------- the complainant


def test_the_complainant_is_masked_for_who_may_not_see_them(clerk, manager, inspector):
    complaint = register(clerk)
    other = login(inspector)  # an inspector it is not assigned to
    page = other.get(complaint.get_absolute_url()).content.decode()
    assert PHONE not in page and "王小明" not in page
    assert "138****5678" in page and "王**" in page
    assert "显示投诉人信息" not in page
    assert (
        other.post(reverse("inspections:complaint_reveal", args=[complaint.pk])).status_code == 403
    )
    # The clerk may see them: on an explicit POST, logged, never cached.
    shown = login(clerk).post(reverse("inspections:complaint_reveal", args=[complaint.pk]))
    assert shown.status_code == 200 and PHONE in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert access.user == clerk and access.object_id == complaint.pk
    # Once it is assigned to them, the officer may see them too (to answer them).
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    assert (
        PHONE
        in other.post(reverse("inspections:complaint_reveal", args=[complaint.pk])).content.decode()
    )
    # The API masks them likewise; ?reveal=1 is refused to who may not.
    stranger = APIClient()
    stranger.force_authenticate(clerk)
    api = APIClient()
    api.force_authenticate(_other_inspector())
    url = reverse("complaint-detail", args=[complaint.pk])
    assert api.get(url).json()["complainant"]["phone"] == "138****5678"
    assert api.get(url, {"reveal": "1"}).status_code == 403
    assert stranger.get(url, {"reveal": "1"}).json()["complainant"]["phone"] == PHONE


def _other_inspector():
    from tests.factories import UserFactory

    return UserFactory(username="inspector_other", role="inspector")


def test_an_anonymous_complaint_keeps_no_particulars(clerk):
    with pytest.raises(ValidationError) as refused:
        register(clerk, anonymous=True)
    assert "anonymous" in refused.value.message_dict
    complaint = register(
        clerk, anonymous=True, complainant_name="", complainant_phone="", complainant_address=""
    )
    assert "匿名投诉" in login(clerk).get(complaint.get_absolute_url()).content.decode()


def test_an_unregistered_place_is_named_in_words(clerk):
    with pytest.raises(ValidationError) as refused:
        register(clerk, unit=None, establishment=None, place_name="")
    assert set(refused.value.message_dict) >= {"place_name", "domain"}
    complaint = register(
        clerk, establishment=None, place_name="锦绣路无名诊所", place_address="锦绣路12号",
        domain=Domain.objects.get(code="medical"),
    )  # fmt: skip
    assert complaint.target_name == "锦绣路无名诊所"


# ---------------------------------------------------------------- one record per form


def test_the_register_form_sent_twice_records_one_complaint(clerk):
    client = login(clerk)
    form = client.get(reverse("inspections:complaint_add"))
    assert form.status_code == 200
    key = KEY.search(form.content.decode()).group(1)
    unit = EstablishmentFactory()
    data = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "phone",
        "establishment": unit.pk,
        "content": "美容店使用未消毒的工具。",
        "complainant_phone": PHONE,
        "_submission": key,
    }
    first = client.post(reverse("inspections:complaint_add"), data)
    assert first.status_code == 302, first.content.decode()[:3000]
    again = client.post(reverse("inspections:complaint_add"), data)
    assert again["Location"] == first["Location"]
    assert Complaint.objects.count() == 1


def test_the_api_register_with_one_idempotency_key_records_one(clerk):
    api = APIClient()
    api.force_authenticate(clerk)
    payload = {
        "received_at": timezone.now().isoformat(),
        "source": "online",
        "place_name": "无证小诊所",
        "domain": Domain.objects.get(code="medical").pk,
        "content": "无证行医。",
        "anonymous": True,
    }
    key = str(uuid.uuid4())
    answers = [
        api.post(
            reverse("complaint-list"), payload, format="json", headers={"Idempotency-Key": key}
        )
        for _ in range(3)
    ]
    assert {a.status_code for a in answers} == {201}
    assert Complaint.objects.count() == 1


def test_the_api_answers_every_refusal_as_json_by_field(clerk, inspector):
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post(
        reverse("complaint-list"),
        {"received_at": "2026-01-01T10:00:00+08:00", "source": "nowhere", "content": ""},
        format="json",
    )
    assert answer.status_code == 400
    assert {"source", "content"} <= set(answer.json())
    # The service's rules, named as the request names them.
    answer = api.post(
        reverse("complaint-list"),
        {"received_at": "2026-01-01T10:00:00+08:00", "source": "phone", "content": "脏"},
        format="json",
    )
    assert answer.status_code == 400
    assert {"place_name", "domain"} <= set(answer.json())
    # An inspector may not register; a step out of turn is refused as JSON.
    other = APIClient()
    other.force_authenticate(inspector)
    assert other.post(reverse("complaint-list"), {}, format="json").status_code == 403


# ---------------------------------------------------------------- steps and who may


def test_the_whole_way_through_and_a_closed_complaint_is_left_alone(clerk, manager, inspector):
    unit = EstablishmentFactory()
    complaint = register(clerk, unit=unit)
    with pytest.raises(PermissionDenied):
        services.complaint_assign(user=clerk, complaint=complaint, assigned_to=inspector)
    with pytest.raises(PermissionDenied):
        services.complaint_accept(
            user=inspector, complaint=complaint, accepted_on=timezone.localdate()
        )
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    with pytest.raises(ValidationError) as refused:
        services.complaint_close(
            user=inspector, complaint=complaint, closed_on=timezone.localdate(),
            outcome=ComplaintOutcome.SUBSTANTIATED,
        )  # fmt: skip
    assert "outcome" in refused.value.message_dict
    services.complaint_accept(user=inspector, complaint=complaint, accepted_on=timezone.localdate())
    visit = record(establishment=unit, inspected_at=timezone.now() - datetime.timedelta(minutes=5))
    elsewhere = record(inspected_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(ValidationError):
        services.complaint_link_inspection(
            user=inspector, complaint=complaint, inspection=elsewhere
        )
    services.complaint_link_inspection(user=inspector, complaint=complaint, inspection=visit)
    with pytest.raises(ValidationError) as refused:  # the complainant left a phone
        services.complaint_close(
            user=inspector, complaint=complaint, closed_on=timezone.localdate(),
            outcome=ComplaintOutcome.SUBSTANTIATED,
        )  # fmt: skip
    assert "答复" in str(refused.value)
    services.complaint_reply(
        user=inspector, complaint=complaint, replied_on=timezone.localdate(),
        method=ReplyMethod.PHONE, content="经查属实，已责令整改。",
    )  # fmt: skip
    complaint = services.complaint_close(
        user=inspector, complaint=complaint, closed_on=timezone.localdate(),
        outcome=ComplaintOutcome.SUBSTANTIATED, note="已下达卫生监督意见书。",
    )  # fmt: skip
    assert complaint.status == ComplaintStatus.CLOSED and complaint.next_due is None
    assert list(complaint.inspections.all()) == [visit]
    # Closed: no step changes it, and the clerk's or officer's correction is refused.
    for step, arguments in (
        (services.complaint_reply, {"replied_on": timezone.localdate(), "method": "phone", "content": "再答复"}),
        (services.complaint_close, {"closed_on": timezone.localdate(), "outcome": "partly"}),
        (services.complaint_link_inspection, {"inspection": visit}),
    ):  # fmt: skip
        with pytest.raises(ValidationError):
            step(user=inspector, complaint=complaint, **arguments)
    with pytest.raises(ValidationError):
        services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    for user in (clerk, inspector):
        with pytest.raises(PermissionDenied):
            services.complaint_amend(user=user, complaint=complaint, reason="笔误", content="改")
    # The step pages send the user back to the complaint; its page offers no step.
    client = login(inspector)
    assert (
        client.get(reverse("inspections:complaint_reply", args=[complaint.pk])).status_code == 302
    )
    page = client.get(complaint.get_absolute_url())
    assert page.context["actions"] == []
    # A manager corrects it on the record: reason, who, old → new.
    amendment = services.complaint_amend(
        user=manager,
        complaint=complaint,
        reason="办结情况笔误",
        close_note="已下达卫生监督意见书，限期整改。",
    )
    assert amendment.changes["close_note"][1] == "已下达卫生监督意见书，限期整改。"
    assert ComplaintAmendment.objects.filter(complaint=complaint).count() == 1
    assert "办结情况笔误" in login(manager).get(complaint.get_absolute_url()).content.decode()


def test_a_correction_keeps_the_complainant_masked_in_its_record(clerk):
    complaint = register(clerk)
    amendment = services.complaint_amend(
        user=clerk, complaint=complaint, reason="电话记错", complainant_phone="13900001111"
    )
    assert amendment.changes["complainant_phone"] == ["138****5678", "139****1111"]


def test_pages_by_role(clerk, manager, inspector):
    complaint = register(clerk)
    assert login(inspector).get(reverse("inspections:complaint_add")).status_code == 403
    assert (
        login(clerk).get(reverse("inspections:complaint_assign", args=[complaint.pk])).status_code
        == 403
    )
    # An inspector it is not assigned to may not take its steps.
    assert (
        login(inspector)
        .get(reverse("inspections:complaint_accept", args=[complaint.pk]))
        .status_code
        == 403
    )
    page = login(manager).post(
        reverse("inspections:complaint_assign", args=[complaint.pk]),
        {"assigned_to": inspector.pk, "_record_version": ""},
    )
    assert page.status_code in (302, 409)


def test_a_voided_complaint_leaves_the_lists(clerk, manager):
    complaint = register(clerk)
    with pytest.raises(PermissionDenied):
        services.complaint_void(user=clerk, complaint=complaint, reason="重复登记")
    services.complaint_void(user=manager, complaint=complaint, reason="重复登记")
    assert not Complaint.objects.exists()
    page = login(manager).get(complaint.get_absolute_url()).content.decode()
    assert "已作废" in page and "重复登记" in page


def test_the_link_page_offers_the_visits_to_the_unit_since_the_complaint(clerk, manager, inspector):
    unit = EstablishmentFactory()
    complaint = register(clerk, unit=unit)
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    visit = record(establishment=unit, inspected_at=timezone.now() - datetime.timedelta(minutes=5))
    before = record(establishment=unit, inspected_at=timezone.now() - datetime.timedelta(days=9))
    client = login(inspector)
    url = reverse("inspections:complaint_link", args=[complaint.pk])
    offered = client.get(url).context["form"].fields["inspection"].queryset
    assert list(offered) == [visit] and before not in offered
    version = client.get(url).context["record_version"]
    done = client.post(url, {"inspection": visit.pk, "_record_version": version})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert list(complaint.inspections.all()) == [visit]


def test_the_units_file_lists_its_complaints_without_the_complainant(clerk, manager):
    unit = EstablishmentFactory()
    complaint = register(clerk, unit=unit, received_at=timezone.now() - datetime.timedelta(days=40))
    page = login(manager).get(reverse("premises:establishment_detail", args=[unit.pk]))
    text = page.content.decode()
    assert complaint.number in text and "1 件超期" in text
    assert PHONE not in text and "138****5678" not in text


def test_the_clerk_registers_from_the_units_page_with_the_unit_chosen(clerk):
    unit = EstablishmentFactory()
    page = login(clerk).get(reverse("premises:establishment_detail", args=[unit.pk]))
    link = reverse("inspections:complaint_add") + f"?establishment={unit.pk}"
    assert link in page.content.decode()
    form = login(clerk).get(link).context["form"]
    assert str(form["establishment"].value()) == str(unit.pk)
