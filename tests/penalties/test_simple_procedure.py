"""The simple procedure (issue #17, 行政处罚法第五十一至五十二条, 第六十八至七十一条): a warning or a
small fine decided on the spot with the 当场行政处罚决定书 of its own number series, signed on
the tablet, handed over, filed (备案) with the organ; cash on the spot only within its limits;
counted apart in the summary; reported by one 信息卡 within 5 working days of closure."""

import base64
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from core.calendar import add_working_days
from core.models import DocumentSeries, OfficerCertificate
from penalties import services
from penalties.choices import CaseOutcome, CaseStatus, CashReason, PartyKind, PenaltyKind, Procedure
from penalties.documents import document_get
from penalties.models import CaseService, OnSpotDecision, OnSpotRule, OnSpotThreshold, PenaltyCase
from penalties.services import simple
from reports.models import CardKind
from reports.models import cards as card_rules
from reports.services import card_report
from tests.factories import EstablishmentFactory, valid_id_number
from tests.pdf import pdf_text
from tests.penalties.factories import file_case, officers, refused, violation

pytestmark = pytest.mark.django_db


def ink() -> str:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 80), (80, 20), (150, 70), (280, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def certified(n=2):
    team = officers(n)
    for i, user in enumerate(team):
        OfficerCertificate.objects.create(
            user=user,
            number=f"ZF-{user.pk:04d}-{i}",
            issued_by="测试县卫生健康局",
            valid_from=datetime.date(2020, 1, 1),
            valid_until=datetime.date(2035, 12, 31),
        )
    return team


def person(**more) -> dict:
    return {
        "party_kind": PartyKind.PERSON,
        "party_name": "张三",
        "party_code": valid_id_number(3),
        "party_address": "万载县康乐街道某路 1 号",
        **more,
    }


# 细则第三十六条第二项: 给予警告，并可处以二千元以下罚款 (a warning alone, or with a fine).
ON_SPOT = "pp-no-disinfection"


def decide(team=None, *, fine=None, warning=True, party=None, **more) -> PenaltyCase:
    team = team or certified()
    arguments = {
        "user": team[0],
        "violation": violation(ON_SPOT),
        "facts": "现场检查发现该理发店未取得卫生许可证即营业。",
        "officers": team,
        "place": "某某理发店店内",
        "facts_confirmed": True,
        "certificates_shown": True,
        "warning": warning,
        "fine": fine,
        "signer_name": "张三",
        "signature": ink(),
        "correction": "立即对理发工具进行消毒。",
        **(party if party is not None else person()),
        **more,
    }
    return simple.simple_case_decide(**arguments)


# ---------------------------------------------------------------- thresholds


def test_a_citizen_fined_201_yuan_is_refused_with_the_reason():
    team = certified()
    with refused("fine", "200 元", "一般程序"):
        decide(team, fine="201")
    assert not PenaltyCase.objects.exists()


def test_a_citizen_fined_200_yuan_is_accepted():
    case = decide(fine="200")
    assert case.is_simple and case.amount_decided(PenaltyKind.FINE) == Decimal("200")


def test_an_organisation_up_to_3000_yuan():
    team = certified()
    unit = EstablishmentFactory()
    party = {"party_kind": PartyKind.UNIT, "establishment": unit}
    case = decide(team, fine="3000", party=party, signer_name="李四")
    assert case.establishment == unit and case.party_name == unit.name
    with refused("fine", "3,000 元"):
        decide(team, fine="3001", party=party, signer_name="李四")
    assert PenaltyCase.objects.count() == 1


def test_thresholds_are_data():
    OnSpotThreshold.objects.filter(party_type="citizen").update(fine_max=Decimal("500"))
    assert decide(fine="300").amount_decided(PenaltyKind.FINE) == Decimal("300")


def test_a_warning_alone_is_allowed_and_closes_the_case_at_once():
    case = decide(warning=True)
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.PENALISED
    assert [p.kind for p in case.penalties.all()] == [PenaltyKind.WARNING]
    assert case.closed_on == timezone.localdate()


def test_neither_warning_nor_fine_is_refused():
    with refused("fine", "警告"):
        decide(warning=False)


def test_the_clause_s_mandatory_warning_cannot_be_left_out():
    """Walk finding: a fine without the warning the clause imposes (细则第三十六条: 给予警告，
    并可处以罚款) was decided on the spot, though the ordinary procedure refuses it."""
    with refused("warning", "应当警告", "须同时处以“警告”"):
        decide(warning=False, fine="150")
    assert not PenaltyCase.objects.exists()
    assert decide(warning=True, fine="150").amount_decided(PenaltyKind.FINE) == Decimal("150")


def test_a_clause_that_imposes_a_fine_with_its_floor_cannot_be_met_on_the_spot():
    """细则第三十五条: 给予警告，并处五百元以上罚款: a warning alone lacks the fine, and 200
    yuan (a citizen's on-spot maximum) is below the clause's floor."""
    no_permit = violation("pp-no-permit")
    with refused("fine", "须同时处以“罚款”"):
        decide(warning=True, violation=no_permit)
    with refused("fine", "不得低于 500 元"):
        decide(warning=True, fine="200", violation=no_permit)
    assert not PenaltyCase.objects.exists()


def test_the_conditions_of_articles_51_and_52():
    team = certified()
    with refused("facts_confirmed", "确凿"):
        decide(team, warning=True, facts_confirmed=False)
    with refused("certificates_shown", "执法证件"):
        decide(team, warning=True, certificates_shown=False)
    with refused("officers", "两名"):
        decide(team[:1], warning=True)
    without = officers(2)
    with refused("officers", "执法证"):
        decide(without, warning=True)
    assert not PenaltyCase.objects.exists()


# ---------------------------------------------------------------- the document and its number


def test_the_number_series_is_its_own_and_gapless():
    team = certified()
    year = timezone.localdate().year
    first = decide(team, warning=True)
    with refused("fine"):
        decide(team, fine="999")  # refused: takes no number
    second = decide(team, warning=True)
    series = DocumentSeries.objects.get(code="penalty-on-spot")
    assert "当罚" in series.pattern
    assert (first.sequence, second.sequence) == (1, 2)
    assert f"当罚〔{year}〕" in first.number  # its own series, not 卫罚立
    assert second.number == first.number.replace("001号", "002号")
    assert first.decision_number == first.number
    ordinary = services.case_file(
        user=team[0],
        source="complaint",
        violation=violation(),
        occurred_on=timezone.localdate(),
        facts="投诉",
        officers=team,
        **person(),
    )
    assert ordinary.sequence == 1 and ordinary.procedure == Procedure.ORDINARY


def test_signature_stored_with_its_hashes_and_the_handing_over_as_service():
    case = decide(fine="50")
    decision = case.on_spot
    assert decision.signature and len(decision.signature_sha256) == 64
    assert len(decision.content_sha256) == 64 and decision.signed_at is not None
    service = CaseService.objects.get(case=case)
    assert service.document == "on-spot-decision" and service.method == "direct"
    assert service.served_on == case.decided_on == case.served_on


def test_refusal_to_sign_is_noted_instead():
    case = decide(warning=True, signature="", signer_name="", refusal_reason="当事人拒绝签收")
    assert not case.on_spot.signature and case.on_spot.refusal_reason == "当事人拒绝签收"
    with refused("signature"):
        decide(warning=True, signature="")


def test_the_document_prints_with_review_organ_and_court(settings):
    settings.REVIEW_ORGAN = "某某县人民政府"
    settings.COURT_NAME = "某某县人民法院"
    case = decide(fine="150")
    document = document_get("on-spot-decision")
    assert document.party_facing
    context = document.context(case)
    assert context["REVIEW_ORGAN"] == "某某县人民政府" and context["signature_url"]
    text = pdf_text(document.render(case))
    for fragment in (
        "当场行政处罚决定书",
        case.number,
        "某某县人民政府",
        "某某县人民法院",
        "六十日",
        "六个月",
        "改正违法行为（《中华人民共和国行政处罚法》第二十八条第一款）：立即对理发工具进行消毒。",
    ):
        assert fragment in text.replace(" ", "").replace("\n", ""), fragment


def test_the_correction_is_stated_or_the_decision_refused():
    """行政处罚法第二十八条: the on-spot decision orders the correction (or says how the conduct
    was corrected on the spot); without it nothing is written and no number is taken."""
    with refused("correction", "第二十八条"):
        decide(fine="150", correction="  ")
    assert not PenaltyCase.objects.exists()
    case = decide(fine="150", correction="已当场更换消毒毛巾。")
    assert case.on_spot.correction == "已当场更换消毒毛巾。"
    assert case.number.endswith("001号")


# ---------------------------------------------------------------- cash, 备案


def test_cash_on_the_spot_only_within_its_limits():
    team = certified()
    with refused("cash_reason", "一百元"):
        decide(team, fine="150", cash_reason=CashReason.SMALL, cash_receipt_number="R-1")
    with refused("cash_receipt_number", "票据"):
        decide(team, fine="80", cash_reason=CashReason.SMALL)
    case = decide(team, fine="80", cash_reason=CashReason.SMALL, cash_receipt_number="R-1")
    assert case.status == CaseStatus.CLOSED
    assert case.payments.get().receipt_number == "R-1"
    decision = case.on_spot
    assert decision.cash_due == add_working_days(case.decided_on, 2)
    assert list(simple.cash_pending()) == [decision]
    simple.simple_cash_hand_in(case=case, user=team[0], handed_in_on=timezone.localdate())
    assert list(simple.cash_pending()) == []


def test_a_fine_paid_later_waits_for_payment():
    case = decide(fine="150")
    assert case.status == CaseStatus.SERVED and case.payment_due is not None


def test_filing_with_the_organ_within_the_limit_and_listed_until_filed():
    team = certified()
    case = decide(team, warning=True)
    decision = case.on_spot
    assert decision.filing_due == add_working_days(
        case.decided_on, OnSpotRule.on(case.decided_on).filing_days
    )
    assert list(simple.filing_pending()) == [decision] and not decision.filing_overdue
    OnSpotDecision.objects.filter(pk=decision.pk).update(
        filing_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    decision.refresh_from_db()
    assert decision.filing_overdue
    simple.simple_case_file(case=case, user=team[0], filed_on=timezone.localdate())
    assert list(simple.filing_pending()) == []
    with refused("filed_on", "重复"):
        simple.simple_case_file(case=case, user=team[0], filed_on=timezone.localdate())


# ---------------------------------------------------------------- 信息卡


def _ids(kind, state, on):
    return set(card_rules.in_state(kind, state, on=on).values_list("pk", flat=True))


def test_a_simple_case_has_one_card_until_reported_and_is_late_after_5_working_days():
    team = certified()
    case = decide(team, warning=True)
    day = case.closed_on
    assert _ids(CardKind.CASE_SINGLE, card_rules.DUE, day) == {case.pk}
    assert case.pk not in _ids(CardKind.CASE_DECISION, card_rules.DUE, day)
    assert case.pk not in _ids(CardKind.CASE_CLOSURE, card_rules.DUE, day)
    last = add_working_days(day, 5)
    assert _ids(CardKind.CASE_SINGLE, card_rules.DUE, last) == {case.pk}
    after = last + datetime.timedelta(days=1)
    assert _ids(CardKind.CASE_SINGLE, card_rules.LATE, after) == {case.pk}
    card_report(kind=CardKind.CASE_SINGLE, record=case, user=team[0], reported_on=day)
    assert _ids(CardKind.CASE_SINGLE, card_rules.LATE, after) == set()
    assert _ids(CardKind.CASE_SINGLE, card_rules.REPORTED, after) == {case.pk}


def test_a_case_closed_without_a_penalty_has_its_one_card():
    team = certified()
    case = services.case_file(
        user=team[0],
        source="complaint",
        violation=violation(),
        occurred_on=timezone.localdate(),
        facts="投诉",
        officers=team,
        **person(),
    )
    PenaltyCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, outcome=CaseOutcome.NO_PENALTY, closed_on=timezone.localdate()
    )
    assert _ids(CardKind.CASE_SINGLE, card_rules.DUE, timezone.localdate()) == {case.pk}


def test_the_card_list_page_shows_the_simple_case(client, manager):
    case = decide(warning=True)
    client.force_login(manager)
    response = client.get(reverse("reports:reporting_list", kwargs={"kind": "case_single"}))
    assert response.status_code == 200 and case.number in response.content.decode()


# ---------------------------------------------------------------- the summary


def test_the_summary_counts_simple_cases_apart():
    from reports.figures.summary import summary
    from reports.scope import Period, Scope

    team = certified()
    decide(team, fine="100")
    decide(team, warning=True)
    today = timezone.localdate()
    file_case(team=team, filed_on=today, occurred_on=today)  # ordinary, its filing approved
    data = summary(Scope(Period.year(timezone.localdate().year)), compare=False)
    assert (data["cases"], data["simple_cases"], data["ordinary_cases"]) == (3, 2, 1)
    assert data["simple_fines"] == data["fines"] == 100
    assert data["ordinary_fines"] == 0


# ---------------------------------------------------------------- pages


def test_the_tablet_page_decides_once(client):
    team = certified()
    client.force_login(team[0])
    url = reverse("penalties:simple_add")
    page = client.get(url)
    assert page.status_code == 200 and "signature-pad" in page.content.decode()
    data = {
        "_submission": "simple-key-1",
        **person(),
        "place": "店内",
        "violation": violation(ON_SPOT).pk,
        "occurred_on": timezone.localdate().isoformat(),
        "facts": "毛巾未消毒重复使用",
        "facts_confirmed": "on",
        "officers": [u.pk for u in team],
        "certificates_shown": "on",
        "fine": "201",
        "signer_name": "张三",
        "signature": ink(),
    }
    refused_page = client.post(url, data)
    assert refused_page.status_code == 400 and "200 元" in refused_page.content.decode()
    data["fine"] = "200"
    alone = client.post(url, data)  # the clause's warning left out: refused on its field
    assert alone.status_code == 400 and "须同时处以“警告”" in alone.content.decode()
    data["warning"] = "on"
    missing = client.post(url, data)  # no correction (行政处罚法第二十八条): refused on its field
    assert missing.status_code == 400 and "第二十八条" in " ".join(
        missing.context["form"].errors["correction"]
    )
    # The party signed a decision now to be changed: the signature is not kept unseen.
    assert data["signature"] not in missing.content.decode()
    assert "请当事人重新签名" in missing.content.decode()
    data["correction"] = "立即对毛巾消毒。"
    response = client.post(url, data)
    assert response.status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert PenaltyCase.objects.filter(procedure=Procedure.SIMPLE).count() == 1
    case = PenaltyCase.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200
    pending = client.get(reverse("penalties:simple_pending"))
    assert case.number in pending.content.decode()


def test_a_fine_paid_later_is_executed_then_closed_without_closing_approval():
    team = certified()
    case = decide(team, fine="150")
    today = timezone.localdate()
    with refused("status"):
        simple.simple_case_close(case=case, user=team[0], done_on=today)
    services.payment_record(
        case=case,
        user=team[0],
        kind="fine",
        paid_on=today,
        amount=Decimal("150"),
        receipt_number="B-1",
    )
    services.case_execute(case=case, user=team[0], done_on=today)
    case = simple.simple_case_close(case=case, user=team[0], done_on=today)
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.PENALISED
    assert _ids(CardKind.CASE_SINGLE, card_rules.DUE, today) == {case.pk}


def test_the_on_spot_case_page_shows_no_ordinary_procedure(client):
    """Walk finding: the on-spot case page showed 立案日期, a 作出决定期限 and empty 立案,
    调查取证 and 告知 steps, as if the ordinary procedure applied."""
    case = decide(fine="100")
    client.force_login(case.created_by)
    body = client.get(case.get_absolute_url()).content.decode()
    steps = body[
        body.index('data-testid="timeline"') : body.index(
            "</ol>", body.index('data-testid="timeline"')
        )
    ]
    assert 'data-step="decided"' in steps
    assert not any(f'data-step="{s}"' in steps for s in ("filed", "investigating", "notified"))
    limits = body[body.index('id="limits"') : body.index("</section>", body.index('id="limits"'))]
    assert "作出决定期限" not in limits and "处罚日期" in body
