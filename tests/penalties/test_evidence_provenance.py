"""Evidence keeps its hash and who collected it when; a sample of the linked inspection is
evidence without uploading anything (its results against GB 37488), once per case."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inspections import services as inspection_services
from inspections.models import StandardLimit
from penalties import services
from penalties.choices import CaseSource, EvidenceKind
from penalties.models import CaseEvidence
from penalties.services.evidence import case_samples, evidence_attach_sample
from tests.inspections.factories import pool_unit, record
from tests.penalties.factories import PDF_BYTES, days_ago, evidence_pdf, file_case

pytestmark = pytest.mark.django_db


def limit(parameter):
    return StandardLimit.objects.get(sample_type="游泳池水", parameter=parameter)


def pool_sample(inspection, *, ph="8.6"):
    return inspection_services.sample_record(
        inspection=inspection,
        sample_type="游泳池水",
        taken_at=inspection.inspected_at,
        results=[(limit("pH"), Decimal(ph), None)],
        location="深水区",
        user=inspection.recorded_by,
    )


@pytest.fixture
def pool_case():
    inspection = record(establishment=pool_unit())
    case = file_case(
        source=CaseSource.INSPECTION,
        inspection=inspection,
        establishment=inspection.establishment,
        occurred_on=days_ago(2),
        filed_on=days_ago(1),
    )
    return case, inspection


def test_an_uploaded_file_keeps_its_sha256_and_its_collectors():
    case = file_case()
    team = list(case.officers.all())
    evidence = services.evidence_add(
        case=case,
        user=case.created_by,
        kind=EvidenceKind.RECORD,
        title="现场笔录",
        collected_on=days_ago(59),
        upload=evidence_pdf(),
    )
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.sha256 == hashlib.sha256(evidence.file.read()).hexdigest()
    # No collectors given: the case's officers took it; the uploader is kept apart.
    assert set(evidence.collectors.all()) == set(team)
    assert evidence.uploaded_by == case.created_by and evidence.uploaded_at


def test_collectors_are_two_officers_on_the_roster():
    case = file_case()
    one = case.officers.first()
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            case=case,
            user=one,
            kind=EvidenceKind.WITNESS,
            title="证人证言",
            collected_on=days_ago(59),
            collectors=[one],
        )
    assert "两名以上" in refused.value.message_dict["collectors"][0]
    assert not CaseEvidence.objects.exists()


def test_a_failing_pool_sample_is_evidence_once_with_its_results(pool_case):
    case, inspection = pool_case
    sample = pool_sample(inspection)
    assert list(case_samples(case)) == [sample]
    evidence = evidence_attach_sample(case=case, sample=sample, user=case.created_by)
    assert evidence.sample == sample and evidence.kind == EvidenceKind.PHYSICAL
    assert evidence.file.name == ""  # nothing uploaded again
    assert "pH 8.6" in evidence.note and "GB 37488" in evidence.note and "不合格" in evidence.note
    assert set(evidence.collectors.all()) == set(inspection.inspectors.all())
    assert evidence.collected_at is not None
    # The same sample again: the evidence already there.
    assert evidence_attach_sample(case=case, sample=sample, user=case.created_by) == evidence
    assert CaseEvidence.objects.filter(case=case).count() == 1
    assert list(case_samples(case)) == []


def test_a_sample_of_another_unit_is_refused(pool_case):
    _, inspection = pool_case
    sample = pool_sample(inspection)
    other = file_case()
    with pytest.raises(ValidationError) as refused:
        evidence_attach_sample(case=other, sample=sample, user=other.created_by)
    assert "不是本案当事人" in refused.value.message_dict["sample"][0]
    assert not CaseEvidence.objects.exists()
