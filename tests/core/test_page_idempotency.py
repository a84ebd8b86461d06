"""A form page sent twice saves once (core/submissions.py, issue #15).

Back + Save after saving an inspection recorded a second identical visit (户次 counted
twice, and a visit cannot be removed); a slow double click did the same on other create
pages. Every form page now carries a one-time key; the same key sent again opens the
record saved the first time.
"""

import datetime
import logging
import re
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.middleware import SESSION_SEEN, SESSION_STARTED, TIMED_OUT
from core.models import IdempotencyKey
from core.submissions import CHANGED_MESSAGE, FIELD, REPLAYED_MESSAGE
from core.views import ServiceFormView
from inspections.choices import InspectionKind, InspectionResult
from inspections.models import Inspection, Sample, StandardLimit, SupervisionOpinion
from licensing.models import Consultation
from penalties.choices import CaseSource, PartyKind
from penalties.models import PenaltyCase
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record, when
from tests.penalties.factories import days_ago, officers, violation

KEY = re.compile(r'name="_submission" value="([^"]+)"')
# A form that posts to its own page (no action): the header's sign-out form is not one.
POST_FORM = re.compile(
    r"<form\b(?![^>]*\baction=)[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I
)


def key_of(response) -> str:
    assert response.status_code == 200, response.status_code
    keys = KEY.findall(response.content.decode())
    assert keys, "the page carries no submission key"
    return keys[-1]


# ---------------------------------------------------------------- the create pages tested


def _inspection_add():
    team = [UserFactory(role="inspector"), UserFactory(role="inspector")]
    unit = EstablishmentFactory()
    data = {
        "establishment": unit.pk,
        "inspected_at": when().strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [u.pk for u in team],
        "kind": InspectionKind.ROUTINE,
        "person_present": "店长王某",
        "findings": "现场检查",
        "result": InspectionResult.COMPLIANT,
    }
    url = reverse("inspections:inspection_add")
    return team[0], url, f"{url}?establishment={unit.pk}", data, Inspection


def _sample_add():
    """Pool water at a swimming venue; the form's own fields as the page offers them."""
    inspection = record(establishment=EstablishmentFactory(category=kind("pp.sports.swimming")))
    url = reverse("inspections:sample_add", args=[inspection.pk])
    form_url = f"{url}?sample_type=游泳池水"
    client = Client()
    client.force_login(inspection.recorded_by)
    form = client.get(form_url).context["form"]
    taken_at = timezone.localtime(inspection.inspected_at) + datetime.timedelta(minutes=30)
    data = {
        "sample_type": "游泳池水",
        "location": "深水区",
        "taken_at": f"{taken_at:%Y-%m-%dT%H:%M}",
    }
    chlorine = StandardLimit.objects.get(sample_type="游泳池水", parameter="游离性余氯")
    data[f"limit_{chlorine.pk}"] = "0.5"
    if "portions" in form.fields:  # sample rules (#15): how many portions were taken
        data["portions"] = "1"
    return inspection.recorded_by, url, form_url, data, Sample


def _opinion_issue():
    inspection = record()
    url = reverse("inspections:opinion_issue", args=[inspection.pk])
    data = {
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-problem": "未设消毒间",
        "items-0-requirement": "设置专用消毒间",
    }
    return inspection.recorded_by, url, url, data, SupervisionOpinion


def _case_file():
    team = officers()
    data = {
        "source": CaseSource.COMPLAINT,
        "party_kind": PartyKind.UNIT,
        "establishment": EstablishmentFactory().pk,
        "violation": violation().pk,
        "occurred_on": days_ago(5).isoformat(),
        "filed_on": days_ago(1).isoformat(),
        "facts": "未取得公共场所卫生许可证擅自营业。",
        "officers": [u.pk for u in team],
    }
    url = reverse("penalties:case_add")
    return team[0], url, url, data, PenaltyCase


def _consultation_add():
    clerk = UserFactory(role="clerk")
    data = {"consulted_on": timezone.localdate().isoformat(), "topic": "延续手续"}
    url = reverse("licensing:consultation_add")
    return clerk, url, url, data, Consultation


PAGES = {
    "inspection": _inspection_add,
    "sample": _sample_add,
    "opinion": _opinion_issue,
    "penalty case": _case_file,
    "consultation": _consultation_add,
}


@pytest.fixture(params=list(PAGES))
def create_page(request, db):
    return PAGES[request.param]()


