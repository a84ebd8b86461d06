"""Imports of health certificates (from the examining institution's sheet: its headers are
synonyms, its title rows are skipped, a column it lacks such as 体检机构 is given one value
in the preview's mapping, saved for the institution) and of training attendance
(core.imports).

Matching: a row's 身份证号码 is looked up among the *current* practitioners (employed today,
at a unit that is not closed). A person with several current employments (the same ID
number at two units) gets the certificate, or the attendance, at each of them: the
examination and the training concern the person, and every unit must show them. The name
in the file must equal the registered name, so a mistyped ID number that happens to belong
to someone else is caught.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.imports import CellError, ImportColumn, RowError, XlsxImporter, parse_date, parse_text
from core.validators import validate_id_number
from licensing.health.choices import CertificateSource, HealthResult
from licensing.health.models import HealthCertificate, HealthRule, TrainingAttendance
from licensing.health.services import (
    attendance_problem,
    build_certificate,
    certificates_record_bulk,
    training_add_attendance,
)
from premises.models import Practitioner

RESULTS = {"合格": HealthResult.PASSED, "不合格": HealthResult.FAILED}
ID_HEADER = "身份证号码"


def parse_id_number(value) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        raise CellError("请将该列设置为文本格式后重新填写（长数字已被 Excel 改写）。")
    text = parse_text(value).upper().replace(" ", "")
    try:
        validate_id_number(text)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None
    return text


def parse_result(value) -> str:
    text = parse_text(value)
    if text in RESULTS:
        return RESULTS[text]
    raise CellError(f"“{text}”不是有效结论，只能填写“合格”或“不合格”。")


def _chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def current_by_id_number(id_numbers) -> dict[str, list[Practitioner]]:
    """ID number → the current employments with that number (one query per 500 numbers)."""
    found: dict[str, list[Practitioner]] = {}
    for chunk in _chunks(id_numbers):
        for p in (
            Practitioner.objects.current()
            .exclude(establishment__status="closed")
            .filter(id_number__in=chunk)
            .select_related("establishment")
            .order_by("id")
        ):
            found.setdefault(p.id_number, []).append(p)
    return found


ID_SYNONYMS = ("身份证号", "公民身份号码", "证件号码", "身份证", "身份证号码(必填)")
NAME_SYNONYMS = ("受检者姓名", "体检人姓名", "人员姓名")


def _safe_id(value) -> str:
    try:
        return parse_id_number(value) if value is not None else ""
    except CellError:
        return ""


class PersonMatchMixin:
    """Looks a row's person up by ID number and checks the name."""

    def prepare_people(self, rows):
        numbers = {_safe_id(r.get("id_number")) for r in rows} - {""}
        self.people = current_by_id_number(numbers)
        # Why a number has no current employment: left, or at a closed unit (one query).
        self.former: dict[str, Practitioner] = {}
        for chunk in _chunks(sorted(numbers - set(self.people))):
            for p in (
                Practitioner.objects.filter(id_number__in=chunk)
                .select_related("establishment")
                .order_by("-id")
            ):
                self.former.setdefault(p.id_number, p)

    def match(self, values, errors) -> list[Practitioner]:
        if values["id_number"] is None:
            return []
        matches = self.people.get(values["id_number"], [])
        if not matches:
            former = self.former.get(values["id_number"])
            if former is not None and former.establishment.status == "closed":
                errors["id_number"] = (
                    f"该人员所在单位“{former.establishment.name}”已关闭，没有在职登记。"
                )
            elif former is not None:
                errors["id_number"] = (
                    f"该人员已于 {former.left_on:%Y-%m-%d} 从“{former.establishment.name}”离职。"
                    if former.left_on
                    else f"该人员在“{former.establishment.name}”的登记不是在职状态。"
                )
            else:
                errors["id_number"] = "系统中没有该身份证号码的在职从业人员，请先登记从业人员。"
            return []
        registered = {p.name for p in matches}
        if values["name"] is not None and values["name"] not in registered:
            errors["name"] = (
                f"姓名“{values['name']}”与登记姓名“{'、'.join(sorted(registered))}”不一致。"
            )
        return matches

    def first_rows(self, rows, header, reason):
        errors, first = [], {}
        for row_number, values in rows:
            key = values["id_number"]
            if key in first:
                errors.append(RowError(row_number, header, f"与第{first[key]}行{reason}。"))
            else:
                first[key] = row_number
        return errors


