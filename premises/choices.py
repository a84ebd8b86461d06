from django.db import models


class EstablishmentStatus(models.TextChoices):
    OPERATING = "operating", "营业"
    SUSPENDED = "suspended", "停业"
    CLOSED = "closed", "已关闭"


class StatusChangeKind(models.TextChoices):
    OPENED = "opened", "开业"
    SUSPENDED = "suspended", "停业"
    RESUMED = "resumed", "复业"
    CLOSED = "closed", "关闭（注销）"


# The status a unit has after each kind of change.
STATUS_AFTER = {
    StatusChangeKind.OPENED: EstablishmentStatus.OPERATING,
    StatusChangeKind.SUSPENDED: EstablishmentStatus.SUSPENDED,
    StatusChangeKind.RESUMED: EstablishmentStatus.OPERATING,
    StatusChangeKind.CLOSED: EstablishmentStatus.CLOSED,
}

# Which change may follow which status ("None": a unit with no history yet).
ALLOWED_CHANGES = {
    None: {StatusChangeKind.OPENED},
    EstablishmentStatus.OPERATING: {StatusChangeKind.SUSPENDED, StatusChangeKind.CLOSED},
    EstablishmentStatus.SUSPENDED: {StatusChangeKind.RESUMED, StatusChangeKind.CLOSED},
    EstablishmentStatus.CLOSED: {StatusChangeKind.OPENED},
}


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class SubjectKind(models.TextChoices):
    """What a supervised subject is (被监督对象类型). Registered kinds hold a 统一社会信用代码;
    a community, a village, a family or an unregistered person (无证行医) do not."""

    UNIT = "unit", "单位"
    INDIVIDUAL = "individual", "个体工商户"
    COMMUNITY = "community", "社区"
    VILLAGE = "village", "行政村"
    FAMILY = "family", "家庭"
    PERSON = "person", "自然人（无证行医）"


# Kinds registered with a 统一社会信用代码: the code is required, and only these may hold
# a permit. They are also the "units" of unit counts and supervision coverage.
REGISTERED_SUBJECTS = (SubjectKind.UNIT, SubjectKind.INDIVIDUAL)
# Kinds that never hold a credit code (a 居委会/村委会 may have one: optional there).
CODELESS_SUBJECTS = (SubjectKind.FAMILY, SubjectKind.PERSON)
# Kinds named by a place: a community or village, with its optional 村/社区 code.
PLACE_SUBJECTS = (SubjectKind.COMMUNITY, SubjectKind.VILLAGE)
# Kinds whose 法定代表人（负责人）/户主 is required.
HEADED_SUBJECTS = (SubjectKind.UNIT, SubjectKind.INDIVIDUAL, SubjectKind.FAMILY)
