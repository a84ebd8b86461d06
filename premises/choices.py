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
