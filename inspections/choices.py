from django.db import models


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", "日常监督"
    CAMPAIGN = "campaign", "专项整治"
    RANDOM = "random", "双随机"
    COMPLAINT = "complaint", "投诉举报"
    FOLLOW_UP = "follow_up", "复查"


class InspectionResult(models.TextChoices):
    COMPLIANT = "compliant", "合格"
    OPINION = "opinion", "下达卫生监督意见书"
    REFERRED = "referred", "移送立案查处"


class Verdict(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class SampleVerdict(models.TextChoices):
    """A sample's verdict, or a result's: the same values as Verdict, and 送检中 while a
    laboratory result is awaited (counted nowhere until it is entered)."""

    PASS = "pass", "合格"
    FAIL = "fail", "不合格"
    PENDING = "pending", "送检中"


class OpinionStatus(models.TextChoices):
    ISSUED = "issued", "整改中"
    CLOSED = "closed", "已整改"


class ChecklistPurpose(models.TextChoices):
    INSPECTION = "inspection", "现场检查"
    CASE_REVIEW = "case_review", "案卷评查"
    HEALTH_PROMOTION = "health_promotion", "健康促进评估"


class PromotionGroup(models.TextChoices):
    """The subject groups of a 健康促进县 plan (seed 004), each scored with its own sheet."""

    COMMUNITY = "community", "社区/村"
    FAMILY = "family", "家庭"
    HOSPITAL = "hospital", "医疗卫生单位"
    SCHOOL = "school", "中小学校"
    OFFICE = "office", "机关和事业单位"
    ENTERPRISE = "enterprise", "规模以上企业"


class CreditGrade(models.TextChoices):
    """公共场所卫生信誉度等级 given by an assessment (inspections.models.grades); 不予定级 when
    the score is under C's threshold or a key item failed where the rules allow no grade."""

    A = "A", "A级（优秀）"
    B = "B", "B级（良好）"
    C = "C", "C级（一般）"
    NONE = "none", "不予定级"


class GradeRuleRow(models.TextChoices):
    """The rows of the grade rules (GradeRule): each grade, and units not yet assessed."""

    A = "A", "A级（优秀）"
    B = "B", "B级（良好）"
    C = "C", "C级（一般）"
    NONE = "none", "不予定级"
    UNRATED = "unrated", "未评定"
