"""Service (送达) of every document served on the party, and the windows that run from it.

One record per served document (``CaseService``): a second service of the same document is
a re-service and needs its reason (e.g. the first mailing came back); the earlier record
stays in the file, no longer current. The same service sent twice (a double submit, a
retried request) records nothing new and answers the record made the first time.

Rules per method (行政处罚法第六十一条; 卫生健康行政处罚程序规定 arts 53–57; 民事诉讼法):
- 直接送达: the recipient (or the adult family member / the organisation's receiver) signs.
- 留置送达: the refusal, and a witness or a photo/video record of leaving it.
- 邮寄送达: mailed on, receipt signed on; service is the day of the receipt.
- 电子送达: only with the party's signed 确认书 and a record (screenshot, video).
- 委托送达: the authority entrusted.
- 公告送达: where and when published; served when the period (data: TimeLimit
  ``public_service``) has run.

What a service sets: the 事先告知书's service starts the statement and hearing-request
windows; the 决定书's service moves the case to 送达 and starts the payment window."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from penalties.choices import CaseStatus, ServiceMethod, TimeLimitCode
from penalties.models import CaseService, TimeLimit
from penalties.services.base import (
    EARLIEST_DATE,
    case_lock,
    case_save,
    check_date,
    require_status,
    step_record,
)
from penalties.services.decision import money_due

NOTICE = "notice"
HEARING_RIGHTS = "hearing-rights"
DECISION = "decision"

# The facts a service records: the keyword arguments of service_record besides the case,
# the user, the document and the officers.
FIELDS = (
    "method",
    "served_on",
    "served_at",
    "place",
    "recipient",
    "signer",
    "signer_relation",
    "refusal_reason",
    "witness",
    "evidence_record",
    "mailed_on",
    "mail_number",
    "consent_on",
    "electronic_address",
    "electronic_record",
    "entrusted_to",
    "published_on",
    "publication",
    "note",
)
DATE_FIELDS = ("served_on", "mailed_on", "consent_on", "published_on")


# Which party-facing documents a case has is the case-document registry's answer. The
# registry (penalties.documents) imports the services, so it installs that answer here
# when it loads (``documents_source``; PenaltiesConfig.ready loads it).
_SOURCE: dict = {}


def documents_source(function):
    """Install ``function(case) -> [DocumentEntry]``: the documents served on the party."""
    _SOURCE["served"] = function
    return function


def servable_documents(case) -> list:
    """The party-facing documents the case has (registry entries), in case-file order."""
    return _SOURCE["served"](case)


def _entry_of(case, document, record_id):
    for entry in servable_documents(case):
        if entry.document.slug != document:
            continue
        if entry.document.single or entry.record.pk == record_id:
            return entry
    return None


def service_of(case, document: str, record_id=None):
    """The current service of ``document`` as the case now numbers it, or None."""
    entry = _entry_of(case, document, record_id)
    if entry is None:
        return None
    rid = None if entry.document.single else entry.record.pk
    return next(
        (
            s
            for s in case.services.all()
            if s.current
            and s.document == document
            and s.record_id == rid
            and s.document_number == entry.number
        ),
        None,
    )


def public_served_on(published_on: datetime.date) -> datetime.date:
    """The day a 公告送达 counts as served."""
    return TimeLimit.due(TimeLimitCode.PUBLIC_SERVICE, published_on)


def _text(data, name) -> str:
    return (data.get(name) or "").strip()


def _method_check(data, errors) -> None:
    """Each method's own facts (2025 rule arts 53–57)."""
    method = data["method"]
    if method == ServiceMethod.DIRECT and not _text(data, "signer"):
        errors["signer"] = (
            "直接送达须由受送达人（或其同住成年家属、单位收件人）签收：请填写签收人。"
        )
    if method == ServiceMethod.LEFT:
        if not _text(data, "refusal_reason"):
            errors["refusal_reason"] = "留置送达须记明拒收事由和日期。"
        if not _text(data, "witness") and not _text(data, "evidence_record"):
            errors["witness"] = (
                "留置送达须有见证人签名，或以拍照、录像等方式记录送达过程：两者至少填写一项。"
            )
    if method == ServiceMethod.MAIL:
        if data.get("mailed_on") is None:
            errors["mailed_on"] = "邮寄送达请填写交邮日期。"
        elif data.get("served_on") and data["mailed_on"] > data["served_on"]:
            errors["mailed_on"] = "交邮日期不能晚于签收日期（送达日期以回执上注明的收件日期为准）。"
        if not _text(data, "mail_number"):
            errors["mail_number"] = "请填写邮件号（挂号信、特快专递）。"
    if method == ServiceMethod.ELECTRONIC:
        if data.get("consent_on") is None:
            errors["consent_on"] = "电子送达须经受送达人同意并签订确认书：请填写确认书签署日期。"
        elif data.get("served_on") and data["consent_on"] > data["served_on"]:
            errors["consent_on"] = "确认书须在电子送达之前签署。"
        if not _text(data, "electronic_address"):
            errors["electronic_address"] = "请填写确认书载明的电子送达地址。"
        if not _text(data, "electronic_record"):
            errors["electronic_record"] = "电子送达须留存送达记录（截图、录像等）：请填写。"
    if method == ServiceMethod.ENTRUSTED and not _text(data, "entrusted_to"):
        errors["entrusted_to"] = "委托送达请填写受委托机关。"
    if method == ServiceMethod.PUBLIC:
        if data.get("published_on") is None:
            errors["published_on"] = "公告送达请填写公告日期。"
        if not _text(data, "publication"):
            errors["publication"] = "请填写公告载体（公告栏、报纸、网站等）。"


