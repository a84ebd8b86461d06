"""Factories that build valid registry records, the way the services would."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.validators import CREDIT_CODE_ALPHABET, credit_code_check_char, id_number_check_char
from premises.choices import EstablishmentStatus, Sex, StatusChangeKind
from premises.models import (
    Category,
    Establishment,
    EstablishmentStatusChange,
    Post,
    Practitioner,
    Township,
)

_serial = itertools.count(1)


def valid_credit_code(n: int | None = None) -> str:
    """A code with a correct check character; distinct for each n."""
    n = next(_serial) if n is None else n
    body = ""
    for _ in range(9):
        n, r = divmod(n, len(CREDIT_CODE_ALPHABET))
        body = CREDIT_CODE_ALPHABET[r] + body
    first17 = "92360922" + body
    return first17 + credit_code_check_char(first17)


def valid_id_number(n: int | None = None, birth=datetime.date(1990, 5, 17)) -> str:
    n = next(_serial) if n is None else n
    first17 = f"360922{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pass-12345")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"360922{n:03d}")
    name = factory.Sequence(lambda n: f"测试镇{n}")


def kind(code="pp.bathing.barber") -> Category:
    return Category.objects.get(code=code)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    """A unit with its opening recorded as a status change, as establishment_create does."""

    class Meta:
        model = Establishment
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试理发店{n}")
    credit_code = factory.LazyFunction(valid_credit_code)
    legal_representative = "张三"
    address = factory.Sequence(lambda n: f"解放路{n}号")
    township = factory.SubFactory(TownshipFactory)
    phone = "0795-8888888"
    category = factory.LazyFunction(kind)
    status = EstablishmentStatus.OPERATING
    opened_on = datetime.date(2020, 1, 1)

    @factory.post_generation
    def opening(self, create, extracted, **kwargs):
        if create:
            EstablishmentStatusChange.objects.create(
                establishment=self, kind=StatusChangeKind.OPENED, date=self.opened_on
            )


def post_named(name: str, *, serves_customers: bool = True) -> Post:
    """The post of the post table of that name (premises migration 0014 ships 美发师, 会计
    ...), made when missing (a flushed database)."""
    return Post.objects.get_or_create(name=name, defaults={"serves_customers": serves_customers})[0]


class PractitionerFactory(factory.django.DjangoModelFactory):
    """``post`` may be given by name; ``serves_customers=False`` gives a post that does not
    serve customers (会计)."""

    class Meta:
        model = Practitioner

    class Params:
        serves_customers = True

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"从业者{n}")
    sex = Sex.FEMALE
    post = factory.LazyAttribute(
        lambda o: (
            post_named("美发师")
            if o.serves_customers
            else post_named("会计", serves_customers=False)
        )
    )
    id_number = factory.LazyFunction(valid_id_number)
    hired_on = datetime.date(2021, 3, 1)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("post"), str):
            kwargs["post"] = post_named(kwargs["post"])
        return kwargs
