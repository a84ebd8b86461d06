"""Idempotency-Key and If-Match on the API's writes (issue #13): twenty identical
``notify`` POSTs took twenty notice numbers and reset the party's rights twenty times,
twenty ``statement`` POSTs made twenty rows, and three payments with one receipt counted
its money three times. The same request sent again is now done once."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
import yaml
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.idempotency import idempotency_prune
from core.models import DocumentCounter, IdempotencyKey
from penalties import services
from penalties.models import CasePayment, PartyStatement
from tests.factories import UserFactory
from tests.penalties.factories import case_at, days_ago

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def step(client, name, case, payload, **headers):
    return client.post(
        reverse(f"case-{name}", args=[case.pk]), payload, format="json", headers=headers
    )


def notice_payload():
    return {"done_on": str(days_ago(50)), "severity": "ordinary", "warning": True,
            "fine_amount": "3000", "no_correction_reason": "违法行为已当场改正。"}  # fmt: skip


def test_notify_twenty_times_with_one_key_takes_one_number(inspector):
    case = case_at("investigating", user=inspector)
    client, key = api(inspector), str(uuid.uuid4())
    answers = [
        step(client, "notify", case, notice_payload(), Idempotency_Key=key) for _ in range(20)
    ]
    assert {a.status_code for a in answers} == {200}
    assert answers[0].get("Idempotent-Replayed") is None
    assert all(a["Idempotent-Replayed"] == "true" for a in answers[1:])
    assert {a.content for a in answers} == {answers[0].content}  # the first answer, again
    case.refresh_from_db()
    assert case.notice_number == answers[0].json()["notice_number"]
    year = days_ago(50).year
    counter = DocumentCounter.objects.get(series__code="penalty-notice", year=year)
    assert counter.last_number == 1  # no number consumed, none voided
    assert case.steps.filter(step="notified").count() == 1


def test_statement_twenty_times_with_one_key_is_one_statement(inspector):
    case = case_at("notified", user=inspector)
    payload = {"received_on": str(days_ago(49)), "content": "当事人称已整改。",
               "adopted": False, "reply": "不予采纳。"}  # fmt: skip
    client, key = api(inspector), "stmt-1"
    for _ in range(20):
        assert step(client, "statement", case, payload, Idempotency_Key=key).status_code == 201
    assert PartyStatement.objects.filter(case=case).count() == 1


def test_payment_replayed_counts_once_and_a_receipt_counts_once_per_case(inspector):
    case = case_at("served", user=inspector)
    client = api(inspector)
    paid = {"kind": "fine", "paid_on": str(days_ago(30)), "amount": "500", "receipt_number": "R-7"}
    for _ in range(3):
        assert step(client, "payments", case, paid, Idempotency_Key="pay-1").status_code == 201
    assert list(CasePayment.objects.filter(case=case).values_list("amount", flat=True)) == [500]
    # The same receipt under another key (another clerk, another device): refused on its field.
    again = step(client, "payments", case, paid, Idempotency_Key="pay-2")
    assert again.status_code == 400 and "R-7" in again.json()["receipt_number"][0]
    assert CasePayment.objects.filter(case=case).count() == 1


def test_receipt_number_is_unique_per_case_in_the_service_too(inspector):
    case = case_at("served", user=inspector)
    kwargs = dict(case=case, user=inspector, kind="fine", paid_on=days_ago(30))
    services.payment_record(amount=Decimal(500), receipt_number="R-8", **kwargs)
    with pytest.raises(Exception) as exc:
        services.payment_record(amount=Decimal(500), receipt_number=" R-8 ", **kwargs)
    assert "receipt_number" in exc.value.message_dict
    services.payment_record(
        amount=Decimal(500), receipt_number="", **kwargs
    )  # none given: no check
    services.payment_record(amount=Decimal(500), receipt_number="", **kwargs)
    other = case_at("served", user=inspector)
    services.payment_record(  # another case's receipt series is its own
        case=other, user=inspector, kind="fine", paid_on=days_ago(30), amount=Decimal(500),
        receipt_number="R-8",
    )  # fmt: skip
    assert CasePayment.objects.filter(receipt_number="R-8").count() == 2


def test_a_key_used_for_another_request_is_refused_and_writes_nothing(inspector):
    case = case_at("notified", user=inspector)
    client = api(inspector)
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    assert step(client, "statement", case, payload, Idempotency_Key="k").status_code == 201
    other = step(client, "statement", case, {**payload, "content": "丙"}, Idempotency_Key="k")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()
    assert PartyStatement.objects.filter(case=case).count() == 1


def test_a_refusal_is_answered_again_and_writes_nothing(inspector):
    case = case_at("notified", user=inspector)
    client = api(inspector)
    bad = {"received_on": str(days_ago(49)), "content": "", "adopted": False, "reply": "乙"}
    first = step(client, "statement", case, bad, Idempotency_Key="bad")
    second = step(client, "statement", case, bad, Idempotency_Key="bad")
    assert first.status_code == second.status_code == 400
    assert second.content == first.content and second["Idempotent-Replayed"] == "true"
    assert PartyStatement.objects.filter(case=case).count() == 0
    fixed = {**bad, "content": "当事人称已整改。"}
    assert step(client, "statement", case, fixed, Idempotency_Key="good").status_code == 201


def test_keys_belong_to_their_user_and_expire_after_a_day(inspector, settings):
    case = case_at("notified", user=inspector)
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    colleague = case.officers.exclude(pk=inspector.pk).first()
    assert step(api(inspector), "statement", case, payload, Idempotency_Key="x").status_code == 201
    assert step(api(colleague), "statement", case, payload, Idempotency_Key="x").status_code == 201
    assert PartyStatement.objects.filter(case=case).count() == 2
    IdempotencyKey.objects.update(
        created_at=timezone.now()
        - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS, seconds=1)
    )
    again = step(api(inspector), "statement", case, payload, Idempotency_Key="x")
    assert again.status_code == 201 and again.get("Idempotent-Replayed") is None
    assert PartyStatement.objects.filter(case=case).count() == 3
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert idempotency_prune() == 2 and not IdempotencyKey.objects.exists()


def test_a_server_error_keeps_no_answer_so_the_retry_runs(inspector, monkeypatch):
    case = case_at("notified", user=inspector)
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(inspector)
    original = services.statement_record

    def broken(**kwargs):
        original(**kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "statement_record", broken)
    assert step(client, "statement", case, payload, Idempotency_Key="retry").status_code == 500
    assert PartyStatement.objects.filter(case=case).count() == 0  # rolled back
    monkeypatch.setattr(services, "statement_record", original)
    assert step(client, "statement", case, payload, Idempotency_Key="retry").status_code == 201
    assert PartyStatement.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "键", "a\tb"])
def test_a_malformed_key_is_refused(inspector, key):
    case = case_at("notified", user=inspector)
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    answer = step(api(inspector), "statement", case, payload, Idempotency_Key=key)
    if key == "":
        assert answer.status_code == 400  # an empty header is a key that says nothing
    else:
        assert answer.status_code == 400 and "Idempotency-Key" in answer.json()
    assert PartyStatement.objects.filter(case=case).count() == 0


def _write_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch", "delete"):
            if method in operations:
                yield method, path, operations[method]


def test_every_write_operation_answers_a_repeated_key_with_its_first_answer():
    """Every state-changing operation of the API (from its OpenAPI schema) honours the
    key: sent twice, the second answer is the first one, replayed."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = api(admin)
    operations = list(_write_operations())
    assert len(operations) > 20
    for method, path, operation in operations:
        assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"]), path
        url = path.replace("{id}", "999999999")
        assert "{" not in url, url
        key = f"{method}-{path}"
        first = getattr(client, method)(url, {}, format="json", headers={"Idempotency-Key": key})
        second = getattr(client, method)(url, {}, format="json", headers={"Idempotency-Key": key})
        if "no-store" in first.get("Cache-Control", ""):
            # Never kept (a new token, a search by ID number): done again, read-only ones.
            assert second.get("Idempotent-Replayed") is None, path
            continue
        assert second.get("Idempotent-Replayed") == "true", (method, path, second.status_code)
        assert (second.status_code, second.content) == (first.status_code, first.content), path


