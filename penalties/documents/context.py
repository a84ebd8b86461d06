"""What most case documents print: the party, the officers with their certificates, the
penalties with amounts in figures and capitals."""

from django.core.exceptions import ObjectDoesNotExist

from core.officers import officer_label, officer_rows
from penalties.choices import MONEY_KINDS, PartyKind
from penalties.documents.amounts import yuan_in_capitals, yuan_in_figures
from penalties.models import TimeLimit


def party_context(case, *, full_id: bool) -> dict:
    person = case.party_kind == PartyKind.PERSON
    return {
        "kind": case.get_party_kind_display(),
        "is_person": person,
        # How the party's documents address it: a citizen as 你, an organisation as 你单位
        # (the printed forms' 你（单位） with the blank filled).
        "you": "你" if person else "你单位",
        "name": case.party_name,
        "code_label": "身份证号码" if person else "统一社会信用代码",
        "code": case.party_code if full_id else case.party_code_masked,
        "legal_representative": case.party_legal_representative,
        "address": case.party_address,
        "phone": case.party_phone,
        "sex": case.get_party_sex_display() if person else "",
    }


def penalty_lines(case, stage) -> list[dict]:
    lines = []
    for penalty in case.penalties_at(stage):
        money = penalty.kind in MONEY_KINDS and penalty.amount is not None
        lines.append(
            {
                "kind": penalty.get_kind_display(),
                "text": penalty.text,
                "money": money,
                "figures": yuan_in_figures(penalty.amount) if money else "",
                "capitals": yuan_in_capitals(penalty.amount) if money else "",
                "items": penalty.items,
                "quantity": penalty.quantity,
                "note": penalty.note,
            }
        )
    return lines


def limits_by_code() -> dict:
    return TimeLimit.objects.in_bulk(field_name="code")


def inspection_opinion(inspection):
    try:
        return inspection.opinion
    except ObjectDoesNotExist:
        return None


def common_context(case, *, full_id: bool, on=None) -> dict:
    """``on``: the document's date; each officer is printed with the enforcement
    certificate (执法证号) valid on it."""
    officers = officer_rows(sorted(case.officers.all(), key=lambda u: u.pk), on or case.filed_on)
    return {
        "case": case,
        "party": party_context(case, full_id=full_id),
        "violation": case.violation,
        "officers": [officer_label(row) for row in officers],
    }
