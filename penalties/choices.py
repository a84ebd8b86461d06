from django.db import models


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查"
    COMPLAINT = "complaint", "投诉举报"
    REFERRAL = "referral", "移送"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    """A registered unit is an organisation; an unregistered party may be either (the
    simple-procedure threshold and the ID to check differ)."""

    UNIT = "unit", "登记在册单位"
    PERSON = "person", "未登记个人"
    ORGANISATION = "organisation", "未登记单位"


class CaseStatus(models.TextChoices):
    """The steps of the ordinary procedure, in order. A case is in the last step done."""

    FILED = "filed", "立案"
    INVESTIGATING = "investigating", "调查取证"
    NOTIFIED = "notified", "告知"
    DECIDED = "decided", "决定"
    SERVED = "served", "送达"
    EXECUTED = "executed", "执行"
    CLOSED = "closed", "结案"


STEP_ORDER = list(CaseStatus.values)


class CaseOutcome(models.TextChoices):
    """How a closed case ended (结案类型): empty until the case is closed."""

    PENALISED = "penalised", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    WITHDRAWN = "withdrawn", "撤销立案"
    TRANSFERRED = "transferred", "移送其他机关"
    NOT_FILED = "not_filed", "不予立案"


# The endings of a case closed without a decision (services.case_terminate).
TERMINAL_OUTCOMES = (CaseOutcome.NO_PENALTY, CaseOutcome.WITHDRAWN, CaseOutcome.TRANSFERRED)


class LegalReviewTrigger(models.TextChoices):
    """Why a decision needs 法制审核 (行政处罚法第五十八条第一款)."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    MAJOR_RIGHTS_HEARING = "major_rights_hearing", "直接关系当事人或者第三人重大权益，经过听证程序"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    OTHER_LAW = "other_law", "法律、法规规定应当进行法制审核的其他情形"


class Severity(models.TextChoices):
    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "严重"


class PenaltyKind(models.TextChoices):
    """The kinds of 行政处罚 (行政处罚法第九条) the catalogue uses. 责令改正 is not one (第二十八
    条: it goes with a penalty as its own order, ``CorrectionOrder``); 取缔 is a measure
    (``CaseMeasure``)."""

    WARNING = "warning", "警告"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_ITEMS = "confiscate_items", "没收药品、器械"
    SUSPENSION = "suspension", "责令停产停业（停业整顿）"
    SUSPEND_PRACTICE = "suspend_practice", "暂停执业活动（限制从业）"
    REVOKE = "revoke", "吊销许可证件"


MONEY_KINDS = (PenaltyKind.FINE, PenaltyKind.CONFISCATE_GAINS)

# Kinds that always give the party the right to a hearing (行政处罚法第六十三条).
HEARING_KINDS = (PenaltyKind.SUSPENSION, PenaltyKind.SUSPEND_PRACTICE, PenaltyKind.REVOKE)


class PartyType(models.TextChoices):
    """Who the party is for the 较大数额 thresholds: a citizen or an organisation."""

    CITIZEN = "citizen", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"


class MeasureKind(models.TextChoices):
    """Measures that are not 行政处罚, recorded on the case and shown on the decision."""

    BAN = "ban", "取缔"
    STOP = "stop", "责令停止违法行为（停止执业活动）"


class PenaltyStage(models.TextChoices):
    PROPOSED = "proposed", "拟处罚（告知）"
    DECIDED = "decided", "决定处罚"


class PaymentKind(models.TextChoices):
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    LATE_CHARGE = "late_charge", "加处罚款"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    STATEMENT = "statement", "当事人的陈述"
    EXPERT = "expert", "鉴定意见"
    RECORD = "record", "勘验笔录、现场笔录"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    MAIL = "mail", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    ENTRUSTED = "entrusted", "委托送达"
    PUBLIC = "public", "公告送达"


class TimeLimitCode(models.TextChoices):
    """The statutory time limits the procedure checks; their lengths are data."""

    STATEMENT = "statement", "陈述申辩期限"
    HEARING_REQUEST = "hearing_request", "申请听证期限"
    HEARING_NOTICE = "hearing_notice", "听证通知提前期"
    DECISION = "decision", "作出处罚决定期限"
    SERVICE = "service", "决定书送达期限"
    PAYMENT = "payment", "缴纳罚款期限"
    EVIDENCE = "evidence", "先行登记保存处理期限"
    NOTICE_SERVICE = "notice_service", "告知书送达期限"
    PUBLIC_SERVICE = "public_service", "公告送达期间"


class Procedure(models.TextChoices):
    """一般程序 (立案 … 结案, 行政处罚法第五章第三节) or 简易程序: decided on the spot with the
    当场行政处罚决定书 (第五十一至五十二条). A simple case skips 立案审批, 告知 and 听证."""

    ORDINARY = "ordinary", "一般程序"
    SIMPLE = "simple", "简易程序（当场处罚）"


# The penalties the simple procedure allows (行政处罚法第五十一条).
SIMPLE_KINDS = ("warning", "fine")


class CashReason(models.TextChoices):
    """Why the fine was collected on the spot (行政处罚法第六十八条)."""

    SMALL = "small", "依法给予一百元以下罚款"
    HARD_TO_COLLECT = "hard_to_collect", "不当场收缴事后难以执行"
    REMOTE = "remote", "边远、水上、交通不便地区，当事人到银行缴纳确有困难并提出（第六十九条）"
