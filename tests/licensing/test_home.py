"""The window's home page (issue #16): the clerk's tasks — open applications by step and
deadline (overdue first), permits ending within 30 days, post-issue checks of the
commitment path overdue and coming due — in a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing import services
from licensing.choices import ApplicationStatus
from tests.factories import EstablishmentFactory, UserFactory
from tests.generic import count_queries
from tests.licensing.factories import issued_permit, public_place, reviewed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOME = "licensing:permit_home"


def today():
    return timezone.localdate()


def receive(clerk, name, *, days_ago=0, **more):
    return services.application_receive(
        user=clerk,
        establishment=EstablishmentFactory(name=name),
        permit_type=public_place(),
        kind="new",
        received_on=today() - days_ago * DAY,
        business_scope="理发",
        **more,
    )


def commitment(clerk, name, *, days_ago):
    """A permit issued on the applicant's promise ``days_ago`` days ago; its check falls
    due 30 days after (the type's post_check_days)."""
    application = receive(clerk, name, days_ago=days_ago, path="commitment")
    if application.status != ApplicationStatus.ISSUED:
        day = today() - days_ago * DAY
        services.application_decide(
            application=application, user=UserFactory(role="manager"), approve=True, decided_on=day
        )
        services.permit_issue(application=application, user=clerk, issued_on=day)
    application.refresh_from_db()
    return application


def group(page, status):
    match = re.search(
        rf'data-step="{status}">(.*?)</div>\s*(?:<div class="step-group"|</section>)', page, re.S
    )
    assert match, status
    return match.group(1)


def test_applications_by_step_overdue_first(client_as, clerk):
    late = receive(clerk, "超期理发店", days_ago=60)
    fresh = receive(clerk, "新到理发店", days_ago=1)
    waiting = reviewed(receive(clerk, "待决定理发店", days_ago=2), clerk=clerk)
    lacking = receive(clerk, "补正理发店", outcome="correction", correction_items="营业执照复印件")
    assert lacking.status == ApplicationStatus.CORRECTION

    page = client_as(clerk).get(reverse(HOME)).content.decode()

    received = group(page, "received")
    assert received.index("超期理发店") < received.index("新到理发店")
    assert "超期" in received and late.receipt_number in received
    assert fresh.receipt_number in received
    assert "待决定理发店" in group(page, "reviewed") and waiting.receipt_number in page
    assert "补正理发店" in group(page, "correction")
    assert "超期理发店" not in group(page, "reviewed")


def test_permits_expiring_within_30_days_with_a_renewal_link(client_as, clerk):
    term_ago = today().replace(year=today().year - 4)
    soon = issued_permit(
        clerk=clerk,
        establishment=EstablishmentFactory(name="快到期网吧"),
        received_on=term_ago + 20 * DAY,
    )
    issued_permit(
        clerk=clerk,
        establishment=EstablishmentFactory(name="远未到期网吧"),
        received_on=term_ago + 90 * DAY,
    )
    assert 0 < (soon.expires_on - today()).days <= 30

    page = client_as(clerk).get(reverse(HOME)).content.decode()
    expiring = page.split('data-testid="expiring-permits"')[1].split("</section>")[0]
    assert soon.number in expiring and "快到期网吧" in expiring
    assert "远未到期网吧" not in expiring
    # Within 30 days of its end the 30 days' renewal notice has passed: the link receives
    # a new application whose permit starts when this one ends (walk: 受理延续 always failed).
    renew = f"kind=new&amp;permit_type={soon.permit_type_id}"
    assert renew in expiring and "受理（逾期延续按新办）" in expiring
    # The manager reads the list; receiving a renewal is the clerk's.
    manager = UserFactory(role="manager")
    page = client_as(manager).get(reverse(HOME)).content.decode()
    assert soon.number in page and renew not in page


def test_post_issue_checks_overdue_and_coming_due(client_as, clerk):
    overdue = commitment(clerk, "逾期核查理发店", days_ago=40)  # 10 days overdue
    soon = commitment(clerk, "将到期核查理发店", days_ago=27)  # due in 3 days
    commitment(clerk, "后到期核查理发店", days_ago=2)  # due in 28 days: not yet

    page = client_as(clerk).get(reverse(HOME)).content.decode()
    checks = page.split('data-testid="post-checks"')[1].split("</section>")[0]
    assert checks.index("逾期核查理发店") < checks.index("将到期核查理发店")
    assert "逾期 10 日" in checks and "剩 3 日" in checks
    assert "后到期核查理发店" not in checks
    assert overdue.receipt_number in checks and soon.receipt_number in checks
    assert "逾期 1，7 日内到期 1" in checks


def test_home_query_count_does_not_grow(client_as, clerk):
    client = client_as(clerk)
    receive(clerk, "甲", days_ago=40)
    commitment(clerk, "乙", days_ago=40)
    client.get(reverse(HOME))
    few, _ = count_queries(lambda: client.get(reverse(HOME)))
    for i in range(4):
        receive(clerk, f"丙{i}", days_ago=40 + i)
        commitment(clerk, f"丁{i}", days_ago=27 + i)
    many, _ = count_queries(lambda: client.get(reverse(HOME)))
    assert few == many


def test_site_home_shows_the_window_tasks_to_the_clerk_not_the_inspector(
    client_as, clerk, inspector
):
    receive(clerk, "超期理发店", days_ago=60)
    receive(clerk, "新到理发店", days_ago=1)
    page = client_as(clerk).get(reverse("home")).content.decode()
    tasks = page.split('data-testid="window-tasks"')[1].split("</ul>")[0]
    assert re.search(r"超期未办结 <b[^>]*>1</b>", tasks)
    assert re.search(r"待审核 <b[^>]*>2</b>", tasks)
    assert reverse(HOME) in page
    page = client_as(inspector).get(reverse("home")).content.decode()
    assert 'data-testid="window-tasks"' not in page