# What the date a document is served after is called, in a refusal.
DATE_LABELS = {DECISION: "决定日期", NOTICE: "告知日期"}


def _check(case, entry, data, officers) -> None:
    errors = {}
    after = DATE_LABELS.get(entry.document.slug, f"《{entry.title}》的日期")
    if data["method"] not in ServiceMethod.values:
        raise ValidationError({"method": "请选择送达方式。"})
    if not _text(data, "recipient"):
        errors["recipient"] = "请填写受送达人。"
    if len(officers) < 2 and data["method"] != ServiceMethod.PUBLIC:
        errors["officers"] = "请选择送达人（执法人员至少两人）。"
    _method_check(data, errors)
    if errors:
        raise ValidationError(errors)
    for name in ("mailed_on", "consent_on", "published_on"):
        value = data.get(name)
        if value is not None and value < EARLIEST_DATE:
            raise ValidationError({name: "日期有误，请核对。"})
    if data["method"] != ServiceMethod.PUBLIC:
        check_date(
            data.get("served_on"),
            field="served_on",
            label="送达日期",
            not_before=entry.date,
            not_before_label=after,
        )
    else:
        check_date(
            data["published_on"],
            field="published_on",
            label="公告日期",
            not_before=entry.date,
            not_before_label=after,
        )


def _same(service, data, officers) -> bool:
    """The service already recorded is this one (sent again)."""
    if any(getattr(service, name) != data[name] for name in FIELDS):
        return False
    return {o.pk for o in service.officers.all()} == {o.pk for o in officers}


def _clean(data) -> dict:
    clean = {}
    for name in FIELDS:
        value = data.get(name)
        clean[name] = value.strip() if isinstance(value, str) else value
        if clean[name] is None and name not in ("served_at", *DATE_FIELDS):
            clean[name] = ""
    return clean


def _after_notice(case, service) -> None:
    """The statement window runs from the notice's service; the hearing-request window
    from the party's receipt of the 听证告知书 as well (_hearing_window)."""
    case.statement_due = TimeLimit.due(TimeLimitCode.STATEMENT, service.served_on)
    case.hearing_request_due = _hearing_window(case)


def _hearing_window(case):
    """The hearing may be asked for within its days of the party receiving the 听证告知书
    and the notice: from the later of their current services (usually the same day, served
    together); not before the notice is served; none where no hearing is offered."""
    if case.hearing_offered is False or not case.notice_number:
        return None
    served = {
        s.document: s.served_on
        for s in case.services.current().filter(
            Q(document=NOTICE, document_number=case.notice_number)
            | Q(document=HEARING_RIGHTS, document_number=case.hearing_rights_number or "")
        )
    }
    if NOTICE not in served:
        return None
    return TimeLimit.due(TimeLimitCode.HEARING_REQUEST, max(served.values()))


def _after_decision(case, service, *, first: bool, late_reason: str, user) -> None:
    note = ""
    if first and service.served_on > case.service_due:
        if not (late_reason or "").strip():
            raise ValidationError(
                {
                    "late_reason": f"送达期限为 {case.service_due:%Y-%m-%d}（决定后七日内），逾期送达须说明理由。"
                }
            )
        note = f"逾期送达理由：{late_reason.strip()}"
    case.status = CaseStatus.SERVED
    # Copies of the decision's current service, for lists and reports (one writer: here).
    case.served_on = service.served_on
    case.service_method = service.method
    case.service_recipient = service.recipient[:50]
    case.payment_due = (
        TimeLimit.due(TimeLimitCode.PAYMENT, service.served_on) if money_due(case) > 0 else None
    )
    if first:
        step_record(
            case=case,
            step=CaseStatus.SERVED,
            done_on=service.served_on,
            user=user,
            document=f"送达回执（{case.decision_number}）",
            note=note,
        )