class CertificateImporter(PersonMatchMixin, XlsxImporter):
    title = "健康证明"
    permission = "licensing.add_healthcertificate"
    columns = (
        ImportColumn(
            "id_number",
            ID_HEADER,
            parse=parse_id_number,
            example="11010519491231002X",
            help="18位，请设置为文本格式；须为系统中在职从业人员的号码。",
            synonyms=ID_SYNONYMS,
            holds=("id_number",),
        ),
        ImportColumn(
            "name",
            "姓名",
            example="李四",
            help="须与登记的姓名一致。",
            synonyms=NAME_SYNONYMS,
            holds=("person",),
        ),
        ImportColumn(
            "exam_date",
            "体检日期",
            parse=parse_date,
            example=datetime.date(2025, 3, 1),
            synonyms=("检查日期", "体检时间", "检查时间"),
        ),
        ImportColumn(
            "institution",
            "体检机构",
            example="县疾病预防控制中心",
            synonyms=("检查机构", "体检单位"),
            help="机构自己的名单没有此列时，可在预览页填写固定值。",
        ),
        ImportColumn(
            "result",
            "结论",
            parse=parse_result,
            example="合格",
            help="合格或不合格。",
            synonyms=("体检结果", "体检结论", "检查结果", "结果"),
        ),
        ImportColumn(
            "number",
            "证明编号",
            required=False,
            example="JK2025-0001",
            synonyms=("健康证号", "健康证编号", "健康证明编号", "证号", "编号"),
        ),
        ImportColumn(
            "expires_on",
            "有效期至",
            required=False,
            parse=parse_date,
            help="空白时按“健康证明规则”的有效期自动计算。",
            synonyms=("有效期", "有效期限", "截止日期"),
        ),
    )
    notes = (
        "同一人员在多个单位在职的，健康证明登记到其每个在职单位。",
        "同一文件中同一身份证号码只能出现一次。",
    )

    def prepare(self, rows):
        self.prepare_people(rows)
        self.rule = HealthRule.current()
        self.today = timezone.localdate()

    def clean_row(self, values):
        errors = {}
        matches = self.match(values, errors)
        certificates = []
        if values["exam_date"] and values["exam_date"] > self.today:
            errors.setdefault("exam_date", "体检日期不能晚于今天。")
        if (
            values["exam_date"]
            and values["expires_on"]
            and values["expires_on"] < values["exam_date"]
        ):
            errors.setdefault("expires_on", "有效期至不能早于体检日期。")
        if not errors and None not in (values["exam_date"], values["result"]):
            for p in matches:
                try:
                    certificates.append(
                        build_certificate(
                            user=self.user,
                            practitioner=p,
                            exam_date=values["exam_date"],
                            institution=values["institution"],
                            result=values["result"],
                            number=values["number"] or "",
                            expires_on=values["expires_on"],
                            source=CertificateSource.IMPORT,
                            rule=self.rule,
                            today=self.today,
                        )
                    )
                except ValidationError as exc:
                    for key, messages in exc.message_dict.items():
                        errors.setdefault(key, messages)
        if errors:
            raise ValidationError(errors)
        return {**values, "certificates": certificates}

    def check_file(self, rows):
        errors = self.first_rows(rows, ID_HEADER, "的身份证号码重复")
        pairs = {(c.practitioner_id, c.exam_date) for _, v in rows for c in v["certificates"]}
        ids = {p for p, _ in pairs}
        existing = set()
        for chunk in _chunks(ids):
            existing.update(
                (p, d)
                for p, d in HealthCertificate.objects.filter(practitioner_id__in=chunk).values_list(
                    "practitioner_id", "exam_date"
                )
                if (p, d) in pairs
            )
        for row_number, values in rows:
            clash = [
                c.practitioner.establishment.name
                for c in values["certificates"]
                if (c.practitioner_id, c.exam_date) in existing
            ]
            if clash:
                errors.append(
                    RowError(
                        row_number,
                        "体检日期",
                        f"该人员该体检日期的健康证明已登记（{'、'.join(clash)}）。",
                    )
                )
        return errors

    def write(self, rows):
        certificates = [c for r in rows for c in r["certificates"]]
        created = certificates_record_bulk(user=self.user, certificates=certificates)
        self.track(created)
        return len(certificates)

    def options(self):
        return {"result": list(RESULTS)}


class AttendanceImporter(PersonMatchMixin, XlsxImporter):
    """The sign-in sheet of one training session."""

    title = "培训签到"
    permission = "licensing.add_trainingattendance"
    columns = (
        ImportColumn(
            "id_number",
            ID_HEADER,
            parse=parse_id_number,
            example="11010519491231002X",
            help="18位，请设置为文本格式；须为系统中在职从业人员的号码。",
            synonyms=ID_SYNONYMS,
            holds=("id_number",),
        ),
        ImportColumn(
            "name",
            "姓名",
            example="李四",
            help="须与登记的姓名一致。",
            synonyms=NAME_SYNONYMS,
            holds=("person",),
        ),
    )
    notes = ("同一人员在多个单位在职的，每个在职单位均记为参训。",)

    def __init__(self, *, user, session=None):
        super().__init__(user=user)
        self.session = session
        self.refs = {"session": session} if session is not None else {}

    def prepare(self, rows):
        self.prepare_people(rows)
        self.already = set(self.session.attendances.values_list("practitioner_id", flat=True))

    def clean_row(self, values):
        errors = {}
        matches = self.match(values, errors)
        problems = [m for p in matches if (m := attendance_problem(self.session, p))]
        if problems and "id_number" not in errors:
            errors["id_number"] = problems
        if not errors and all(p.pk in self.already for p in matches):
            errors["id_number"] = "该人员已登记参加本次培训。"
        if errors:
            raise ValidationError(errors)
        return {**values, "practitioners": [p for p in matches if p.pk not in self.already]}

    def check_file(self, rows):
        return self.first_rows(rows, ID_HEADER, "的身份证号码重复")

    def write(self, rows):
        practitioners = [p for r in rows for p in r["practitioners"]]
        count = training_add_attendance(
            session=self.session,
            user=self.user,
            practitioners=practitioners,
            source=CertificateSource.IMPORT,
        )
        # The rows were checked not to be recorded already: these are the records made.
        for chunk in _chunks(practitioners):
            self.track(
                TrainingAttendance.objects.filter(session=self.session, practitioner__in=chunk)
            )
        return count
