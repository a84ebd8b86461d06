"""Two people editing the same record: the second save is refused with a clear message
(optimistic locking, core/locking.py), never a silent overwrite.

Edit pages carry the record's version in a hidden field; the API answers a single record
with an ETag and refuses a stale If-Match with 412."""

import datetime
import json
import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.locking import VERSION_FIELD, record_version
from core.roles import Role
from inspections import services as inspection_services
from penalties.choices import CaseStatus
from premises import services
from premises.models import Establishment, Practitioner, Township
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory
from tests.penalties.factories import case_at

VERSION = re.compile(r'name="_record_version" value="([^"]+)"')
STALE = "此记录在您打开编辑页后已被他人修改"
NOT_SAVED = "您的修改未保存。请刷新页面查看最新内容后重新填写。"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def clerk_named(name: str):
    return UserFactory(username=f"clerk_{name}", first_name=name, role=Role.CLERK.value)


def version_on(response) -> str:
    assert response.status_code == 200
    found = VERSION.findall(response.content.decode())
    assert len(found) == 1, "the edit page carries the record's version once"
    return found[0]


def unit_form(unit, version, **changes):
    """What the unit's edit page posts back (its fields: not status, not opening date)."""
    data = {
        "name": unit.name,
        "credit_code": unit.credit_code,
        "legal_representative": unit.legal_representative,
        "address": unit.address,
        "township": unit.township_id,
        "category": unit.category_id,
        "phone": unit.phone,
        "notes": unit.notes,
        VERSION_FIELD: version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(unit):
    return reverse("premises:establishment_edit", args=[unit.pk])


@pytest.fixture
def unit(db):
    return EstablishmentFactory(name="悦来理发店", address="康乐大道8号")


# ---------------------------------------------------------------- edit pages


def test_the_second_save_is_refused_and_the_first_one_kept(unit):
    first, second = signed_in(clerk_named("张三")), signed_in(clerk_named("李四"))
    url = edit_url(unit)
    first_version = version_on(first.get(url))
    second_version = version_on(second.get(url))
    assert first_version == second_version

    response = first.post(url, unit_form(unit, first_version, address="康乐大道10号"))
    assert response.status_code == 302

    response = second.post(url, unit_form(unit, second_version, phone="0795-8000000"))
    assert response.status_code == 409
    page = response.content.decode()
    assert STALE in page and NOT_SAVED in page
    assert "（张三，" in page, "names who changed the record"
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and errors[0].startswith(STALE)
    # The second user's input is shown again, still based on the old version: saving it
    # once more is refused again, until the page is reloaded.
    assert "0795-8000000" in page and VERSION.findall(page) == [second_version]
    assert (
        second.post(url, unit_form(unit, second_version, phone="0795-8000000")).status_code == 409
    )

    unit.refresh_from_db()
    assert unit.address == "康乐大道10号" and unit.phone != "0795-8000000"
    assert unit.history.count() == 2  # created, then the first save only


def test_after_reloading_the_save_goes_through(unit):
    first, second = signed_in(clerk_named("张三")), signed_in(clerk_named("李四"))
    url = edit_url(unit)
    stale = version_on(second.get(url))
    first.post(url, unit_form(unit, version_on(first.get(url)), address="康乐大道10号"))
    assert second.post(url, unit_form(unit, stale, phone="0795-8000000")).status_code == 409

    fresh = version_on(second.get(url))
    assert fresh != stale
    unit.refresh_from_db()
    response = second.post(url, unit_form(unit, fresh, phone="0795-8000000"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.address == "康乐大道10号" and unit.phone == "0795-8000000"


def test_the_same_user_in_two_tabs_is_told_it_was_them(unit, clerk):
    tab1, tab2 = signed_in(clerk), signed_in(clerk)
    url = edit_url(unit)
    version1, version2 = version_on(tab1.get(url)), version_on(tab2.get(url))
    assert tab1.post(url, unit_form(unit, version1, address="新址1号")).status_code == 302
    response = tab2.post(url, unit_form(unit, version2, address="新址2号"))
    assert response.status_code == 409
    assert "已被您本人修改（在其他窗口或标签页中，" in response.content.decode()


def test_a_change_made_elsewhere_than_a_page_counts_too(unit, clerk):
    """A service call (import, API, command) between loading and saving the page."""
    client = signed_in(clerk)
    url = edit_url(unit)
    version = version_on(client.get(url))
    services.establishment_update(
        establishment=unit, user=clerk_named("王五"), phone="0795-8111111"
    )
    response = client.post(url, unit_form(unit, version, address="新址"))
    assert response.status_code == 409 and "（王五，" in response.content.decode()
    version = version_on(client.get(url))
    Establishment.objects.filter(pk=unit.pk).update(notes="直接改库")  # no history: no name
    response = client.post(url, unit_form(unit, version, address="新址"))
    assert response.status_code == 409
    assert STALE + "，您的修改未保存" in response.content.decode()
    unit.refresh_from_db()
    assert unit.address == "康乐大道8号"


def test_a_post_without_a_version_is_refused(unit, clerk):
    """It would be a blind overwrite: a page opened before the version was introduced, or
    a script posting the form."""
    data = unit_form(unit, None, address="新址")
    response = signed_in(clerk).post(edit_url(unit), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "提交的内容缺少记录版本" in page and NOT_SAVED in page
    assert VERSION_FIELD not in page  # no version to resubmit with: reload the page
    unit.refresh_from_db()
    assert unit.address == "康乐大道8号"


def test_a_made_up_version_is_refused(unit, clerk):
    client = signed_in(clerk)
    for made_up in ("0" * 32, "0-" + "9" * 5000, "x-²", '"><script>'):
        response = client.post(edit_url(unit), unit_form(unit, made_up, address="新址"))
        assert response.status_code == 409
        assert '"><script>' not in response.content.decode()  # escaped when shown again
    unit.refresh_from_db()
    assert unit.address == "康乐大道8号"


# ---------------------------------------------------------------- no false alarms


def test_saving_twice_in_a_row_each_after_loading_the_page(unit, clerk):
    client = signed_in(clerk)
    url = edit_url(unit)
    for address in ("一号", "二号", "三号"):
        unit.refresh_from_db()
        response = client.post(url, unit_form(unit, version_on(client.get(url)), address=address))
        assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.address == "三号"


def test_input_the_model_normalises_and_fields_the_form_leaves_out(clerk):
    """The credit code is typed in lower case with spaces and saved upper case; the form
    shows neither status nor opening date nor the timestamps. None of it is a change."""
    unit = EstablishmentFactory(credit_code="91350100M000100Y43")
    client = signed_in(clerk)
    url = edit_url(unit)
    version = version_on(client.get(url))
    response = client.post(
        url, unit_form(unit, version, credit_code=" 91350100m000100y43 ", name="新名字")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.credit_code == "91350100M000100Y43" and unit.name == "新名字"


def test_a_form_error_keeps_the_version_and_the_corrected_form_saves(unit, clerk):
    client = signed_in(clerk)
    url = edit_url(unit)
    version = version_on(client.get(url))
    response = client.post(url, unit_form(unit, version, credit_code="91350100M000100Y44"))
    assert response.status_code == 400
    assert VERSION.findall(response.content.decode()) == [version]
    response = client.post(url, unit_form(unit, version, address="改正后"))
    assert response.status_code == 302


def test_a_practitioner_edited_without_the_id_number_field(db, establishment):
    """A user who may edit practitioners but not see full ID numbers gets a form without
    the ID number field: a subset of the model's fields."""
    from django.contrib.auth.models import Permission

    from tests.factories import PractitionerFactory

    person = PractitionerFactory(establishment=establishment, name="李四")
    user = UserFactory(username="editor", first_name="赵六")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="premises",
            codename__in=["view_practitioner", "change_practitioner"],
        )
    )
    client = signed_in(user)
    url = reverse("premises:practitioner_edit", args=[person.pk])
    page = client.get(url)
    version = version_on(page)
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(name="李四四", **{VERSION_FIELD: version})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Practitioner.objects.get(pk=person.pk).name == "李四四"


# ---------------------------------------------------------------- other edit pages


def test_a_campaign_whose_scope_changed_is_refused(manager):
    """Many-to-many links are part of the version: the campaign's row itself has not
    changed when only its townships have."""
    campaign = inspection_services.campaign_save(
        user=manager,
        name="理发店专项整治",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    client = signed_in(manager)
    url = reverse("inspections:campaign_edit", args=[campaign.pk])
    version = version_on(client.get(url))
    campaign.townships.set([TownshipFactory(code="360922002", name="株潭镇")])
    data = {
        "name": "改名",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        VERSION_FIELD: version,
    }
    response = client.post(url, data)
    assert response.status_code == 409 and NOT_SAVED in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "理发店专项整治" and campaign.townships.count() == 1
    data[VERSION_FIELD] = version_on(client.get(url))
    assert client.post(url, data).status_code == 302


def test_a_case_page_with_its_own_post_is_guarded_too(inspector):
    """penalties' case edit page writes its own ``post``: the check still applies."""
    case = case_at(CaseStatus.INVESTIGATING)
    team = [u.pk for u in case.officers.all()]
    first, second = signed_in(inspector), signed_in(case.officers.first())
    url = reverse("penalties:case_edit", args=[case.pk])
    v1, v2 = version_on(first.get(url)), version_on(second.get(url))
    data = {"facts": "擅自营业三个月。", "party_address": "新街 8 号", "officers": team}
    assert first.post(url, {**data, VERSION_FIELD: v1}).status_code == 302
    response = second.post(url, {**data, "facts": "另一种说法。", VERSION_FIELD: v2})
    assert response.status_code == 409 and STALE in response.content.decode()
    case.refresh_from_db()
    assert case.facts == "擅自营业三个月。"


def test_a_step_page_on_a_case_changed_meanwhile_is_refused(inspector):
    case = case_at(CaseStatus.FILED)
    client = signed_in(inspector)
    url = reverse("penalties:case_investigate", args=[case.pk])
    version = version_on(client.get(url))
    case_model = type(case)
    case_model.objects.filter(pk=case.pk).update(facts="他人补充的事实")
    data = {"done_on": timezone.localdate().isoformat()}
    response = client.post(url, {**data, VERSION_FIELD: version})
    assert response.status_code == 409 and STALE in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
    response = client.post(url, {**data, VERSION_FIELD: version_on(client.get(url))})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING


def test_adding_evidence_is_not_refused_when_the_case_changed_meanwhile(inspector):
    """The evidence page adds a record beside the case and overwrites nothing of it."""
    from penalties.models import CaseEvidence
    from tests.penalties.factories import evidence_pdf

    case = case_at(CaseStatus.INVESTIGATING)
    client = signed_in(inspector)
    url = reverse("penalties:evidence_add", args=[case.pk])
    assert not VERSION.findall(client.get(url).content.decode())
    type(case).objects.filter(pk=case.pk).update(facts="他人补充的事实")
    data = {
        "kind": "document",
        "title": "营业执照复印件",
        "collected_on": timezone.localdate().isoformat(),
        "file": evidence_pdf(),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert CaseEvidence.objects.filter(case=case, title="营业执照复印件").exists()


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_edit_page_template_carries_the_version():
    """A ServiceFormView whose template did not render the version would refuse every
    save: each one's template includes core/_form.html or the version partial itself.
    (A page that adds a record beside another, versioned = False, checks no version; nor
    does a page with no record to edit, which keeps the base's get_object.)"""
    from django.template.loader import get_template
    from django.urls import get_resolver

    from core.views import ServiceFormView

    assert get_resolver().url_patterns  # imports every app's views
    pages = {
        v
        for v in _subclasses(ServiceFormView)
        if v.template_name and v.versioned and v.get_object is not ServiceFormView.get_object
    }
    assert len(pages) > 10
    for view in pages:
        source = get_template(view.template_name).template.source
        assert "core/_form.html" in source or "core/_record_version.html" in source, view


# ---------------------------------------------------------------- the version itself


def test_record_version_follows_the_stored_state(db):
    town = TownshipFactory(code="360922009", name="黄茅镇")
    before = record_version(town)
    assert before == record_version(Township.objects.get(pk=town.pk))
    town.name = "黄茅镇（未保存）"
    assert record_version(town) == before, "read from the database, not the object"
    Township.objects.filter(pk=town.pk).update(name="黄茅新镇")
    assert record_version(town) != before
    Township.objects.filter(pk=town.pk).delete()
    assert record_version(town) is None


def test_a_model_without_history_has_a_version_too(db):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="临时组")
    version = record_version(group)
    assert version and "-" not in version  # the digest alone: no history id to add
    Group.objects.filter(pk=group.pk).update(name="改名的组")
    assert record_version(group) != version


# ---------------------------------------------------------------- API


def detail_url(unit):
    return reverse("establishment-detail", args=[unit.pk])


def patch(client, unit, payload, **headers):
    return client.patch(detail_url(unit), payload, content_type="application/json", headers=headers)


def test_api_single_record_has_an_etag_and_a_stale_if_match_is_refused(unit):
    first, second = signed_in(clerk_named("张三")), signed_in(clerk_named("李四"))
    etag = first.get(detail_url(unit))["ETag"]
    assert etag.startswith('"') and etag == second.get(detail_url(unit))["ETag"]
    assert "ETag" not in first.get(reverse("establishment-list"))

    response = patch(first, unit, {"address": "康乐大道10号"}, if_match=etag)
    assert response.status_code == 200
    new_etag = response["ETag"]
    assert new_etag != etag and new_etag == first.get(detail_url(unit))["ETag"]

    response = patch(second, unit, {"phone": "0795-8000000"}, if_match=etag)
    assert response.status_code == 412
    detail = response.json()["detail"]
    assert "If-Match 不是该记录的当前版本" in detail and "已被他人修改（张三，" in detail
    assert "本次修改未保存" in detail
    put = {**unit_form(unit, None), "phone": "0795-8000000", "opened_on": "2020-01-01"}
    response = second.put(
        detail_url(unit), put, content_type="application/json", headers={"if-match": etag}
    )
    assert response.status_code == 412
    unit.refresh_from_db()
    assert unit.address == "康乐大道10号" and unit.phone != "0795-8000000"

    response = patch(second, unit, {"phone": "0795-8000000"}, if_match=new_etag)
    assert response.status_code == 200
    unit.refresh_from_db()
    assert unit.phone == "0795-8000000"


def test_api_if_match_forms_that_pass(unit, clerk):
    client = signed_in(clerk)
    etag = client.get(detail_url(unit))["ETag"]
    assert patch(client, unit, {"notes": "1"}, if_match=f"W/{etag}").status_code == 200
    etag = client.get(detail_url(unit))["ETag"]
    assert patch(client, unit, {"notes": "2"}, if_match=f'"other", {etag}').status_code == 200
    assert patch(client, unit, {"notes": "3"}, if_match="*").status_code == 200
    # Without If-Match an API client updates as before (no check).
    response = patch(client, unit, {"notes": "4"})
    assert response.status_code == 200 and response["ETag"]
    unit.refresh_from_db()
    assert unit.notes == "4"


def test_api_garbage_if_match_is_refused(unit, clerk):
    response = patch(signed_in(clerk), unit, {"notes": "x"}, if_match="not-an-etag")
    assert response.status_code == 412
    unit.refresh_from_db()
    assert unit.notes == ""


# ---------------------------------------------------------------- real concurrency


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_two_saves_at_the_same_moment_one_is_refused(monkeypatch):
    """Both loaded the page; both post at once. The row lock makes the second wait and
    then see the first's save: exactly one goes through."""
    from django.db import connections

    unit = EstablishmentFactory(address="原址")
    users = [clerk_named("甲"), clerk_named("乙")]
    clients = [signed_in(u) for u in users]
    url = edit_url(unit)
    versions = [version_on(c.get(url)) for c in clients]
    slow = services.establishment_update

    def slow_update(**kwargs):
        time.sleep(0.5)  # both requests are in flight while the first one saves
        return slow(**kwargs)

    monkeypatch.setattr(services, "establishment_update", slow_update)
    barrier = threading.Barrier(2)
    statuses = []

    def save(i):
        try:
            barrier.wait(timeout=10)
            response = clients[i].post(url, unit_form(unit, versions[i], address=f"新址{i}"))
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(statuses) == [302, 409], statuses
    unit.refresh_from_db()
    assert unit.address in ("新址0", "新址1") and unit.history.count() == 2


def test_the_api_schema_documents_if_match_and_412(client_as, manager):
    schema = client_as(manager).get(reverse("api_schema"), {"format": "json"}).json()
    for path in ("/api/v1/establishments/{id}/", "/api/v1/practitioners/{id}/"):
        for method in ("put", "patch"):
            operation = schema["paths"][path][method]
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            assert headers == ["If-Match", "Idempotency-Key"], (path, method)
            assert "412" in operation["responses"]
            assert "$ref" in json.dumps(operation["responses"]["200"])  # the record as saved
