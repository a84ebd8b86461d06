"""The 负责人's approval page names the requester by name (not the login name) and shows the
案件调查终结报告's parts each on its own line, the way it prints."""

import pytest
from django.urls import reverse

from core.people import display_name
from penalties import services
from penalties.choices import CaseStatus, Severity
from tests.factories import UserFactory
from tests.penalties.factories import approve, case_at, days_ago, fine

pytestmark = pytest.mark.django_db


def test_the_approval_page_names_the_requester_and_keeps_the_report_lines(client_as, manager):
    officer = UserFactory(username="officer_li", first_name="李明", role="inspector")
    partner = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    case = case_at(CaseStatus.INVESTIGATING, team=[officer, partner])
    case = services.case_notify(
        case=case,
        user=officer,
        done_on=days_ago(50),
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )
    approval = services.decision_request(
        case=case,
        user=officer,
        requested_on=days_ago(40),
        severity=Severity.ORDINARY,
        penalties=fine(3000),
        facts="未取得卫生许可证<擅自>营业。",
        evidence="现场笔录",
        basis=case.violation.penalty_basis,
        discretion="首次违法。",
    )

    page = client_as(manager).get(reverse("penalties:approval_decide", args=[approval.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "<dd>李明</dd>" in html and "officer_li" not in html
    assert "违法事实：未取得卫生许可证&lt;擅自&gt;营业。<br>证据：现场笔录<br>" in html

    # The report page names who approved the last report by name too.
    approve(approval, on=days_ago(40))
    assert display_name(manager) != manager.username
    page = client_as(officer).get(reverse("penalties:decision_request", args=[case.pk]))
    html = page.content.decode()
    assert f"批准（{display_name(manager)} {days_ago(40):%Y-%m-%d}）" in html


def test_the_discussion_form_offers_people_by_name(client_as):
    officer = UserFactory(username="officer_li", first_name="李明", role="inspector")
    partner = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    case = case_at(CaseStatus.INVESTIGATING, team=[officer, partner])
    url = reverse("penalties:discussion_record", args=[case.pk])
    form = client_as(officer).get(url).context["form"]
    for name in ("host", "participants", "recorder"):
        labels = [label for _, label in form.fields[name].choices]
        assert "李明" in labels and "officer_li" not in labels, name


def test_the_report_starts_from_the_case_s_evidence_and_writes_money_as_money(client_as):
    officer = UserFactory(username="officer_li", first_name="李明", role="inspector")
    partner = UserFactory(username="officer_wang", first_name="王芳", role="inspector")
    case = case_at(CaseStatus.INVESTIGATING, team=[officer, partner])
    case = services.case_notify(case=case, user=officer, done_on=days_ago(50),
                                severity=Severity.ORDINARY, penalties=fine(3000))  # fmt: skip
    form = client_as(officer).get(reverse("penalties:decision_request", args=[case.pk]))
    assert "现场笔录" in form.context["form"].initial["evidence"]  # the factory's evidence
    approval = services.decision_request(
        case=case, user=officer, requested_on=days_ago(40), severity=Severity.ORDINARY,
        penalties=fine(3000), facts="无证营业。", evidence="现场笔录", basis="第三十五条",
        discretion="首次。",
    )  # fmt: skip
    assert "罚款 3,000.00 元" in approval.summary