@transaction.atomic
def service_record(
    *,
    case,
    user,
    document: str,
    record_id=None,
    officers=(),
    late_reason="",
    reservice_reason="",
    **facts,
) -> CaseService:
    """Record the service of ``document`` (a party-facing registry slug; ``record_id`` for a
    document printed per record). ``facts``: the names in FIELDS. Returns the record."""
    unknown = set(facts) - set(FIELDS)
    if unknown:
        raise TypeError(f"service_record: unknown {sorted(unknown)}")
    case = case_lock(case)
    if case.status == CaseStatus.CLOSED:
        require_status(case, action="登记送达")
    entry = _entry_of(case, document, record_id)
    if entry is None:
        raise ValidationError({"document": "本案没有这份需要送达的文书（或尚未制作）。"})
    rid = None if entry.document.single else entry.record.pk
    data = _clean(facts)
    if data["method"] == ServiceMethod.PUBLIC and data.get("published_on"):
        data["served_on"] = public_served_on(data["published_on"])
    officers = list(officers or ())
    earlier = (
        case.services.current()
        .filter(document=document, record_id=rid, document_number=entry.number)
        .first()
    )
    if earlier is not None and _same(earlier, data, officers):
        return earlier
    _check(case, entry, data, officers)
    reservice_reason = (reservice_reason or "").strip()
    if earlier is not None and not reservice_reason:
        raise ValidationError(
            {
                "reservice_reason": f"{earlier.label}已于 {earlier.served_on:%Y-%m-%d} 登记{earlier.get_method_display()}；"
                "重新送达（如邮件被退回）须说明理由。"
            }
        )
    if document == DECISION and earlier is None:
        require_status(case, CaseStatus.DECIDED, action="登记决定书送达")
    if (
        document == HEARING_RIGHTS
        and entry.number == case.hearing_rights_number
        and case.status != CaseStatus.NOTIFIED
    ):
        # Its service opens the days to ask for a hearing: not after the decision.
        raise ValidationError(
            {
                "status": f"案件已{case.get_status_display()}：听证告知书的送达须在作出决定前登记"
                "（申请听证的期限自当事人收到听证告知书之日起算）。"
            }
        )
    if earlier is not None:
        earlier.current = False
        earlier.save(update_fields=["current"])
    service = CaseService.objects.create(
        case=case,
        document=document,
        record_id=rid,
        document_title=entry.title,
        document_number=entry.number,
        recorded_by=user,
        reservice_reason=reservice_reason,
        **data,
    )
    service.officers.set(officers)
    if document == NOTICE and entry.number == case.notice_number:
        _after_notice(case, service)
    if document == HEARING_RIGHTS and entry.number == case.hearing_rights_number:
        case.hearing_request_due = _hearing_window(case)
    if document == DECISION:
        _after_decision(case, service, first=earlier is None, late_reason=late_reason, user=user)
    what = f"送达{entry.title} {entry.number}（{service.get_method_display()}）"
    case_save(case, user=user, reason=("重新" if earlier else "") + what)
    return service


@transaction.atomic
def case_serve(*, case, user, done_on, method, recipient, late_reason="", **facts):
    """Serve the decision (送达): a service record of the 决定书 (services.service_record,
    whose rules apply). Payment is due within the time limit from service. The officers
    who served default to the case's officers, the signer to the recipient."""
    # The step, once: a later service of the decision is a re-service (service_record
    # with its reason). Judged on the case as stored, not on the caller's copy.
    case = case_lock(case)
    require_status(case, CaseStatus.DECIDED, action="登记送达")
    facts.setdefault("officers", list(case.officers.all()))
    facts.setdefault("signer", recipient)
    try:
        service_record(
            case=case,
            user=user,
            document=DECISION,
            method=method,
            served_on=done_on,
            recipient=recipient,
            late_reason=late_reason,
            **facts,
        )
    except ValidationError as exc:  # this step names the date done_on
        errors = exc.message_dict
        if "served_on" in errors:
            errors["done_on"] = errors.pop("served_on")
        raise ValidationError(errors) from exc
    case.refresh_from_db()
    return case
