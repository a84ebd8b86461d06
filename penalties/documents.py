"""The three documents of a penalty case, printed through the one PDF pipeline
(``core.documents.render_pdf``): 立案审批表, 行政处罚事先告知书, 行政处罚决定书.

Each document says when it exists (the notice once the party has been notified, the decision
once decided) and builds its context from the case as it stands, with a fixed number of
queries whatever the case gathers.

A person's ID number is masked unless the document is printed with ``reveal`` (the
"含完整身份证号码" link, ``?reveal=1``, for users who may see it; the view logs each print);
the 立案审批表 is an internal form and always shows it masked."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import get_object_or_404

from core.documents import render_pdf
from core.officers import officer_label, officer_rows
from core.people import display_name
from penalties.choices import MONEY_KINDS, CaseSource, CaseStatus, PartyKind, TimeLimitCode
from penalties.models import PenaltyCase, TimeLimit

# ---------------------------------------------------------------- amounts in capitals

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")


def _integer_in_capitals(number: int) -> str:
    """12345 → 壹万贰仟叁佰肆拾伍: one 零 for each run of zeros inside the number."""
    if number == 0:
        return "零"
    digits = str(number)
    if len(digits) > 4 * len(_GROUPS):
        raise ValueError(f"金额过大：{number}")
    out = []
    pending_zero = False
    for i, char in enumerate(digits):
        position = len(digits) - 1 - i
        if char == "0":
            pending_zero = True
        else:
            if pending_zero and out:
                out.append("零")
            pending_zero = False
            out.append(_DIGITS[int(char)] + _PLACES[position % 4])
        group = position // 4
        if position % 4 == 0 and group and int(digits[max(0, i - 3) : i + 1]):
            out.append(_GROUPS[group])
    return "".join(out)


def yuan_in_capitals(amount) -> str:
    """An amount of yuan in Chinese capital numerals (大写), as written on financial documents:
    3000 → 叁仟元整, 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分, 0.5 → 伍角整."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError(f"金额不能为负数：{amount}")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = f"{_integer_in_capitals(yuan)}元" if yuan or not (jiao or fen) else ""
    if jiao:
        text += f"{_DIGITS[jiao]}角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += f"{_DIGITS[fen]}分"
    else:
        text += "整"
    return text


def yuan_in_figures(amount) -> str:
    """3000 → 3,000; 12345.67 → 12,345.67 (no trailing zeros)."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


# ---------------------------------------------------------------- loading a case


def case_for_documents(pk) -> PenaltyCase:
    """The case with everything its documents show, in a fixed number of queries."""
    return get_object_or_404(
        PenaltyCase.objects.select_related(
            "violation",
            "establishment",
            "inspection__opinion",
            "hearing",
            "created_by",
            "legal_reviewer",
        ).prefetch_related("officers", "penalties", "evidence", "statements"),
        pk=pk,
    )


def _party(case, *, full_id: bool) -> dict:
    person = case.party_kind == PartyKind.PERSON
    return {
        "kind": case.get_party_kind_display(),
        "is_person": person,
        "name": case.party_name,
        "code_label": "身份证号码" if person else "统一社会信用代码",
        "code": case.party_code if full_id else case.party_code_masked,
        "legal_representative": case.party_legal_representative,
        "address": case.party_address,
        "phone": case.party_phone,
    }


def _penalty_lines(case, stage) -> list[dict]:
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


def _limits() -> dict:
    return TimeLimit.objects.in_bulk(field_name="code")


def _opinion(inspection):
    try:
        return inspection.opinion
    except ObjectDoesNotExist:
        return None


def _common(case, *, full_id: bool, on=None) -> dict:
    """``on``: the document's date; each officer is printed with the enforcement
    certificate (执法证号) valid on it."""
    officers = officer_rows(sorted(case.officers.all(), key=lambda u: u.pk), on or case.filed_on)
    return {
        "case": case,
        "party": _party(case, full_id=full_id),
        "violation": case.violation,
        "officers": [officer_label(row) for row in officers],
    }


def filing_context(case, *, reveal=False) -> dict:
    context = _common(case, full_id=False, on=case.filed_on)
    inspection = case.inspection if case.source == CaseSource.INSPECTION else None
    context.update(
        {
            "inspection": inspection,
            "opinion": _opinion(inspection) if inspection else None,
            "created_by": display_name(case.created_by),
        }
    )
    return context


def notice_context(case, *, reveal=False) -> dict:
    limits = _limits()
    context = _common(case, full_id=reveal, on=case.notified_on)
    context.update(
        {
            # What the notice stated, whatever was corrected on the case afterwards.
            "facts": case.notice_facts or case.facts,
            "penalties": _penalty_lines(case, "proposed"),
            "severity": case.get_proposed_severity_display(),
            "statement_limit": limits.get(TimeLimitCode.STATEMENT),
            "hearing_limit": limits.get(TimeLimitCode.HEARING_REQUEST),
        }
    )
    return context


def decision_context(case, *, reveal=False) -> dict:
    limits = _limits()
    context = _common(case, full_id=reveal, on=case.decided_on)
    penalties = _penalty_lines(case, "decided")
    context.update(
        {
            "penalties": penalties,
            "to_pay": [p for p in penalties if p["money"]],
            "severity": case.get_severity_display(),
            "evidence": list(case.evidence.all()),
            "statements": list(case.statements.all()),
            "hearing": getattr(case, "hearing", None),
            "payment_limit": limits.get(TimeLimitCode.PAYMENT),
            "bank": settings.PENALTY_PAYMENT_BANK or "本机关指定的银行",
        }
    )
    return context


# ---------------------------------------------------------------- the documents


class DocumentNotReady(Exception):
    """The case has not reached the step that produces this document."""


@dataclass(frozen=True)
class CaseDocument:
    title: str
    template: str
    needs_step: str | None
    build: object
    # Whether ``reveal`` prints a person's full ID number (the 立案审批表 never does).
    can_reveal: bool = True

    def number(self, case) -> str:
        if self.needs_step == CaseStatus.NOTIFIED:
            return case.notice_number
        if self.needs_step == CaseStatus.DECIDED:
            return case.decision_number
        return case.number

    def check_ready(self, case) -> None:
        if self.needs_step is None:
            return
        if not case.reached(self.needs_step) or not self.number(case):
            step = CaseStatus(self.needs_step).label
            raise DocumentNotReady(
                f"案件 {case.number} 尚未{step}（当前环节：{case.get_status_display()}），"
                f"还没有《{self.title}》：办理{step}后才能打印。"
            )

    def filename(self, case) -> str:
        return f"{self.title}_{self.number(case)}.pdf"

    def reveals(self, case, reveal: bool) -> bool:
        """Whether this print shows a person's full ID number."""
        return reveal and self.can_reveal and case.party_kind == PartyKind.PERSON

    def render(self, case, *, reveal=False) -> bytes:
        self.check_ready(case)
        context = self.build(case, reveal=self.reveals(case, reveal))
        return render_pdf(self.template, {"doc_title": self.title, **context})


FILING = CaseDocument(
    "立案审批表", "documents/penalty_filing.html", None, filing_context, can_reveal=False
)
NOTICE = CaseDocument(
    "行政处罚事先告知书", "documents/penalty_notice.html", CaseStatus.NOTIFIED, notice_context
)
DECISION = CaseDocument(
    "行政处罚决定书", "documents/penalty_decision.html", CaseStatus.DECIDED, decision_context
)
