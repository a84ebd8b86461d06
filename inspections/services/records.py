"""On-site records (现场笔录, 询问笔录, 复查记录): made from the inspection, edited until the
first signature, signed on the tablet, frozen when every required signature is there, and
corrected afterwards only by a new version.

Who must sign (DOCUMENTS.md §2, §2.1): every officer of the record (two or more, each with
an enforcement certificate valid on the record's date: 行政处罚法 art. 42), and the party
(the person questioned, for a 询问笔录) or, when the party refuses, a witness with the
refusal noted (行政强制法 art. 18)."""

import base64
import binascii
import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.officers import certificates_on, missing_certificates
from core.people import display_name, display_names
from core.roster import team_check
from core.uploads import decode_image
from inspections.choices import InspectionKind
from inspections.models import OnSiteRecord, OnSiteSignature, PaperKind, SignerRole
from inspections.models.records import CONTENT_FIELDS

SIGNATURE_MAX_BYTES = 512 * 1024
NOT_A_SIGNATURE = "签名图像无效，请在签名框内重新签名。"
EMPTY_SIGNATURE = "签名框是空的，请在框内签名。"
FROZEN = "该笔录已签署完成，不能修改；如需更正，请制作更正版本。"
SIGNED_ALREADY = "该笔录已有签名，内容不能再修改；请完成签名后以更正版本更正。"

# The opening of every 询问笔录: identity shown, duty to answer truthfully, right to 回避.
RECUSAL_NOTICE = (
    "我们是{office}的执法人员{officers}，这是我们的执法证件（出示）。现依法向你进行询问调查，"
    "你应当如实回答，不得作伪证或隐匿证据。你有申请执法人员回避的权利，你是否申请回避？"
)

# Editable text fields of a record (the page's form and the API send these): all it vouches
# for but its kind and version.
EDITABLE = tuple(name for name in CONTENT_FIELDS if name not in ("kind", "version")) + (
    "questioned_relation",
    "recusal_answer",
    "questioner",
    "recorder",
)


def record_day(record) -> datetime.date:
    return timezone.localdate(record.started_at)


def _unit_address(unit) -> str:
    township = unit.township.name if unit.township_id else ""
    if not township or unit.address.startswith(township):
        return unit.address
    return f"{township}{unit.address}"


def _facts(inspection) -> str:
    """What was seen, as facts: the findings, the problems found, samples taken, photos
    taken. No judgment (result, verdicts, scores) goes into a 笔录."""
    lines = []
    if inspection.findings.strip():
        lines.append(inspection.findings.strip())
    problems = [p.name for p in inspection.problems.all()]
    if problems:
        lines.append(
            "现场发现：" + "；".join(f"{n}. {p}" for n, p in enumerate(problems, 1)) + "。"
        )
    samples = list(inspection.samples.all())
    if samples:
        taken = "；".join(
            f"{s.sample_type}{f'（{s.location}）' if s.location else ''}"
            f" {timezone.localtime(s.taken_at):%H:%M}"
            for s in samples
        )
        lines.append(f"现场采集样品 {len(samples)} 份：{taken}。")
    photos = inspection.photos.count()
    if photos:
        lines.append(f"现场拍摄照片 {photos} 张。")
    return "\n".join(lines)


def _follow_up_facts(inspection) -> str:
    opinion = inspection.follows_opinion
    lines = [
        f"对本机关 {timezone.localdate(opinion.issued_at):%Y年%m月%d日} 下达的卫生监督意见书"
        f"（{opinion.number}）提出的意见进行复查，整改期限 {opinion.deadline:%Y年%m月%d日}。",
        "复查的意见：",
    ]
    for n, item in enumerate(opinion.items.all(), 1):
        lines.append(f"{n}. {item.problem}——{item.requirement}")
    result = "已按意见整改" if inspection.rectified else "未按意见整改完毕"
    lines.append(f"复查结果：{result}。")
    if inspection.findings.strip():
        lines.append(inspection.findings.strip())
    return "\n".join(lines)


def _default_end(started: datetime.datetime) -> datetime.datetime:
    now = timezone.now()
    if started <= now <= started + datetime.timedelta(hours=8):
        return now.replace(second=0, microsecond=0)
    return started


