"""The steps of a complaint in their order: no 答复 while it is 待分办, the 告知 of a
complaint not taken up once it is assigned, 属实 only with an inspection or case to show
for it, no 不予受理 after acceptance; the page offers only the steps allowed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.models.complaints import ComplaintOutcome, ComplaintStatus, ReplyMethod
from inspections.services import complaints as services
from tests.factories import EstablishmentFactory
from tests.inspections.factories import record
from tests.inspections.test_complaints import login, register

pytestmark = pytest.mark.django_db


def reply(user, complaint, content="已告知。"):
    return services.complaint_reply(
        user=user, complaint=complaint, replied_on=timezone.localdate(),
        method=ReplyMethod.PHONE, content=content,
    )  # fmt: skip


def close(user, complaint, outcome):
    return services.complaint_close(
        user=user, complaint=complaint, closed_on=timezone.localdate(), outcome=outcome
    )


def labels(client, complaint) -> list[str]:
    return [label for _, label, _ in client.get(complaint.get_absolute_url()).context["actions"]]


def test_no_reply_while_the_complaint_waits_to_be_assigned(clerk, manager, inspector):
    complaint = register(clerk)
    assert complaint.status == ComplaintStatus.REGISTERED
    with pytest.raises(ValidationError) as refused:
        reply(manager, complaint)
    assert "尚未受理" in refused.value.message_dict["replied_on"][0]
    complaint.refresh_from_db()
    assert complaint.replied_on is None
    page = labels(login(manager), complaint)
    assert "答复" not in page and "分办" in page


def test_a_complaint_not_taken_up_is_told_so_once_assigned(clerk, manager, inspector):
    complaint = register(clerk)
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    assert "答复" in labels(login(inspector), complaint)
    reply(inspector, complaint, "不属受理范围，已告知。")
    close_form = (
        login(inspector)
        .get(reverse("inspections:complaint_close", args=[complaint.pk]))
        .context["form"]
    )
    offered = [value for value, _ in close_form.fields["outcome"].choices if value]
    assert offered == list(services.WITHOUT_ACCEPTANCE)
    complaint = close(inspector, complaint, ComplaintOutcome.NOT_ACCEPTED)
    assert complaint.is_closed


def test_substantiated_needs_an_inspection_or_a_case(clerk, manager, inspector):
    unit = EstablishmentFactory()
    complaint = register(clerk, unit=unit)
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    services.complaint_accept(user=inspector, complaint=complaint, accepted_on=timezone.localdate())
    reply(inspector, complaint, "经查属实。")
    for outcome in (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY):
        with pytest.raises(ValidationError) as refused:
            close(inspector, complaint, outcome)
        assert "关联" in refused.value.message_dict["outcome"][0]
    visit = record(establishment=unit, inspected_at=timezone.now() - datetime.timedelta(minutes=5))
    services.complaint_link_inspection(user=inspector, complaint=complaint, inspection=visit)
    assert close(inspector, complaint, ComplaintOutcome.SUBSTANTIATED).is_closed


def test_an_accepted_complaint_is_not_closed_as_not_accepted(clerk, manager, inspector):
    complaint = register(clerk)
    services.complaint_assign(user=manager, complaint=complaint, assigned_to=inspector)
    services.complaint_accept(user=inspector, complaint=complaint, accepted_on=timezone.localdate())
    reply(inspector, complaint, "经查不属实。")
    client = login(inspector)
    form = client.get(reverse("inspections:complaint_close", args=[complaint.pk])).context["form"]
    offered = [value for value, _ in form.fields["outcome"].choices]
    assert ComplaintOutcome.NOT_ACCEPTED not in offered
    assert ComplaintOutcome.NOT_SUBSTANTIATED in offered
    with pytest.raises(ValidationError) as refused:
        close(inspector, complaint, ComplaintOutcome.NOT_ACCEPTED)
    assert "不予受理" in refused.value.message_dict["outcome"][0]
    assert close(inspector, complaint, ComplaintOutcome.NOT_SUBSTANTIATED).is_closed
