"""The defects the permit window's walk found (issue #16), each at the service level:
one valid permit per unit and type, withdrawal and 补正, review before a decision taken by
someone other than the receiver, renewals continuing from the old expiry, late renewals,
changes reaching the unit, the validity's end written the type's way."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.calendar import add_working_days
from licensing import services
from licensing.choices import PermitState, ValidityEnd
from licensing.models import Application, Permit, PermitType
from tests.factories import EstablishmentFactory
from tests.licensing.factories import (
    approved,
    decider,
    issued_permit,
    public_place,
    reviewed,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def receive(unit, clerk, **fields):
    values = {
        "user": clerk,
        "establishment": unit,
        "permit_type": public_place(),
        "kind": "new",
        "business_scope": "理发",
    }
    values.update(fields)
    return services.application_receive(**values)


# ------------------------------------------------------------- one unit, one valid permit


def test_the_same_new_application_received_twice_is_refused(clerk):
    """Found: received twice (the Back button), approved and issued twice (第0036/0037号)."""
    unit = EstablishmentFactory(name="美发屋")
    first = receive(unit, clerk)
    with pytest.raises(ValidationError) as caught:
        receive(unit, clerk)
    message = caught.value.message_dict["permit_type"][0]
    assert "正在办理" in message and first.receipt_number in message
    assert Application.objects.filter(establishment=unit).count() == 1


def test_the_database_refuses_a_second_current_permit_and_a_second_open_application(clerk):
    permit = issued_permit(clerk=clerk, received_on=today())
    second = Permit(
        permit_type=permit.permit_type,
        establishment=permit.establishment,
        number="另一个证号",
        business_scope="理发",
        issued_on=today(),
        expires_on=today() + datetime.timedelta(days=400),
        recorded_by=clerk,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    open_ = receive(EstablishmentFactory(), clerk)
    twin = Application.objects.get(pk=open_.pk)
    twin.pk, twin.receipt_number = None, "另一个受理编号"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_new_application_is_refused_while_the_permit_can_still_be_renewed(clerk):
    permit = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=100))
    with pytest.raises(ValidationError) as caught:
        receive(permit.establishment, clerk)
    assert "请办理延续或变更" in caught.value.message_dict["kind"][0]


def test_a_withdrawn_application_frees_the_unit_and_burns_no_permit_number(clerk):
    unit = EstablishmentFactory()
    first = receive(unit, clerk)
    with pytest.raises(ValidationError) as caught:
        services.application_withdraw(application=first, user=clerk, reason="")
    assert "withdraw_reason" in caught.value.message_dict
    services.application_withdraw(application=first, user=clerk, reason="申请人书面撤回")
    first.refresh_from_db()
    assert first.status == "withdrawn" and first.withdrawn_on == today()
    again = receive(unit, clerk)
    permit = services.permit_issue(application=approved(again, clerk=clerk), user=clerk)
    assert permit.sequence == 1  # the withdrawn application took no permit number


def test_correction_then_acceptance_runs_the_time_limit_from_acceptance(clerk):
    unit = EstablishmentFactory()
    received_on = today() - datetime.timedelta(days=6)
    with pytest.raises(ValidationError) as caught:
        receive(unit, clerk, received_on=received_on, outcome="correction")
    assert "correction_items" in caught.value.message_dict
    waiting = receive(
        unit,
        clerk,
        received_on=received_on,
        outcome="correction",
        correction_items="1. 营业执照复印件\n2. 从业人员健康证明",
    )
    assert waiting.status == "correction"
    assert [d.get_kind_display() for d in waiting.documents.all()] == ["补正材料通知书"]
    with pytest.raises(ValidationError):  # no decision on materials not yet complete
        services.application_decide(application=waiting, user=decider(), approve=True)
    accepted = services.application_accept(application=waiting, user=clerk)
    assert accepted.status == "received" and accepted.received_on == today()
    assert accepted.due_on == add_working_days(today(), 20)
    assert {d.kind for d in accepted.documents.all()} == {"correction", "acceptance"}


def test_not_accepted_with_its_reason_and_the_competent_organ(clerk):
    unit = EstablishmentFactory()
    refused = receive(
        unit,
        clerk,
        outcome="not_accepted",
        not_accepted_reason="所申请事项不属本机关职权范围",
        competent_organ="市卫生健康委员会",
    )
    assert refused.status == "not_accepted"
    document = refused.documents.get()
    assert document.get_kind_display() == "不予受理决定书" and "〔" in document.number
    receive(unit, clerk)  # a refusal at the window leaves nothing open


# ------------------------------------------------------------- no one decides alone


def test_no_decision_without_review_nor_by_the_receiver(clerk, manager):
    """Found: approved at 已受理 with no review; the clerk received, decided and issued."""
    application = receive(EstablishmentFactory(), clerk)
    with pytest.raises(ValidationError) as caught:
        services.application_decide(application=application, user=decider(), approve=True)
    assert "尚未审核" in caught.value.message_dict["status"][0]
    application = reviewed(application, clerk=clerk)
    with pytest.raises(ValidationError) as caught:
        services.application_decide(application=application, user=clerk, approve=True)
    assert "负责人" in caught.value.message_dict["decision"][0]
    # A manager who received it himself may not decide it either.
    own = receive(EstablishmentFactory(), manager)
    own = reviewed(own, clerk=clerk)
    with pytest.raises(ValidationError) as caught:
        services.application_decide(application=own, user=manager, approve=True)
    assert "受理人不能" in caught.value.message_dict["decision"][0]
    # ... unless the administrator made the type a one-person window.
    ptype = public_place()
    ptype.single_person_window = True
    ptype.save()
    own.refresh_from_db()
    services.application_decide(application=own, user=manager, approve=True)


def test_the_review_needs_the_on_site_check_the_type_asks_for(clerk):
    application = receive(EstablishmentFactory(), clerk)
    with pytest.raises(ValidationError) as caught:
        services.application_review(application=application, user=clerk, note="材料齐全")
    assert "须现场审查" in caught.value.message_dict["inspection"][0]
    ptype = public_place()
    ptype.review_on_site = False
    ptype.save()
    application.refresh_from_db()
    services.application_review(application=application, user=clerk, note="材料齐全")


# ------------------------------------------------------------- dates and versions


def test_a_renewal_continues_from_the_old_expiry(clerk):
    """Found: 株潭来盛网吧, old permit to 2027-01-31, renewed 2026-12-03 from that day."""
    old = issued_permit(clerk=clerk, received_on=D(2023, 1, 31), issued_on=D(2023, 1, 31))
    assert old.expires_on == D(2027, 1, 31)
    renewal = receive(
        old.establishment,
        clerk,
        kind="renewal",
        previous_permit=old,
        received_on=D(2026, 11, 20),
    )
    approved(renewal, clerk=clerk, day=D(2026, 11, 25))
    new = services.permit_issue(application=renewal, user=clerk, issued_on=D(2026, 11, 26))
    assert (new.issued_on, new.valid_from, new.expires_on) == (
        D(2026, 11, 26),
        D(2027, 2, 1),
        D(2031, 2, 1),
    )
    old.refresh_from_db()
    # The old permit stays in force to its end; then the new one takes over.
    assert old.state_on(D(2027, 1, 31)) == PermitState.VALID
    assert new.state_on(D(2027, 1, 31)) == PermitState.PENDING
    assert old.state_on(D(2027, 2, 1)) == PermitState.SUPERSEDED
    assert new.state_on(D(2027, 2, 1)) == PermitState.VALID
    held = Permit.objects.held_on(D(2027, 1, 31)).filter(establishment=old.establishment)
    assert list(held) == [old]


def test_a_late_renewal_is_a_new_application_starting_when_the_old_permit_ends(clerk):
    """Found: 20 days before expiry neither a renewal nor a new application was possible."""
    start = today() - datetime.timedelta(days=4 * 365 - 20)
    old = issued_permit(clerk=clerk, received_on=start, issued_on=start)
    assert 0 < (old.expires_on - today()).days <= 30
    with pytest.raises(ValidationError) as caught:
        receive(old.establishment, clerk, kind="renewal", previous_permit=old)
    assert "已逾期的请按新办申请" in caught.value.message_dict["kind"][0]
    late = receive(old.establishment, clerk)  # accepted as a new application
    new = services.permit_issue(application=approved(late, clerk=clerk), user=clerk)
    assert new.previous == old and new.valid_from == old.expires_on + datetime.timedelta(days=1)
    old.refresh_from_db()
    assert old.state == PermitState.VALID and new.state == PermitState.PENDING


def test_a_change_reaches_the_unit_and_the_old_permit_keeps_what_it_printed(clerk):
    """Found: a change kept the old legal representative and left the unit unchanged."""
    old = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=60))
    unit = old.establishment
    before = (unit.name, unit.legal_representative)
    with pytest.raises(ValidationError) as caught:
        receive(unit, clerk, kind="change", previous_permit=old, business_scope="")
    assert "change_description" in caught.value.message_dict
    change = receive(
        unit,
        clerk,
        kind="change",
        previous_permit=old,
        business_scope="",
        new_name="悦来美发店",
        new_legal_representative="李四",
    )
    new = services.permit_issue(application=approved(change, clerk=clerk), user=clerk)
    unit.refresh_from_db()
    assert (unit.name, unit.legal_representative) == ("悦来美发店", "李四")
    assert (new.holder_name, new.legal_representative) == ("悦来美发店", "李四")
    assert new.expires_on == old.expires_on
    old.refresh_from_db()
    assert (old.holder_name, old.legal_representative) == before
    assert "许可变更" in unit.history.first().history_change_reason


def test_the_validity_end_is_written_the_types_way(clerk):
    ptype = public_place()
    assert ptype.term_end(D(2026, 12, 3)) == D(2030, 12, 3)
    ptype.validity_end = ValidityEnd.DAY_BEFORE
    ptype.save()
    assert ptype.term_end(D(2026, 12, 3)) == D(2030, 12, 2)
    permit = issued_permit(clerk=clerk, received_on=D(2024, 3, 1))
    assert (permit.valid_from, permit.expires_on) == (D(2024, 3, 1), D(2028, 2, 29))


def test_an_expired_permit_is_not_valid_and_cannot_be_changed(clerk):
    """Found: expired permits shown 有效 with 延续/变更 buttons."""
    old = issued_permit(clerk=clerk, received_on=D(2020, 3, 2))
    assert old.state == PermitState.EXPIRED
    assert not Permit.objects.valid_on(today()).filter(pk=old.pk).exists()
    with pytest.raises(ValidationError) as caught:
        receive(old.establishment, clerk, kind="change", previous_permit=old, new_name="新名")
    assert "请按新办申请" in caught.value.message_dict["previous_permit"][0]
    fresh = receive(old.establishment, clerk)
    new = services.permit_issue(application=approved(fresh, clerk=clerk), user=clerk)
    old.refresh_from_db()
    assert new.previous == old and new.valid_from == new.issued_on
    assert old.state == PermitState.EXPIRED  # replaced after a gap: expired, not 换发


def test_a_post_check_is_no_longer_due_once_its_permit_is_cancelled(clerk):
    application = receive(EstablishmentFactory(), clerk, path="commitment")
    services.application_decide(application=application, user=decider(), approve=True)
    permit = services.permit_issue(application=application, user=clerk)
    assert list(Application.objects.post_checks_open()) == [application]
    services.permit_cancel(permit=permit, user=clerk, date=today(), reason="歇业")
    assert not Application.objects.post_checks_open().exists()


def test_a_change_while_a_renewal_has_not_begun_leaves_one_permit_in_force(clerk):
    """Found by the walk: renewed early (the renewal 未生效 until the old one ends), then a
    change of legal representative: two permits 有效 at once, the renewal still 未生效."""
    start = today() - datetime.timedelta(days=4 * 365 - 60)
    old = issued_permit(clerk=clerk, received_on=start, issued_on=start)
    renewal = receive(old.establishment, clerk, kind="renewal", previous_permit=old)
    renewed = services.permit_issue(application=approved(renewal, clerk=clerk), user=clerk)
    assert renewed.state == PermitState.PENDING and old.state == PermitState.VALID
    change = receive(
        old.establishment,
        clerk,
        kind="change",
        previous_permit=renewed,
        business_scope="",
        new_legal_representative="王新",
    )
    changed = services.permit_issue(application=approved(change, clerk=clerk), user=clerk)
    old.refresh_from_db()
    renewed.refresh_from_db()
    assert changed.state == PermitState.VALID and changed.expires_on == renewed.expires_on
    assert old.state == PermitState.SUPERSEDED and renewed.state == PermitState.SUPERSEDED
    in_force = Permit.objects.held_on(today()).filter(establishment=old.establishment)
    assert list(in_force) == [changed]
    states = dict(Permit.objects.with_state().values_list("pk", "state"))
    assert states == {old.pk: "superseded", renewed.pk: "superseded", changed.pk: "valid"}


def test_a_change_of_name_alone_needs_no_site_check_but_a_new_address_does(clerk):
    """Walk: a legal representative's change sent inspectors out for paperwork."""
    old = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=60))
    paper = receive(
        old.establishment,
        clerk,
        kind="change",
        previous_permit=old,
        business_scope="",
        new_legal_representative="王新",
    )
    services.application_review(application=paper, user=clerk, note="变更材料齐全")
    other = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=60))
    moved = receive(
        other.establishment,
        clerk,
        kind="change",
        previous_permit=other,
        business_scope="",
        new_address="新街 8 号",
    )
    with pytest.raises(ValidationError) as caught:
        services.application_review(application=moved, user=clerk, note="地址变更")
    assert "须现场审查" in caught.value.message_dict["inspection"][0]


def test_the_receive_form_preselects_the_type_the_units_kind_needs(client_as, clerk):
    from django.urls import reverse

    from tests.factories import kind

    plant = EstablishmentFactory(category=kind("dw.supply.central"))
    response = client_as(clerk).get(
        reverse("licensing:application_add"), {"establishment": plant.pk}
    )
    chosen = response.context["form"]["permit_type"].value()
    assert str(chosen) == str(PermitType.objects.get(code="water_central").pk)


def test_the_review_form_asks_for_a_site_check_only_when_the_application_needs_one(clerk):
    from licensing.forms import ReviewForm

    old = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=60))
    paper = receive(
        old.establishment,
        clerk,
        kind="change",
        previous_permit=old,
        business_scope="",
        new_legal_representative="王新",
    )
    assert "须现场审查" not in ReviewForm(application=paper).fields["inspection"].help_text
    fresh = receive(EstablishmentFactory(), clerk)
    assert "须现场审查" in ReviewForm(application=fresh).fields["inspection"].help_text
