"""A penalty case linked to the complaint (投诉举报) it grew from: made by who handles the
complaint, for a case of the unit it names, shown on the complaint's page; a complaint
with a case is corrected, never voided."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.models.complaints import ComplaintSource
from inspections.services import complaints as complaint_services
from penalties.models import CaseComplaint
from penalties.services.complaints import case_complaint_link
from tests.factories import EstablishmentFactory
from tests.penalties.factories import file_case

pytestmark = pytest.mark.django_db


def complaint_of(unit, clerk, manager, officer):
    complaint = complaint_services.complaint_register(
        user=clerk,
        received_at=timezone.now() - timezone.timedelta(days=3),
        source=ComplaintSource.PHONE,
        establishment=unit,
        content="无证经营。",
        anonymous=True,
    )
    return complaint_services.complaint_assign(
        user=manager, complaint=complaint, assigned_to=officer
    )


def test_the_officer_links_the_case_of_the_unit_and_the_page_shows_it(clerk, manager):
    case = file_case()
    officer = case.officers.first()
    complaint = complaint_of(case.establishment, clerk, manager, officer)
    other_unit_case = file_case(establishment=EstablishmentFactory())
    with pytest.raises(ValidationError):
        case_complaint_link(user=officer, complaint=complaint, case=other_unit_case)
    with pytest.raises(PermissionDenied):
        case_complaint_link(user=clerk, complaint=complaint, case=case)
    case_complaint_link(user=officer, complaint=complaint, case=case)
    with pytest.raises(ValidationError):  # once
        case_complaint_link(user=officer, complaint=complaint, case=case)
    assert CaseComplaint.objects.get().linked_by == officer
    client = Client()
    client.force_login(manager)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert case.number in page
    # A complaint a case grew from is not voided.
    with pytest.raises(ValidationError) as refused:
        complaint_services.complaint_void(user=manager, complaint=complaint, reason="重复")
    assert case.number in str(refused.value)


def test_the_link_page(clerk, manager):
    case = file_case()
    officer = case.officers.first()
    complaint = complaint_of(case.establishment, clerk, manager, officer)
    client = Client()
    client.force_login(officer)
    url = reverse("penalties:complaint_case_link", args=[complaint.pk])
    form = client.get(url)
    assert form.status_code == 200 and case.number in form.content.decode()
    done = client.post(url, {"case": case.pk})
    assert done.status_code == 302
    assert CaseComplaint.objects.filter(case=case, complaint=complaint).exists()