def test_the_same_form_sent_again_saves_nothing_and_opens_the_first_record(create_page):
    user, url, form_url, data, model = create_page
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    first = client.post(url, {**data, FIELD: key})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert model.objects.count() == 1
    # Back + Save, a double click, a retry after a lost answer: the same page sent again.
    again = client.post(url, {**data, FIELD: key}, follow=True)
    assert model.objects.count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert REPLAYED_MESSAGE in again.content.decode()
    # A new page (a new key) is a new record (where the page allows another: one opinion
    # per inspection).
    new_page = client.get(form_url)
    if new_page.status_code == 200:
        other = key_of(new_page)
        assert other != key
        assert client.post(url, {**data, FIELD: other}).status_code == 302
        assert model.objects.count() == 2


def test_a_form_without_a_key_is_still_saved_and_logged(create_page, caplog):
    """A page loaded before the deploy has no key: its input is saved, not thrown away."""
    user, url, _form_url, data, model = create_page
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="weijian.submissions"):
        assert client.post(url, data).status_code == 302
    assert model.objects.count() == 1
    assert "without a submission key" in caplog.text


def test_a_refused_form_frees_its_key_for_the_corrected_one(db):
    user, url, form_url, data, model = _inspection_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    refused = client.post(url, {**data, "inspectors": [user.pk], FIELD: key})
    assert refused.status_code == 400 and not model.objects.exists()
    assert not IdempotencyKey.objects.exists()
    assert client.post(url, {**data, FIELD: key}).status_code == 302
    assert model.objects.count() == 1
    record_ = IdempotencyKey.objects.get()
    assert record_.user == user and record_.path == url
    assert record_.headers["Location"] == model.objects.get().get_absolute_url()


def test_a_key_is_the_users_own(db):
    """Another user's key (a shared tablet) is not taken for a replay of theirs."""
    user, url, form_url, data, model = _consultation_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    assert client.post(url, {**data, FIELD: key}).status_code == 302
    colleague = UserFactory(role="clerk")
    client.force_login(colleague)
    assert client.post(url, {**data, FIELD: key}).status_code == 302
    assert model.objects.count() == 2


def test_a_redirect_with_an_error_message_saves_nothing_and_keeps_the_key_free(db):
    """The sample page answers a POST without a type with a redirect and an error: not a
    save, so the key is not spent on it."""
    user, url, form_url, data, model = _sample_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    refused = client.post(url, {**data, "sample_type": "", FIELD: key})
    assert refused.status_code == 302 and not IdempotencyKey.objects.exists()
    assert client.post(url, {**data, FIELD: key}).status_code == 302
    assert model.objects.count() == 1


# ---------------------------------------------------------------- every form page has a key


def _service_form_pages(resolver=None, prefix=""):
    """(name, view class) of every ServiceFormView page whose address needs no argument."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _service_form_pages(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, ServiceFormView):
                if not entry.pattern.regex.groupindex:
                    yield f"{prefix}{entry.name}", view


def test_every_form_page_without_arguments_carries_a_key_in_each_post_form(db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    checked = []
    for name, _view in _service_form_pages():
        response = client.get(reverse(name))
        if response.status_code != 200:
            continue
        forms = POST_FORM.findall(response.content.decode())
        for form in forms:
            assert f'name="{FIELD}"' in form, f"{name}: a POST form without a submission key"
        checked.append(name)
    assert {"inspections:inspection_add", "penalties:case_add"} <= set(checked), checked


# ---------------------------------------------------------------- at the same moment


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_two_posts_with_one_key_at_the_same_moment_save_one_inspection():
    user, url, form_url, data, model = _inspection_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            barrier.wait(timeout=10)
            answers.append(client.post(url, {**data, FIELD: key}))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            answers.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302], answers
    assert model.objects.count() == 1
    assert (
        answers[0]["Location"] == answers[1]["Location"] == model.objects.get().get_absolute_url()
    )


# ---------------------------------------------------------------- a form sent by script


SCRIPT = {"HTTP_X_FORM_SUBMIT": "1"}


def test_a_form_sent_by_script_learns_where_the_saved_record_is(db):
    user, url, form_url, data, model = _consultation_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    response = client.post(url, {**data, FIELD: key}, **SCRIPT)
    assert response.status_code == 200 and response["X-Form-Outcome"] == "redirect"
    assert response.json() == {"location": reverse("licensing:consultation_list")}
    again = client.post(url, {**data, FIELD: key}, **SCRIPT)
    assert again.json() == response.json() and model.objects.count() == 1
    # Refused input is answered as the browser would show it.
    refused = client.post(url, {"topic": "", FIELD: key_of(client.get(form_url))}, **SCRIPT)
    assert refused.status_code == 400 and "X-Form-Outcome" not in refused


def test_a_form_sent_by_script_after_the_session_ended_gets_401_and_saves_nothing(db, settings):
    """The idle limit passed while the form was typed: the script is told to sign in
    again (a browser's own POST still goes to the sign-in page)."""
    user, url, form_url, data, model = _inspection_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    client.logout()
    response = client.post(url, {**data, FIELD: key}, **SCRIPT)
    assert response.status_code == 401 and response["X-Form-Outcome"] == "signin"
    assert response.json()["signin"] == reverse("login")
    assert "登录" in response.json()["message"]
    assert not model.objects.exists()
    plain = client.post(url, {**data, FIELD: key})
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("login"))
    # Signed in again, the same input with the same key is saved, once.
    client.force_login(user)
    assert client.post(url, {**data, FIELD: key}, **SCRIPT).status_code == 200
    assert client.post(url, {**data, FIELD: key}, **SCRIPT).status_code == 200
    assert model.objects.count() == 1


