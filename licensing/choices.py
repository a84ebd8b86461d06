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
    CORRECTION = "correction", "待补正"
    RECEIVED = "received", "已受理"
    REVIEWED = "reviewed", "已审核"
    APPROVED = "approved", "准予许可"
    REFUSED = "refused", "不予许可"
    ISSUED = "issued", "已发证"
    CLOSED = "closed", "已办结"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    WITHDRAWN = "withdrawn", "已撤回"


# Applications not yet finished: at most one per unit and permit type (a database constraint).
OPEN_STATUSES = (
    ApplicationStatus.CORRECTION,
    ApplicationStatus.RECEIVED,
    ApplicationStatus.REVIEWED,
    ApplicationStatus.APPROVED,
)
# Applications awaiting a decision (the 20 working days run).
PENDING_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED)


class PermitStatus(models.TextChoices):
    """What was done to a permit (stored). ``valid`` is the current version of the unit's
    permit of its type; whether it is in force on a day also depends on its dates
    (PermitState)."""

    VALID = "valid", "有效"
    SUPERSEDED = "superseded", "已换发"
    CANCELLED = "cancelled", "已注销"
    REVOKED = "revoked", "已撤销"


class PermitState(models.TextChoices):
    """A permit's status on a day, derived from its dates and what was done to it."""

    VALID = "valid", "有效"
    PENDING = "pending", "未生效"
    EXPIRED = "expired", "已过期"
    SUPERSEDED = "superseded", "已换发"
    CANCELLED = "cancelled", "已注销"
    REVOKED = "revoked", "已撤销"


class ValidityEnd(models.TextChoices):
    """How the end of a permit's term is written (local practice differs)."""

    DAY_BEFORE = "day_before", "届满日前一日（如 2026-12-03 至 2030-12-02）"
    SAME_DATE = "same_date", "届满同日（如 2026-12-03 至 2030-12-03）"


class PermitOrigin(models.TextChoices):
    ISSUED = "issued", "本系统发证"
    REGISTERED = "registered", "补录（系统启用前发证）"


class PostCheckResult(models.TextChoices):
    PASSED = "passed", "核查属实"
    FAILED = "failed", "承诺不实"


class LicensingDocumentKind(models.TextChoices):
    """The licensing documents the window issues, each numbered in its own series
    (core.DocumentSeries ``licensing-<kind>``)."""

    ACCEPTANCE = "acceptance", "受理通知书"
    CORRECTION = "correction", "补正材料通知书"
    NOT_ACCEPTED = "not_accepted", "不予受理决定书"
    COMMITMENT = "commitment", "告知承诺书"
    GRANT = "grant", "准予行政许可决定书"
    REFUSAL = "refusal", "不予行政许可决定书"
    CANCELLATION = "cancellation", "注销行政许可决定书"
    REVOCATION = "revocation", "撤销行政许可决定书"


class IntakeOutcome(models.TextChoices):
    """What the window does with an application it receives (行政许可法 art. 32)."""

    ACCEPT = "accept", "受理"
    CORRECTION = "correction", "材料不全，一次性告知补正"
    NOT_ACCEPTED = "not_accepted", "不予受理"


class ReviewResult(models.TextChoices):
    """The outcome of a permit's periodic 复核 or 校验 (licensing.models.reviews): a type
    with ``review_years`` takes the first three, one with ``verification_years`` the last
    two (``for_type``)."""

    PASSED = "passed", "复核合格"
    RECTIFY = "rectify", "限期整改"
    FAILED = "failed", "复核不合格"
    VERIFIED = "verified", "校验合格"
    DEFERRED = "deferred", "暂缓校验"

    @classmethod
    def for_type(cls, permit_type) -> list["ReviewResult"]:
        """The results a 复核 or 校验 of ``permit_type``'s permits may have."""
        if permit_type.review_years:
            return [cls.PASSED, cls.RECTIFY, cls.FAILED]
        if permit_type.verification_years:
            return [cls.VERIFIED, cls.DEFERRED]
        return []

    @classmethod
    def passing(cls) -> list["ReviewResult"]:
        return [cls.PASSED, cls.VERIFIED]
