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

# Which categories (单位类别, by code) each subject kind may be filed under. A code ending
# in "." stands for every kind under it ("md.illegal." = 非法行医 › 无证行医 and any kind the
# administrator adds there). The kinds listed here are subject-only: a 单位 or 个体工商户 may
# take any kind but these (a unit is no 健康家庭, and an unlicensed practitioner is a person).
SUBJECT_CATEGORIES = {
    SubjectKind.PERSON: ("md.illegal.",),
    SubjectKind.FAMILY: ("hp.setting.family",),
    SubjectKind.COMMUNITY: ("hp.setting.community",),
    SubjectKind.VILLAGE: ("hp.setting.village",),
}
SUBJECT_ONLY_CATEGORIES = ("hp.setting.", "md.illegal.")
# The message on the category field when a kind is filed under a category it may not take.
SUBJECT_CATEGORY_MESSAGES = {
    SubjectKind.PERSON: "自然人只能登记为非法行医类别（如无证行医）。",
    SubjectKind.FAMILY: "家庭只能登记为“健康促进 › 健康促进场所 › 家庭”类别。",
    SubjectKind.COMMUNITY: "社区只能登记为“健康促进 › 健康促进场所 › 社区”类别。",
    SubjectKind.VILLAGE: "行政村只能登记为“健康促进 › 健康促进场所 › 行政村”类别。",
    SubjectKind.UNIT: "单位不能登记为健康促进场所（社区、行政村、家庭）或非法行医类别。",
    SubjectKind.INDIVIDUAL: "个体工商户不能登记为健康促进场所（社区、行政村、家庭）或非法行医类别。",
}


def _matches(code: str, patterns) -> bool:
    return any(code.startswith(p) if p.endswith(".") else code == p for p in patterns)


def category_fits_subject(kind: str, category_code: str) -> bool:
    """Whether a subject of ``kind`` may be filed under the category ``category_code``
    (SUBJECT_CATEGORIES; registered kinds: any category not subject-only)."""
    if kind in SUBJECT_CATEGORIES:
        return _matches(category_code, SUBJECT_CATEGORIES[SubjectKind(kind)])
    return not _matches(category_code, SUBJECT_ONLY_CATEGORIES)


def subject_kinds_of_category(category_code: str) -> list[str]:
    """The subject kinds that may be filed under a category (the form's options carry them)."""
    return [k for k in SubjectKind.values if category_fits_subject(k, category_code)]


# The label of the opening date (opened_on) for each kind, where it differs from 开业日期:
# the form and the unit's page read it from here.
OPENED_ON_LABELS: dict[str, str] = {
    SubjectKind.COMMUNITY: "建档起始日期",
    SubjectKind.VILLAGE: "建档起始日期",
    SubjectKind.FAMILY: "建档起始日期",
    SubjectKind.PERSON: "发现（行医起始）日期",
}