def test_the_schema_documents_the_key_and_if_match(client, inspector):
    client.force_login(inspector)
    schema = yaml.safe_load(client.get(reverse("api_schema")).content)
    notify = schema["paths"]["/api/v1/cases/{id}/notify/"]["post"]
    names = [p["name"] for p in notify["parameters"]]
    assert "Idempotency-Key" in names and "If-Match" in names and "412" in notify["responses"]


# ----------------------------------------------------------------- If-Match on steps


def test_a_step_based_on_a_stale_version_is_refused_with_412(inspector):
    case = case_at("notified", user=inspector)
    client = api(inspector)
    read = client.get(reverse("case-detail", args=[case.pk]))
    etag = read["ETag"]
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    # Someone else records the party's waiver meanwhile (the case changes).
    colleague = case.officers.exclude(pk=inspector.pk).first()
    services.rights_waive(case=case, user=colleague, waived_on=days_ago(49))
    stale = step(client, "statement", case, payload, If_Match=etag)
    assert stale.status_code == 412
    assert "已被" in stale.json()["detail"]
    assert PartyStatement.objects.filter(case=case).count() == 0


def test_a_step_on_the_current_version_goes_ahead_and_answers_the_new_version(inspector):
    case = case_at("investigating", user=inspector)
    client = api(inspector)
    etag = client.get(reverse("case-detail", args=[case.pk]))["ETag"]
    notified = step(client, "notify", case, notice_payload(), If_Match=etag)
    assert notified.status_code == 200, notified.json()
    assert notified["ETag"] and notified["ETag"] != etag
    # The ETag of the answer is the one to send with the next step.
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    stated = step(client, "statement", case, payload, If_Match=notified["ETag"])
    assert stated.status_code == 201
    assert step(client, "statement", case, payload, If_Match=etag).status_code == 412


