"""The registry's rules: credit codes, status history, "in scope during a year"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from premises import services
from premises.choices import EstablishmentStatus, StatusChangeKind
from premises.models import Category, Establishment
from tests.factories import (
    EstablishmentFactory,
    PractitionerFactory,
    kind,
    post_named,
    valid_credit_code,
    valid_id_number,
)

D = datetime.date


def create(clerk, township, **overrides):
    fields = {
        "name": "悦来宾馆",
        "credit_code": "91350100M000100Y43",
        "legal_representative": "王五",
        "address": "解放路1号",
        "township": township,
        "category": kind("pp.lodging.hotel"),
    }
    fields.update(overrides)
    opened_on = fields.pop("opened_on", D(2020, 1, 1))
    return services.establishment_create(user=clerk, opened_on=opened_on, **fields)


def test_create_records_opening_and_history(clerk, township):
    unit = create(clerk, township, credit_code="91350100m000100y43")
    assert unit.credit_code == "91350100M000100Y43"  # normalised
    assert unit.status == EstablishmentStatus.OPERATING
    assert [(c.kind, c.date) for c in unit.status_changes.all()] == [
        (StatusChangeKind.OPENED, D(2020, 1, 1))
    ]
    record = unit.history.get()
    assert record.history_user == clerk and record.history_type == "+"


def test_wrong_credit_code_names_the_field(clerk, township):
    with pytest.raises(ValidationError) as exc:
        create(clerk, township, credit_code="91350100M000100Y44")
    assert "credit_code" in exc.value.message_dict
    assert Establishment.objects.count() == 0


def test_credit_code_unique_among_open_units_only(clerk, township):
    first = create(clerk, township)
    with pytest.raises(ValidationError) as exc:
        create(clerk, township, name="另一家")
    assert "悦来宾馆" in exc.value.message_dict["credit_code"][0]
    services.establishment_change_status(
        establishment=first, kind=StatusChangeKind.CLOSED, date=D(2023, 5, 1), user=clerk
    )
    successor = create(clerk, township, name="新悦来宾馆", opened_on=D(2023, 6, 1))
    assert successor.pk != first.pk
    # The closed unit cannot re-open while its code is in use by an open one.
    with pytest.raises(ValidationError) as exc:
        services.establishment_change_status(
            establishment=first, kind=StatusChangeKind.OPENED, date=D(2024, 1, 1), user=clerk
        )
    assert "credit_code" in exc.value.message_dict


def test_category_must_be_a_kind(clerk, township):
    with pytest.raises(ValidationError) as exc:
        create(clerk, township, category=Category.objects.get(code="pp.lodging"))
    assert "category" in exc.value.message_dict


def test_status_changes_follow_the_allowed_sequence(clerk, township):
    unit = create(clerk, township)
    with pytest.raises(ValidationError) as exc:
        services.establishment_change_status(
            establishment=unit, kind=StatusChangeKind.RESUMED, date=D(2021, 1, 1), user=clerk
        )
    assert "不能办理“复业”" in exc.value.message_dict["kind"][0]
    services.establishment_change_status(
        establishment=unit,
        kind=StatusChangeKind.SUSPENDED,
        date=D(2021, 1, 1),
        user=clerk,
        reason="装修",
    )
    with pytest.raises(ValidationError) as exc:
        services.establishment_change_status(
            establishment=unit, kind=StatusChangeKind.RESUMED, date=D(2020, 12, 1), user=clerk
        )
    assert "不能早于上一次状态变更" in exc.value.message_dict["date"][0]
    services.establishment_change_status(
        establishment=unit, kind=StatusChangeKind.CLOSED, date=D(2021, 6, 1), user=clerk
    )
    unit.refresh_from_db()
    assert unit.status == EstablishmentStatus.CLOSED and unit.closed_on == D(2021, 6, 1)
    assert [c.kind for c in unit.status_changes.all()] == ["opened", "suspended", "closed"]
    assert unit.history.count() == 3  # created, suspended, closed


def test_status_change_cannot_be_in_the_future(clerk, township):
    unit = create(clerk, township)
    with pytest.raises(ValidationError) as exc:
        services.establishment_change_status(
            establishment=unit,
            kind=StatusChangeKind.CLOSED,
            date=datetime.date.today() + datetime.timedelta(days=1),
            user=clerk,
        )
    assert "date" in exc.value.message_dict


@pytest.mark.parametrize(
    ("history", "in_2024"),
    [
        ([("opened", D(2019, 3, 1))], True),
        ([("opened", D(2024, 12, 31))], True),  # opened on the last day
        ([("opened", D(2025, 1, 1))], False),  # opened after the year
        ([("opened", D(2019, 3, 1)), ("closed", D(2023, 12, 31))], False),
        ([("opened", D(2019, 3, 1)), ("closed", D(2024, 1, 1))], True),  # closed during the year
        ([("opened", D(2019, 3, 1)), ("suspended", D(2023, 6, 1))], False),  # suspended all year
        (
            [("opened", D(2019, 3, 1)), ("suspended", D(2023, 6, 1)), ("resumed", D(2024, 8, 1))],
            True,
        ),
        ([("opened", D(2019, 3, 1)), ("suspended", D(2024, 2, 1))], True),
        ([("opened", D(2015, 1, 1)), ("closed", D(2018, 1, 1)), ("opened", D(2024, 5, 1))], True),
    ],
)
def test_in_scope_during_a_year(clerk, township, history, in_2024):
    first_kind, first_date = history[0]
    unit = (
        create(clerk, township, opened_on=first_date)
        if first_date <= datetime.date.today()
        else None
    )
    if unit is None:
        unit = EstablishmentFactory(opened_on=first_date)
    for change_kind, date in history[1:]:
        services.establishment_change_status(
            establishment=unit, kind=change_kind, date=date, user=clerk
        )
    assert Establishment.objects.in_scope(2024).filter(pk=unit.pk).exists() is in_2024


def test_in_scope_counts_each_unit_once_in_one_query(django_assert_num_queries, township):
    EstablishmentFactory.create_batch(3, township=township, opened_on=D(2020, 1, 1))
    EstablishmentFactory(township=township, opened_on=D(2025, 2, 1))
    with django_assert_num_queries(1):
        assert Establishment.objects.in_scope(2024).count() == 3


def test_practitioner_rules(clerk, establishment):
    number = valid_id_number()
    services.practitioner_create(
        user=clerk,
        establishment=establishment,
        name="李四",
        sex="F",
        post=post_named("美发师"),
        id_number=number,
        hired_on=D(2022, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.practitioner_create(
            user=clerk,
            establishment=establishment,
            name="李四",
            sex="F",
            post=post_named("美发师"),
            id_number=number,
            hired_on=D(2022, 2, 1),
        )
    assert "id_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.practitioner_create(
            user=clerk,
            establishment=establishment,
            name="王五",
            sex="M",
            post=post_named("前台接待"),
            id_number="110105194912310021",
            hired_on=D(2022, 3, 1),
            left_on=D(2022, 1, 1),
        )
    assert set(exc.value.message_dict) == {"id_number", "left_on"}


def test_practitioners_employed_on_a_day(establishment):
    PractitionerFactory(establishment=establishment, hired_on=D(2020, 1, 1))
    PractitionerFactory(establishment=establishment, hired_on=D(2020, 1, 1), left_on=D(2023, 1, 1))
    PractitionerFactory(establishment=establishment, hired_on=D(2024, 6, 1))
    assert establishment.practitioners.employed_on(D(2022, 6, 1)).count() == 2
    assert establishment.practitioners.employed_on(D(2024, 7, 1)).count() == 2


def test_database_rejects_a_second_open_unit_with_the_same_code(township):
    """The constraint holds even when validation is bypassed (a race between two clerks)."""
    from django.db import IntegrityError, transaction

    code = valid_credit_code()
    EstablishmentFactory(credit_code=code, township=township)
    with pytest.raises(IntegrityError), transaction.atomic():
        Establishment.objects.create(
            name="x",
            credit_code=code,
            legal_representative="x",
            address="x",
            township=township,
            category=kind(),
            opened_on=D(2020, 1, 1),
        )


def test_a_credit_code_taken_by_an_open_unit_is_reported_on_the_credit_code_field(establishment):
    """The constraint behind it is conditional (open units only); the message still names
    the field, also when it is the model validation that catches it (two clerks at once)."""
    twin = Establishment(
        name="另一家理发店",
        credit_code=establishment.credit_code,
        legal_representative="李四",
        address="解放路 8 号",
        township=establishment.township,
        category=establishment.category,
        opened_on=establishment.opened_on,
    )
    with pytest.raises(ValidationError) as caught:
        twin.validate_constraints()  # what full_clean() runs after clean()
    assert caught.value.message_dict == {"credit_code": ["已有使用该统一社会信用代码的在营单位。"]}
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert "__all__" not in caught.value.message_dict
    assert "credit_code" in caught.value.message_dict


def _spans(unit):
    return [(c.kind, c.date, c.until) for c in unit.status_changes.order_by("date", "id")]


def test_each_change_knows_the_date_of_the_next(clerk, township):
    """``until`` (what "in scope during a period" reads) follows the recorded changes."""
    unit = create(clerk, township, opened_on=D(2020, 1, 1))
    for change, day in ((StatusChangeKind.SUSPENDED, D(2021, 3, 1)),
                        (StatusChangeKind.RESUMED, D(2021, 9, 1))):  # fmt: skip
        services.establishment_change_status(establishment=unit, kind=change, date=day, user=clerk)
    assert _spans(unit) == [
        (StatusChangeKind.OPENED, D(2020, 1, 1), D(2021, 3, 1)),
        (StatusChangeKind.SUSPENDED, D(2021, 3, 1), D(2021, 9, 1)),
        (StatusChangeKind.RESUMED, D(2021, 9, 1), None),
    ]
    assert set(Establishment.objects.in_period(D(2021, 4, 1), D(2021, 8, 31))) == set()
    assert set(Establishment.objects.in_period(D(2021, 4, 1), D(2021, 9, 1))) == {unit}

    unit.status_changes.get(kind=StatusChangeKind.SUSPENDED).delete()  # e.g. in the admin
    assert _spans(unit) == [
        (StatusChangeKind.OPENED, D(2020, 1, 1), D(2021, 9, 1)),
        (StatusChangeKind.RESUMED, D(2021, 9, 1), None),
    ]
    assert set(Establishment.objects.in_period(D(2021, 4, 1), D(2021, 8, 31))) == {unit}


def test_changes_written_in_bulk_or_in_sql_are_linked_too(township):
    from django.db import connection

    from premises.models import EstablishmentStatusChange

    unit = EstablishmentFactory(township=township, opened_on=D(2020, 1, 1))
    EstablishmentStatusChange.objects.bulk_create(
        [
            EstablishmentStatusChange(
                establishment=unit, kind=StatusChangeKind.CLOSED, date=D(2022, 2, 2)
            )
        ]
    )
    assert [c[2] for c in _spans(unit)] == [D(2022, 2, 2), None]
    assert set(Establishment.objects.in_period(D(2023, 1, 1), D(2023, 12, 31))) == set()

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO premises_establishmentstatuschange "
            "(establishment_id, kind, date, reason, recorded_at) VALUES (%s, %s, %s, '', %s)",
            [unit.pk, StatusChangeKind.OPENED, D(2023, 6, 1), timezone.now()],
        )
    assert [c[2] for c in _spans(unit)] == [D(2022, 2, 2), D(2023, 6, 1), None]
    assert set(Establishment.objects.in_period(D(2023, 1, 1), D(2023, 12, 31))) == {unit}

    unit.status_changes.filter(kind=StatusChangeKind.CLOSED).update(date=D(2024, 2, 2))
    assert [c[2] for c in _spans(unit)] == [D(2023, 6, 1), D(2024, 2, 2), None]
