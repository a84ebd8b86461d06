"""The pages of the evidence measures: 先行登记保存 requested with its item rows, taken after
the 负责人's approval, decided on item by item; a sample attached; a transfer; a case's
询问笔录 made and opened for editing; the case page shows them and links their documents."""

import pytest
from django.urls import reverse

from inspections.models import OnSiteRecord
from penalties.models import CaseEvidence, EvidencePreservation
from tests.inspections.factories import pool_unit, record
from tests.penalties.factories import approve, days_ago, file_case
from tests.penalties.test_evidence_provenance import pool_sample

pytestmark = pytest.mark.django_db


def items_data(rows):
    data = {
        "items-TOTAL_FORMS": str(len(rows) + 1),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{n}-{key}"] = value
    return data


def test_preservation_request_take_and_dispose_through_the_pages(client_as):
    case = file_case()
    officer = case.officers.first()
    client = client_as(officer)
    url = reverse("penalties:preservation_add", args=[case.pk])
    assert client.get(url).status_code == 200
    base = {
        "requested_on": days_ago(50).isoformat(),
        "reason": "证据可能被转移",
        "place_kept": "当事人仓库",
        "officers": [u.pk for u in case.officers.all()],
    }
    # An item without its unit: refused on the page in Chinese, nothing written.
    bad = client.post(url, {**base, **items_data([{"name": "注射器", "quantity": "10"}])})
    assert bad.status_code == 400 and "请填写单位" in bad.content.decode()
    assert not EvidencePreservation.objects.exists()
    good = client.post(
        url,
        {
            **base,
            **items_data(
                [{"name": "注射器", "quantity": "10", "unit": "支", "batch_number": "B1"}]
            ),
        },
    )
    assert good.status_code == 302
    preservation = EvidencePreservation.objects.get()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "待负责人批准" in page and "注射器 10支" in page
    approve(preservation.approval, on=days_ago(50))
    take = reverse("penalties:preservation_take", args=[preservation.pk])
    assert (
        client.post(
            take, {"taken_on": days_ago(50).isoformat(), "party_signer": "张三"}
        ).status_code
        == 302
    )
    preservation.refresh_from_db()
    assert preservation.number
    page = client.get(case.get_absolute_url()).content.decode()
    assert preservation.number in page and 'data-testid="preservation-overdue"' in page
    item = preservation.items.get()
    dispose = reverse("penalties:preservation_dispose", args=[preservation.pk])
    assert client.get(dispose).status_code == 200
    response = client.post(
        dispose, {"disposed_on": days_ago(48).isoformat(), f"item_{item.pk}": "return"}
    )
    assert response.status_code == 302
    preservation.refresh_from_db()
    assert preservation.disposal_number
    assert client.get(reverse("penalties:preservation_due")).status_code == 200


def test_a_sample_is_attached_from_the_case_page(client_as):
    inspection = record(establishment=pool_unit())
    case = file_case(
        source="inspection",
        inspection=inspection,
        establishment=inspection.establishment,
        occurred_on=days_ago(2),
        filed_on=days_ago(1),
    )
    sample = pool_sample(inspection)
    client = client_as(case.officers.first())
    url = reverse("penalties:evidence_samples", args=[case.pk])
    assert sample.sample_type in client.get(url).content.decode()
    assert client.post(url, {"samples": [sample.pk]}).status_code == 302
    evidence = CaseEvidence.objects.get()
    assert evidence.sample == sample
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="collectors"' in page and "检测样品" in page


def test_a_case_interview_is_made_and_opened_for_editing(client_as, inspector):
    case = file_case(team=[inspector, *file_case().officers.all()[:1]])
    client = client_as(inspector)
    url = reverse("penalties:interview_add", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "started_at": days_ago(1).strftime("%Y-%m-%dT10:00"),
            "place": "本机关询问室",
            "officers": [u.pk for u in case.officers.all()],
        },
    )
    made = OnSiteRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:record_edit", args=[made.pk])
    assert made.case_link.case == case
    detail = client.get(reverse("inspections:record_detail", args=[made.pk])).content.decode()
    assert case.number in detail
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="records"' in page