@transaction.atomic
def onsite_record_make(*, inspection, user, kind=PaperKind.ONSITE) -> OnSiteRecord:
    """A record of ``inspection`` prefilled from what was recorded; editable until signed.
    One current 现场笔录 and one 复查记录 per inspection (a 询问笔录 per person questioned);
    a 复查记录 only for a follow-up inspection."""
    errors = {}
    if kind not in PaperKind.values:
        errors["kind"] = "请选择文书种类。"
    elif kind == PaperKind.FOLLOW_UP and inspection.kind != InspectionKind.FOLLOW_UP:
        errors["kind"] = "只有复查才制作复查记录。"
    elif kind != PaperKind.INQUIRY:
        current = inspection.onsite_records.filter(kind=kind, superseded_by__isnull=True)
        if current.exists():
            errors["kind"] = f"本次检查已有{PaperKind(kind).label}，如需更正请制作更正版本。"
    if errors:
        raise ValidationError(errors)
    unit = inspection.establishment
    inspectors = sorted(inspection.inspectors.all(), key=lambda u: u.pk)
    if kind == PaperKind.FOLLOW_UP:
        facts = _follow_up_facts(inspection)
    elif kind == PaperKind.ONSITE:
        facts = _facts(inspection)
    else:
        facts = ""
    record = OnSiteRecord(
        inspection=inspection,
        kind=kind,
        party_name=unit.name,
        responsible_person=unit.legal_representative,
        address=_unit_address(unit),
        place=_unit_address(unit),
        started_at=inspection.inspected_at,
        ended_at=_default_end(inspection.inspected_at),
        present_person=inspection.person_present,
        credentials_shown=True,
        facts=facts,
        created_by=user,
    )
    if kind == PaperKind.INQUIRY:
        record.questioned_name = inspection.person_present
        _inquiry_opening(record, inspectors)
    record.full_clean(exclude=["created_by"])
    record.save()
    record.officers.set(inspectors)
    return record


def _inquiry_opening(record, officers) -> None:
    """The 回避 notice as the first question; the first officer questions, the second
    records."""
    record.recusal_notice = True
    record.questioner = officers[0] if officers else None
    record.recorder = officers[1] if len(officers) > 1 else None
    record.questions = [
        [RECUSAL_NOTICE.format(office=settings.OFFICE_NAME, officers=display_names(officers)), ""],
        ["请介绍你的身份，以及你与当事人的关系。", ""],
    ]


@transaction.atomic
def inquiry_record_make(
    *, user, officers, party_name, place, started_at, responsible_person="", address=""
) -> OnSiteRecord:
    """A 询问笔录 not made on an inspection (a penalty case's: penalties.CaseInterview names
    it), prefilled as on an inspection and signed the same way."""
    officers = team_check(
        officers,
        field="officers",
        too_few="询问须有两名以上执法人员。",
        outside="{names} 不在监督员名录中。",
    )
    officers = sorted(officers, key=lambda u: u.pk)
    record = OnSiteRecord(
        inspection=None,
        kind=PaperKind.INQUIRY,
        party_name=party_name,
        responsible_person=responsible_person,
        address=address,
        place=place,
        started_at=started_at,
        ended_at=_default_end(started_at),
        credentials_shown=True,
        created_by=user,
    )
    _inquiry_opening(record, officers)
    record.full_clean(exclude=["created_by", "inspection"])
    record.save()
    record.officers.set(officers)
    return record


def _questions_check(questions) -> list:
    rows = []
    for row in questions or []:
        question, answer = (list(row) + ["", ""])[:2]
        question, answer = str(question).strip(), str(answer).strip()
        if question or answer:
            rows.append([question, answer])
    return rows


