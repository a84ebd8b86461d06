from django.db import models


class ApplicationKind(models.TextChoices):
    NEW = "new", "新办"
    RENEWAL = "renewal", "延续"
    CHANGE = "change", "变更"
    CANCELLATION = "cancellation", "注销"


class ApplicationPath(models.TextChoices):
    STANDARD = "standard", "一般程序"
    COMMITMENT = "commitment", "告知承诺制"


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    REVIEWED = "reviewed", "已审核"
    APPROVED = "approved", "准予许可"
    REFUSED = "refused", "不予许可"
    ISSUED = "issued", "已发证"
    CLOSED = "closed", "已办结"


class PermitStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUPERSEDED = "superseded", "已换发"
    CANCELLED = "cancelled", "已注销"


class PermitOrigin(models.TextChoices):
    ISSUED = "issued", "本系统发证"
    REGISTERED = "registered", "补录（系统启用前发证）"
