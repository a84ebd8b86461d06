"""Reporting upward: recording that information cards were reported (or a draw's results
published). Which cards are due or late, and the rules, are reports.models.cards'."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.models import InfoCardReport, cards
from reports.models.cards import Rule, rule_for


def _refusals(rule: Rule, records: list, reported_on, on: datetime.date) -> dict:
    """Every reason to refuse, by field; a message per refused record."""
    model = rule.records().model
    if not records:
        return {"record": ["请至少选择一条记录。"]}
    if any(not isinstance(r, model) for r in records):
        return {"kind": [f"{rule.label}只能登记{model._meta.verbose_name}。"]}
    if reported_on is None:
        return {"reported_on": ["请填写报告（公示）日期。"]}
    if reported_on > on:
        return {"reported_on": ["报告（公示）日期不能晚于今天。"]}
    pks = [r.pk for r in records]
    events = dict(rule.records().filter(pk__in=pks).values_list("pk", "event_on"))
    done = {
        getattr(card, f"{rule.field}_id"): card
        for card in InfoCardReport.objects.filter(kind=rule.kind, **{f"{rule.field}__in": pks})
    }
    errors: dict[str, list[str]] = {}
    not_due = rule.not_due([r for r in records if r.pk not in events])
    for record in records:
        event_on, card = events.get(record.pk), done.get(record.pk)
        if event_on is None:
            errors.setdefault("record", []).append(
                not_due.get(record) or f"“{record}”尚未{rule.event_label}，无需报告{rule.label}。"
            )
        elif reported_on < event_on:
            errors.setdefault("reported_on", []).append(
                f"报告（公示）日期不能早于{rule.date_label}（{event_on:%Y-%m-%d}）。"
            )
        if card is not None:
            number = f"，编号 {card.reference}" if card.reference else ""
            errors.setdefault("record", []).append(
                f"“{record}”的{rule.label}已于 {card.reported_on:%Y-%m-%d} 登记报告{number}，"
                "不能重复登记。"
            )
    return {field: list(dict.fromkeys(messages)) for field, messages in errors.items()}


@transaction.atomic
def card_report_many(*, kind, records, user, reported_on, reference="") -> list[InfoCardReport]:
    """Record that the cards of ``kind`` for ``records`` were reported on ``reported_on``
    (for a draw: its results published), with the system's number or the publication's
    address. All or nothing: refused, with nothing written, when any record has not had
    its event, the date is before an event or in the future, or a card is recorded already."""
    rule = rule_for(kind)
    records = list(records)
    reference = (reference or "").strip()
    limit = InfoCardReport._meta.get_field("reference").max_length
    errors = _refusals(rule, records, reported_on, cards.today())
    if len(reference) > limit:
        errors["reference"] = [f"系统编号或公示网址不能超过 {limit} 个字符。"]
    if errors:
        raise ValidationError(errors)
    reports = [
        InfoCardReport(
            kind=rule.kind,
            reported_on=reported_on,
            reference=reference,
            reported_by=user,
            **{rule.field: record},
        )
        for record in records
    ]
    try:
        with transaction.atomic():
            return InfoCardReport.objects.bulk_create(reports)
    except IntegrityError:  # a colleague recorded one a moment ago
        raise ValidationError(
            {"record": "所选记录中有刚被他人登记报告的，请刷新后重试。"}
        ) from None


@transaction.atomic
def card_report(*, kind, record, user, reported_on, reference="") -> InfoCardReport:
    """One card: see card_report_many."""
    return card_report_many(
        kind=kind, records=[record], user=user, reported_on=reported_on, reference=reference
    )[0]