@transaction.atomic
def onsite_record_update(*, record, user, officers=None, **fields) -> OnSiteRecord:
    """Change what the record says, until its first signature: a signature vouches for
    the content it was given on, so nothing of it changes afterwards."""
    record = OnSiteRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if record.is_frozen:
        raise ValidationError(FROZEN)
    if record.signatures.exists():
        raise ValidationError(SIGNED_ALREADY)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(record, name, value)
    record.questions = _questions_check(record.questions)
    errors = {}
    now = timezone.now()
    if record.started_at and record.ended_at and record.ended_at < record.started_at:
        errors["ended_at"] = "结束时间不能早于开始时间。"
    elif record.ended_at and record.ended_at > now + datetime.timedelta(minutes=5):
        errors["ended_at"] = "结束时间不能晚于现在。"
    if not (record.place or "").strip():
        errors["place"] = "请填写检查地点。"
    if record.kind == PaperKind.INQUIRY:
        if not record.questioned_name.strip():
            errors["questioned_name"] = "请填写被询问人。"
        if not record.recusal_notice:
            errors["recusal_notice"] = "询问前须告知被询问人申请回避的权利。"
        if not record.questions:
            errors["questions"] = "请至少记录一问一答。"
        team = {u.pk for u in (officers if officers is not None else record.officers.all())}
        for name, label in (("questioner", "询问人"), ("recorder", "记录人")):
            person = getattr(record, name)
            if person is None:
                errors[name] = f"请选择{label}。"
            elif person.pk not in team:
                errors[name] = f"{label}须为本笔录的执法人员。"
        if not errors.get("recorder") and record.questioner_id == record.recorder_id:
            errors["recorder"] = "询问人和记录人应为不同的执法人员。"
    if officers is not None:
        try:
            team_check(
                officers,
                field="officers",
                too_few="执法须有两名以上执法人员。",
                outside="{names} 不在监督员名录中。",
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["created_by"])
    record.save()
    if officers is not None:
        record.officers.set(officers)
    return record


def signature_png(data_url: str) -> bytes:
    """The PNG bytes of a signature sent as ``data:image/png;base64,...`` (the canvas's
    own encoding), checked: a PNG, small, decodable, not blank."""
    prefix = "data:image/png;base64,"
    if not data_url:
        raise ValidationError({"signature": EMPTY_SIGNATURE})
    if not data_url.startswith(prefix) or len(data_url) > SIGNATURE_MAX_BYTES * 4 // 3 + 100:
        raise ValidationError({"signature": NOT_A_SIGNATURE})
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"signature": NOT_A_SIGNATURE}) from None
    image = decode_image(data, field="signature", invalid=NOT_A_SIGNATURE)
    if image.format != "PNG":
        raise ValidationError({"signature": NOT_A_SIGNATURE})
    alpha = image.convert("RGBA").getchannel("A")
    lo, hi = alpha.getextrema()
    if hi == 0:
        raise ValidationError({"signature": EMPTY_SIGNATURE})
    if lo == hi == 255:  # an opaque canvas: ink is what is darker than the paper
        if image.convert("L").getextrema()[0] > 200:
            raise ValidationError({"signature": EMPTY_SIGNATURE})
    return data


def required_signatures(record) -> list[str]:
    """What is still missing before the record is complete (empty: complete)."""
    signatures = list(record.signatures.all())
    signed_officers = {s.officer_id for s in signatures if s.role == SignerRole.OFFICER}
    missing = [
        f"执法人员 {display_name(u)}"
        # in a fixed order (the database gives a many-to-many set in any order)
        for u in sorted(record.officers.all(), key=lambda u: u.pk)
        if u.pk not in signed_officers
    ]
    roles = {s.role for s in signatures}
    party = "被询问人" if record.kind == PaperKind.INQUIRY else "当事人"
    if SignerRole.PARTY not in roles:
        if not record.party_refused:
            missing.insert(0, party)
        elif SignerRole.WITNESS not in roles:
            missing.append(f"见证人（{party}拒绝签名）")
    return missing


def _officer_signature_check(record, officer) -> str:
    if officer is None or not record.officers.filter(pk=officer.pk).exists():
        raise ValidationError({"officer": "请选择本笔录的执法人员。"})
    if record.signatures.filter(officer=officer).exists():
        raise ValidationError({"officer": f"{display_name(officer)} 已签名。"})
    held = certificates_on([officer], record_day(record)).get(officer.pk)
    if held is None:
        raise ValidationError(
            {
                "officer": f"{display_name(officer)} 在 {record_day(record):%Y-%m-%d} "
                "没有有效的执法证，不能作为执法人员签名（行政处罚法第四十二条）。"
                "请由系统管理员登记执法证后再签名。"
            }
        )
    return held.number


