"""Demo subjects without a credit code (issue #18): a village and a community (健康促进),
a family (健康家庭) and a person found practising without a licence (无证行医). Called by
``seed_demo``; the person's case is added by ``seed_demo_activity``."""

import datetime

from premises import services
from premises.choices import Sex, SubjectKind
from premises.models import Category, Establishment, Township

# The demo person's ID number: a valid check character (GB 11643), a made-up person.
DEMO_PERSON_ID = "360922197503120014"
DEMO_PERSON_NAME = "周某某"


def load_subjects(user) -> int:
    """The demo's subjects without a credit code, in the first two townships."""
    townships = list(Township.objects.order_by("order", "code")[:2])
    if not townships:
        return 0
    kinds = {c.code: c for c in Category.objects.kinds()}
    first, second = townships[0], townships[-1]
    opened = datetime.date(2023, 1, 1)
    rows = [
        dict(
            subject_kind=SubjectKind.VILLAGE,
            name=f"{second.name}桥头村",
            legal_representative="刘建国",
            village_code=f"{second.code}201",
            address=f"{second.name}桥头村村委会",
            township=second,
            category=kinds["hp.setting.village"],
        ),
        dict(
            subject_kind=SubjectKind.COMMUNITY,
            name=f"{first.name}东门社区",
            legal_representative="陈丽",
            address=f"{first.name}东门路18号",
            township=first,
            category=kinds["hp.setting.community"],
        ),
        dict(
            subject_kind=SubjectKind.FAMILY,
            name="李家（健康家庭）",
            legal_representative="李卫东",
            address=f"{first.name}东门社区3栋201室",
            township=first,
            category=kinds["hp.setting.family"],
        ),
        dict(
            subject_kind=SubjectKind.PERSON,
            name=DEMO_PERSON_NAME,
            id_number=DEMO_PERSON_ID,
            sex=Sex.MALE,
            address=f"{second.name}桥头村5组12号",
            township=second,
            category=kinds["md.illegal.unlicensed"],
            notes="群众举报在家中为村民输液、开药，未取得医师资格和医疗机构执业许可证。",
        ),
    ]
    made = 0
    for row in rows:
        if Establishment.objects.filter(name=row["name"]).exists():
            continue  # idempotent
        services.establishment_create(user=user, opened_on=opened, **row)
        made += 1
    return made