# ----------------------------------------------------------------- at the same moment


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_the_same_key_sent_at_the_same_moment_is_done_once():
    inspector = UserFactory(role="inspector")
    case = case_at("served", user=inspector)
    paid = {"kind": "fine", "paid_on": str(days_ago(30)), "amount": "500"}
    barrier = threading.Barrier(4)
    answers = []

    def send():
        try:
            barrier.wait(timeout=10)
            answers.append(step(api(inspector), "payments", case, paid, Idempotency_Key="same"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [a.status_code for a in answers] == [201] * 4
    assert sum(a.get("Idempotent-Replayed") == "true" for a in answers) == 3
    assert CasePayment.objects.filter(case=case).count() == 1


def test_an_answer_no_cache_may_keep_is_not_kept_for_replay(client):
    """A new API token (answered no-store) sent with a key: not stored in clear to be
    replayed for a day; the request is done once all the same."""
    user = UserFactory(username="clerk_t", password="right-password-1", role="clerk")
    client.force_login(user)
    answer = client.post(
        reverse("api_token"),
        {"username": "clerk_t", "password": "right-password-1"},
        headers={"Idempotency-Key": "k1"},
    )
    assert answer.status_code == 200
    token = answer.json()["token"]
    assert not any(token.encode() in bytes(k.body) for k in IdempotencyKey.objects.all())
    assert not IdempotencyKey.objects.exists()


def test_a_session_signed_in_client_with_a_key_is_served_as_itself(client, clerk):
    """A browser (session and CSRF token) sending a key: answered as the signed-in user,
    not refused as anonymous; replayed the second time."""
    from django.test import Client

    from tests.premises.test_api import TestEstablishmentAPI

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    browser.get(reverse("premises:establishment_list"))  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    payload = TestEstablishmentAPI().create_payload()
    headers = {"Idempotency-Key": "browser-1", "X-CSRFToken": token}
    first = browser.post(
        "/api/v1/establishments/", payload, content_type="application/json", headers=headers
    )
    assert first.status_code == 201, first.content
    second = browser.post(
        "/api/v1/establishments/", payload, content_type="application/json", headers=headers
    )
    assert second.status_code == 201 and second["Idempotent-Replayed"] == "true"
    # Without the CSRF token the session is refused as ever (403), not taken for anonymous.
    refused = browser.post(
        "/api/v1/establishments/",
        payload,
        content_type="application/json",
        headers={"Idempotency-Key": "browser-2"},
    )
    assert refused.status_code == 403


def test_a_refusal_of_the_moment_is_not_kept_under_the_key(client, clerk):
    """A browser without its CSRF token is refused (403); with the token, the same key goes
    through instead of replaying that 403 for a day (the tired user's walk)."""
    from django.test import Client

    from tests.premises.test_api import TestEstablishmentAPI

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    browser.get(reverse("premises:establishment_list"))
    payload = TestEstablishmentAPI().create_payload()
    url = "/api/v1/establishments/"
    refused = browser.post(
        url, payload, content_type="application/json", headers={"Idempotency-Key": "k3"}
    )
    assert refused.status_code == 403 and not IdempotencyKey.objects.exists()
    headers = {"Idempotency-Key": "k3", "X-CSRFToken": browser.cookies["csrftoken"].value}
    done = browser.post(url, payload, content_type="application/json", headers=headers)
    assert done.status_code == 201 and done.get("Idempotent-Replayed") is None


def test_a_repeat_arriving_while_the_first_is_at_work_is_told_to_retry(inspector, monkeypatch):
    """Found by CI: the field page in two tabs sent one outbox item at once; on a shared
    connection the second saw the first's key not yet answered and the server failed with
    500 ("HTTP status code must be an integer") instead of telling it to retry."""
    case = case_at("notified", user=inspector)
    payload = {"received_on": str(days_ago(49)), "content": "甲", "adopted": False, "reply": "乙"}
    client = api(inspector)
    original = services.statement_record
    overlapping = []

    def with_a_repeat(**kwargs):
        overlapping.append(step(client, "statement", case, payload, Idempotency_Key="tab"))
        return original(**kwargs)

    monkeypatch.setattr(services, "statement_record", with_a_repeat)
    first = step(client, "statement", case, payload, Idempotency_Key="tab")
    assert first.status_code == 201
    assert overlapping[0].status_code == 503 and overlapping[0]["Retry-After"] == "1"
    assert "正在处理" in overlapping[0].json()["Idempotency-Key"][0]
    assert PartyStatement.objects.filter(case=case).count() == 1
    monkeypatch.setattr(services, "statement_record", original)
    again = step(client, "statement", case, payload, Idempotency_Key="tab")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