def test_a_form_sent_by_script_with_a_stale_csrf_token_is_told_so(db):
    user, url, form_url, data, model = _consultation_add()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(form_url)  # the CSRF cookie
    response = client.post(url, {**data, "csrfmiddlewaretoken": "x" * 64}, **SCRIPT)
    assert response.status_code == 403 and response.json() == {"csrf": True, "signin": None}
    assert not model.objects.exists()


def test_the_idle_timeout_met_by_a_script_is_said_once_in_place_not_on_the_saved_record(db):
    """The sign-in dialog says the session ended; the timeout's message is not left for
    the page after the save ("您已自动退出" above a record just saved)."""
    user, url, form_url, data, model = _consultation_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    session = client.session
    long_ago = int(time.time()) - 2 * 60 * 60
    session[SESSION_STARTED] = session[SESSION_SEEN] = long_ago
    session.save()
    assert client.post(url, {**data, FIELD: key}, **SCRIPT).status_code == 401
    client.force_login(user)
    saved = client.post(url, {**data, FIELD: key}, **SCRIPT)
    page = client.get(saved.json()["location"]).content.decode()
    assert TIMED_OUT not in page and "已登记咨询" in page


def test_a_create_form_sent_again_with_a_change_says_the_change_was_not_saved(db):
    """Back after saving, a change, Save: the first record opens (no second consultation),
    and the clerk is told the change was not saved instead of seeing it silently dropped."""
    user, url, form_url, data, model = _consultation_add()
    client = Client()
    client.force_login(user)
    key = key_of(client.get(form_url))
    assert client.post(url, {**data, FIELD: key}).status_code == 302
    changed = {**data, "topic": "延续手续，另问变更地址"}
    again = client.post(url, {**changed, FIELD: key}, follow=True)
    assert model.objects.count() == 1
    assert CHANGED_MESSAGE in again.content.decode()


def test_an_edit_form_sent_again_with_a_change_is_refused_as_stale_keeping_the_input(db):
    """Back after saving an edit, a change, Save: the edit is not thrown away as a replay;
    the version check refuses it (the record changed since the page was loaded) and the
    form shows what was typed."""
    from core.locking import VERSION_FIELD
    from premises.models import Establishment

    unit = EstablishmentFactory(name="悦来理发店", address="康乐大道8号")
    clerk = UserFactory(role="clerk")
    client = Client()
    client.force_login(clerk)
    url = reverse("premises:establishment_edit", args=[unit.pk])
    page = client.get(url)
    key = key_of(page)
    version = re.search(r'name="_record_version" value="([^"]+)"', page.content.decode())[1]
    form = {
        "name": unit.name,
        "credit_code": unit.credit_code,
        "legal_representative": unit.legal_representative,
        "address": "康乐大道10号",
        "township": unit.township_id,
        "category": unit.category_id,
        "phone": unit.phone,
        "notes": unit.notes,
        VERSION_FIELD: version,
        FIELD: key,
    }
    form = {k: v for k, v in form.items() if v is not None}
    assert client.post(url, form).status_code == 302
    again = client.post(url, {**form, "phone": "0795-8000000"})
    assert again.status_code == 409
    assert "0795-8000000" in again.content.decode()  # what was typed stays on the form
    assert Establishment.objects.get(pk=unit.pk).phone != "0795-8000000"
    # The same edit sent again unchanged is still a replay of the first save, also from
    # a page rendered again (drafts.js puts the first key back; the version is the new one).
    replayed = client.post(url, form, follow=True)
    assert REPLAYED_MESSAGE in replayed.content.decode()
    fresh = re.search(r'name="_record_version" value="([^"]+)"', client.get(url).content.decode())
    assert fresh[1] != version
    replayed = client.post(url, {**form, VERSION_FIELD: fresh[1]}, follow=True)
    page = replayed.content.decode()
    assert REPLAYED_MESSAGE in page and CHANGED_MESSAGE not in page
