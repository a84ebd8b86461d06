"""ID numbers are masked everywhere by default; a user who may see full numbers sees one
only by asking for it (a POST button on the page, ``?reveal=1`` in the API and on a
penalty document), and every such view is logged — who, when, whose, from where, through
which page. The log is read in the admin and never changed or deleted."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from core.models import PersonalDataAccess
from core.validators import mask_id_number
from penalties import services as penalty_services
from penalties.choices import CaseStatus, PartyKind
from penalties.models import PenaltyCase
from premises import services
from premises.models import Practitioner
from tests.factories import PractitionerFactory, post_named, valid_id_number
from tests.penalties.factories import case_at, file_case

pytestmark = pytest.mark.django_db

FULL = "11010519491231002X"
MASKED = "1101**********002X"


@pytest.fixture
def person(establishment):
    return PractitionerFactory(establishment=establishment, name="王五", id_number=FULL)


def text(response) -> str:
    return response.content.decode()


def reveal_url(p):
    return reverse("premises:practitioner_reveal", args=[p.pk])


def xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]


def state(p):
    p = Practitioner.objects.get(pk=p.pk)
    return (p.id_number, p.updated_at, p.history.count())


# ---------------------------------------------------------------- masked by default


def test_masked_on_every_page_even_for_those_who_may_see_it(client_as, clerk, person):
    """A clerk holds 可查看完整身份证号码, and still sees the number masked by default."""
    assert clerk.has_perm("premises.view_full_id_number")
    client = client_as(clerk)
    pages = [
        reverse("premises:practitioner_list"),
        reverse("premises:practitioner_list") + "?q=王五",
        person.get_absolute_url(),
        person.establishment.get_absolute_url(),
        reverse("premises:practitioner_edit", args=[person.pk]),
    ]
    for url in pages:
        page = text(client.get(url))
        assert FULL not in page, url
    assert MASKED in text(client.get(reverse("premises:practitioner_list")))
    assert MASKED in text(client.get(person.get_absolute_url()))
    assert not PersonalDataAccess.objects.exists()


def test_the_practitioner_export_is_masked(client_as, clerk, person):
    response = client_as(clerk).get(reverse("premises:practitioner_list"), {"export": "xlsx"})
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert MASKED in cells and FULL not in cells


def test_the_api_masks_in_list_and_detail(client_as, clerk, person):
    client = client_as(clerk)
    listed = client.get(reverse("practitioner-list")).json()["results"]
    assert [p["id_number"] for p in listed] == [MASKED]
    detail = client.get(reverse("practitioner-detail", args=[person.pk]))
    assert detail.json()["id_number"] == MASKED
    assert FULL not in text(detail)
    assert not PersonalDataAccess.objects.exists()


def test_the_history_is_masked(client_as, clerk, person):
    services.practitioner_update(practitioner=person, user=clerk, id_number=valid_id_number(5))
    page = text(client_as(clerk).get(person.get_absolute_url()))
    assert FULL not in page and f"<del>{MASKED}</del>" in page


def test_the_reveal_button_is_offered_only_to_those_who_may_use_it(
    client_as, clerk, inspector, person
):
    assert reveal_url(person) in text(client_as(clerk).get(person.get_absolute_url()))
    assert reveal_url(person) not in text(client_as(inspector).get(person.get_absolute_url()))


# ---------------------------------------------------------------- revealing on the page


def test_revealing_shows_the_number_and_logs_exactly_one_view(client_as, clerk, person):
    before = state(person)
    response = client_as(clerk).post(reveal_url(person), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    page = text(response)
    assert FULL in page and "本次查看已记录" in page
    assert "no-store" in response["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert access.user == clerk and access.username == clerk.username
    assert access.content_type == ContentType.objects.get_for_model(Practitioner)
    assert access.object_id == person.pk and access.record == str(person)
    assert access.field == "id_number" and access.channel == "page"
    assert access.view_name == "premises:practitioner_reveal"
    assert access.path == reveal_url(person)
    assert access.ip_address == "10.1.2.3"
    assert state(person) == before  # the record itself is not touched


def test_revealing_twice_logs_twice(client_as, clerk, person):
    client = client_as(clerk)
    client.post(reveal_url(person))
    client.post(reveal_url(person))
    assert PersonalDataAccess.objects.count() == 2


def test_revealing_shows_the_history_in_full_too(client_as, clerk, person):
    services.practitioner_update(practitioner=person, user=clerk, id_number=valid_id_number(5))
    page = text(client_as(clerk).post(reveal_url(person)))
    assert f"<del>{FULL}</del>" in page


def test_without_the_permission_revealing_is_refused_and_nothing_logged(
    client_as, inspector, manager, person
):
    for user in (inspector, manager):
        response = client_as(user).post(reveal_url(person))
        assert response.status_code == 403
        assert FULL not in text(response)
    assert not PersonalDataAccess.objects.exists()


def test_revealing_is_a_post_only(client_as, clerk, person):
    assert client_as(clerk).get(reveal_url(person)).status_code == 405
    assert not PersonalDataAccess.objects.exists()


def test_the_edit_form_keeps_the_number_masked_and_unchanged_when_left_empty(
    client_as, clerk, person
):
    client = client_as(clerk)
    url = reverse("premises:practitioner_edit", args=[person.pk])
    response = client.get(url)
    form = response.context["form"]
    assert form["id_number"].value() in ("", None) and MASKED in text(response)
    data = {name: form[name].value() for name in form.fields}
    data.update(id_number="", post=post_named("理发师").pk, left_on="")
    data["_record_version"] = response.context.get("record_version", "")
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, response.context and response.context["form"].errors
    person.refresh_from_db()
    assert person.post.name == "理发师" and person.id_number == FULL
    # Typing a number replaces it.
    new = valid_id_number(6)
    response = client.get(url)
    data["id_number"] = new
    data["_record_version"] = response.context.get("record_version", "")
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.id_number == new
    assert not PersonalDataAccess.objects.exists()


# ---------------------------------------------------------------- revealing in the API


def test_the_api_reveals_one_record_on_request_and_logs_it(client_as, clerk, person):
    url = reverse("practitioner-detail", args=[person.pk])
    response = client_as(clerk).get(url, {"reveal": "1"})
    assert response.status_code == 200 and response.json()["id_number"] == FULL
    assert "no-store" in response["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.object_id, access.channel) == (clerk, person.pk, "api")
    assert access.view_name == "practitioner-detail" and access.field == "id_number"
    assert access.path == f"{url}?reveal=1" and access.ip_address == "127.0.0.1"


def test_the_api_refuses_reveal_without_the_permission_and_logs_nothing(
    client_as, inspector, person
):
    url = reverse("practitioner-detail", args=[person.pk])
    response = client_as(inspector).get(url, {"reveal": "1"})
    assert response.status_code == 403 and FULL not in text(response)
    assert not PersonalDataAccess.objects.exists()


def test_the_api_never_reveals_a_list(client_as, clerk, person):
    response = client_as(clerk).get(reverse("practitioner-list"), {"reveal": "1"})
    assert response.status_code == 400 and "reveal" in response.json()
    assert FULL not in text(response)
    assert not PersonalDataAccess.objects.exists()


def test_the_api_masks_what_it_answers_to_a_write(client_as, clerk, establishment):
    payload = {
        "establishment": establishment.pk,
        "name": "赵六",
        "sex": "M",
        "post": "厨师",
        "id_number": FULL,
        "hired_on": "2022-01-01",
    }
    response = client_as(clerk).post(
        reverse("practitioner-list"), payload, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["id_number"] == MASKED


def test_the_schema_documents_the_reveal_parameter(client_as, clerk):
    schema = client_as(clerk).get(reverse("api_schema"), {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/practitioners/{id}/"]["get"]["parameters"]
    assert "reveal" in [p["name"] for p in parameters]


# ---------------------------------------------------------------- penalty cases


@pytest.fixture
def person_case():
    return case_at(
        CaseStatus.DECIDED,
        party_kind=PartyKind.PERSON,
        party_name="钱某",
        party_code=FULL,
        party_address="城关镇幸福路 3 号",
    )


def case_reveal_url(case):
    return reverse("penalties:case_reveal", args=[case.pk])


def test_a_cases_party_number_is_masked_and_revealed_on_request(client_as, clerk, person_case):
    client = client_as(clerk)
    page = text(client.get(person_case.get_absolute_url()))
    assert FULL not in page and MASKED in page and case_reveal_url(person_case) in page
    response = client.post(case_reveal_url(person_case))
    assert response.status_code == 200 and FULL in text(response)
    access = PersonalDataAccess.objects.get()
    assert access.content_type == ContentType.objects.get_for_model(PenaltyCase)
    assert (access.object_id, access.field, access.user) == (person_case.pk, "party_code", clerk)
    assert access.view_name == "penalties:case_reveal"


def test_a_case_reveal_is_refused_without_the_permission(client_as, manager, person_case):
    assert client_as(manager).post(case_reveal_url(person_case)).status_code == 403
    assert case_reveal_url(person_case) not in text(
        client_as(manager).get(person_case.get_absolute_url())
    )
    assert not PersonalDataAccess.objects.exists()


def test_a_units_credit_code_is_not_personal_data(client_as, clerk):
    case = file_case()
    page = text(client_as(clerk).get(case.get_absolute_url()))
    assert case.party_code in page and case_reveal_url(case) not in page
    assert client_as(clerk).post(case_reveal_url(case)).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_a_corrected_number_is_masked_in_the_page_and_the_api(client_as, clerk, manager):
    case = case_at(
        CaseStatus.DECIDED,
        party_kind=PartyKind.PERSON,
        party_name="钱某",
        party_code=valid_id_number(7),
        party_address="城关镇幸福路 3 号",
    )
    old = case.party_code
    penalty_services.case_amend(case=case, user=manager, reason="号码有误", party_code=FULL)
    client = client_as(clerk)
    for response in (
        client.get(case.get_absolute_url()),
        client.get(reverse("case-detail", args=[case.pk])),
    ):
        assert FULL not in text(response) and old not in text(response)
    detail = client.get(reverse("case-detail", args=[case.pk]), {"reveal": "1"}).json()
    assert detail["party_code"] == FULL
    assert detail["amendments"][0]["changes"]["party_code"] == {"before": old, "after": FULL}
    assert PersonalDataAccess.objects.get().channel == "api"


def test_case_documents_print_the_full_number_only_on_request(client_as, clerk, person_case):
    # The case page's table of documents links each one of the registry by its slug.
    url = reverse("penalties:case_document", args=[person_case.pk, "decision"])
    client = client_as(clerk)
    assert client.get(url).status_code == 200
    assert not PersonalDataAccess.objects.exists()
    page = text(client.get(person_case.get_absolute_url()))
    assert f"{url}?reveal=1" in page
    response = client.get(url, {"reveal": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    access = PersonalDataAccess.objects.get()
    assert (access.channel, access.view_name) == ("pdf", "penalties:case_document")
    # The filing form is internal: always masked, so asking for more logs nothing.
    filing = reverse("penalties:case_document", args=[person_case.pk, "filing"])
    assert f"{filing}?reveal=1" not in page
    assert client.get(filing, {"reveal": "1"}).status_code == 200
    assert PersonalDataAccess.objects.count() == 1


def test_case_documents_refuse_reveal_without_the_permission(client_as, inspector, person_case):
    url = reverse("penalties:case_notice_pdf", args=[person_case.pk])
    assert client_as(inspector).get(url, {"reveal": "1"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_the_amend_page_masks_the_number_for_everyone(client_as, manager, person_case):
    """Even for a reviewer who may also see full numbers: typing corrects, empty keeps."""
    manager.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    manager = type(manager).objects.get(pk=manager.pk)
    assert manager.has_perm("premises.view_full_id_number")
    response = client_as(manager).get(reverse("penalties:case_amend", args=[person_case.pk]))
    assert response.status_code == 200
    assert FULL not in text(response) and MASKED in text(response)


# ---------------------------------------------------------------- the admin


def test_the_admin_shows_numbers_masked(client_as, administrator, clerk, person, person_case):
    new = valid_id_number(5)
    services.practitioner_update(practitioner=person, user=clerk, id_number=new)
    client = client_as(administrator)
    pages = [
        reverse("admin:premises_practitioner_change", args=[person.pk]),
        reverse("admin:premises_practitioner_history", args=[person.pk]),
        reverse("admin:premises_practitioner_changelist"),
        reverse("admin:penalties_penaltycase_change", args=[person_case.pk]),
        reverse("admin:penalties_penaltycase_history", args=[person_case.pk]),
    ]
    for obj, name in ((person, "premises_practitioner"), (person_case, "penalties_penaltycase")):
        record = obj.history.earliest("history_date")
        pages.append(reverse(f"admin:{name}_simple_history", args=[obj.pk, record.history_id]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert FULL not in text(response) and new not in text(response), url
    assert mask_id_number(new) in text(client.get(pages[0]))
    assert MASKED in text(client.get(pages[3]))
    history = text(client.get(pages[1]))  # the change of number, masked on both sides
    assert MASKED in history and mask_id_number(new) in history


def test_a_practitioner_added_in_the_admin_is_given_a_number(client_as, administrator):
    response = client_as(administrator).get(reverse("admin:premises_practitioner_add"))
    assert 'name="id_number"' in text(response)


# ---------------------------------------------------------------- the log itself


def test_administrators_read_the_log_in_the_admin(client_as, administrator, clerk, person):
    client_as(clerk).post(reveal_url(person))
    access = PersonalDataAccess.objects.get()
    client = client_as(administrator)
    listing = client.get(reverse("admin:core_personaldataaccess_changelist"))
    assert listing.status_code == 200 and clerk.username in text(listing)
    change = client.get(reverse("admin:core_personaldataaccess_change", args=[access.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in text(change)  # shown, not editable
    assert client.get(reverse("admin:core_personaldataaccess_add")).status_code == 403
    delete = reverse("admin:core_personaldataaccess_delete", args=[access.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:core_personaldataaccess_changelist"),
        {"action": "delete_selected", "_selected_action": [access.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert PersonalDataAccess.objects.filter(pk=access.pk).exists()
    assert (
        client_as(clerk).get(reverse("admin:core_personaldataaccess_changelist")).status_code == 403
    )


def test_nobody_can_change_or_delete_the_log(clerk, person):
    from django.test import RequestFactory

    from core.personal_data import record_access

    request = RequestFactory().post("/")
    request.user = clerk
    access = record_access(request, person, field="id_number", channel="page")
    access.field = "name"
    with pytest.raises(PermissionDenied):
        access.save()
    with pytest.raises(PermissionDenied):
        access.delete()
    with pytest.raises(PermissionDenied):
        PersonalDataAccess.objects.all().delete()
    with pytest.raises(PermissionDenied):
        PersonalDataAccess.objects.update(field="x")
    assert PersonalDataAccess.objects.get().field == "id_number"
    # The only permission there is: reading, given to administrators.
    codenames = set(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(PersonalDataAccess)
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_personaldataaccess"}
    granted = Group.objects.filter(permissions__codename="view_personaldataaccess")
    assert list(granted.values_list("name", flat=True)) == ["administrator"]


def test_a_removed_account_leaves_its_views_logged_by_name(client_as, person):
    from tests.factories import UserFactory

    user = UserFactory(username="clerk_gone", role="clerk")
    client_as(user).post(reveal_url(person))
    user.delete()
    access = PersonalDataAccess.objects.get()
    assert access.user is None and access.username == "clerk_gone"