@transaction.atomic
def onsite_record_sign(
    *, record, user, role, signature, name="", officer=None, signed_at=None
) -> OnSiteSignature:
    """Add one signature drawn on the tablet (``signature``: the canvas's PNG as a data
    URL). Stores the PNG, the signer, the time and the SHA-256 of the record's content;
    freezes the record when it is the last one required."""
    record = OnSiteRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if record.is_frozen:
        raise ValidationError(FROZEN)
    errors = {}
    if role not in SignerRole.values:
        errors["role"] = "请选择签名人身份。"
    name = (name or "").strip()
    number = ""
    if role == SignerRole.OFFICER:
        try:
            number = _officer_signature_check(record, officer)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            name = display_name(officer)
    elif role in (SignerRole.PARTY, SignerRole.WITNESS):
        officer = None
        if not name:
            errors["name"] = "请填写签名人姓名。"
        if role == SignerRole.PARTY:
            if record.party_refused:
                errors["role"] = "已记录当事人拒绝签名，请由见证人签名。"
            elif record.signatures.filter(role=SignerRole.PARTY).exists():
                errors["role"] = "当事人已签名。"
    try:
        png = signature_png(signature)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    content_hash = record.content_hash()
    entry = OnSiteSignature(
        record=record,
        role=role,
        name=name,
        officer=officer,
        certificate_number=number,
        image_sha256=hashlib.sha256(png).hexdigest(),
        content_sha256=content_hash,
        signed_at=signed_at or now,
        captured_by=user,
    )
    entry.image.save(f"{record.pk}_{role}_{now:%Y%m%d%H%M%S%f}.png", ContentFile(png), save=False)
    entry.save()
    if not required_signatures(record):
        record.signed_at = now
        record.content_sha256 = content_hash
        record.save(update_fields=["signed_at", "content_sha256", "updated_at"])
    return entry


@transaction.atomic
def onsite_record_refuse(*, record, user, reason) -> OnSiteRecord:
    """Note that the party (the person questioned) refuses to sign: a witness signs
    instead (行政强制法 art. 18(8)(9)). Not part of the content the signatures vouch for:
    it is an account of the signing, borne out by the witness's signature."""
    record = OnSiteRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    if record.is_frozen:
        raise ValidationError(FROZEN)
    if record.signatures.filter(role=SignerRole.PARTY).exists():
        raise ValidationError({"reason": "当事人已签名。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明当事人拒绝签名的情况。"})
    record.party_refused = True
    record.refusal_reason = reason[:200]
    record.save(update_fields=["party_refused", "refusal_reason", "updated_at"])
    return record


@transaction.atomic
def onsite_record_amend(*, record, user, reason) -> OnSiteRecord:
    """Correct a signed record: a new version, a copy of the last one to be edited and
    signed again; the signed one stays as it was, marked as corrected."""
    record = OnSiteRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    reason = (reason or "").strip()
    errors = {}
    if not record.signatures.exists():
        errors["reason"] = "该笔录尚未签名，可直接修改。"
    elif OnSiteRecord.objects.filter(supersedes=record).exists():
        errors["reason"] = "该笔录已有更正版本，请更正最新版本。"
    if not reason:
        errors["reason"] = "请写明更正原因。"
    if errors:
        raise ValidationError(errors)
    officers = list(record.officers.all())
    copy = OnSiteRecord(
        inspection=record.inspection,
        kind=record.kind,
        version=record.version + 1,
        supersedes=record,
        amendment_reason=reason,
        created_by=user,
        **{name: getattr(record, name) for name in EDITABLE},
    )
    copy.full_clean(exclude=["created_by", "supersedes"])
    copy.save()
    copy.officers.set(officers)
    return copy


def certificate_warnings(inspection) -> list[str]:
    """Officers of ``inspection`` with no valid certificate on its date, as a sentence."""
    if inspection is None:
        return []
    names = missing_certificates(
        sorted(inspection.inspectors.all(), key=lambda u: u.pk),
        timezone.localdate(inspection.inspected_at),
    )
    if not names:
        return []
    return [
        f"{'、'.join(names)} 在检查日期 {timezone.localdate(inspection.inspected_at):%Y-%m-%d} "
        "没有有效的执法证（缺失或已过期）。行政处罚法第四十二条要求执法人员持有执法证件；"
        "笔录须由持证执法人员签名。"
    ]
