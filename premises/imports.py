"""Ledger imports: units and practitioners from .xlsx (core.imports)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.imports import (
    CellError,
    ImportColumn,
    RowError,
    XlsxImporter,
    choice_parser,
    parse_code,
    parse_date,
)
from premises.choices import EstablishmentStatus, Sex, SubjectKind
from premises.models import Category, Establishment, Post, Practitioner, Township
from premises.services.imports import establishments_register, practitioners_register


def _chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _model_errors(instance, exclude):
    """Field validators only (lengths, check digits, formats): no database query."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc
    return None


PHONE_SYNONYMS = ("电话", "手机", "手机号码", "联系方式", "电话号码")


class EstablishmentImporter(XlsxImporter):
    title = "被监督单位"
    permission = "premises.add_establishment"
    columns = (
        ImportColumn(
            "name",
            "单位名称",
            example="悦来宾馆",
            synonyms=("名称", "单位", "店名", "场所名称", "经营者名称"),
            holds=("org",),
        ),
        ImportColumn(
            "credit_code",
            "统一社会信用代码",
            parse=parse_code,
            required=False,
            example="91350100M000100Y43",
            help="18位，含校验位；单位和个体工商户必填，家庭和自然人不填。",
            synonyms=("信用代码", "社会信用代码", "统一代码"),
            holds=("credit_code",),
        ),
        ImportColumn(
            "legal_representative",
            "法定代表人",
            required=False,
            help="家庭填写户主姓名；社区、行政村、自然人可不填。",
            example="张三",
            synonyms=("法人", "法人代表", "负责人", "法定代表人(负责人)", "经营者"),
            holds=("person",),
        ),
        ImportColumn(
            "address",
            "地址",
            example="解放路1号",
            synonyms=("经营地址", "单位地址", "场所地址", "详细地址", "经营场所"),
            holds=("address",),
        ),
        ImportColumn(
            "township",
            "乡镇（街道）",
            example="城关镇",
            help="从下拉列表选择系统中已有的乡镇（街道）。",
            synonyms=("乡镇", "街道", "所属乡镇", "乡镇街道", "所在乡镇"),
        ),
        ImportColumn(
            "category",
            "单位类别",
            example="宾馆",
            help="从下拉列表选择类别（小类），或填写类别代码，如 pp.bathing.barber。",
            synonyms=("类别", "行业类别", "场所类别", "单位类型"),
        ),
        ImportColumn(
            "opened_on",
            "开业日期",
            parse=parse_date,
            example=datetime.date(2020, 5, 1),
            synonyms=("成立日期", "开业时间"),
        ),
        ImportColumn(
            "phone",
            "联系电话",
            required=False,
            example="0795-1234567",
            synonyms=PHONE_SYNONYMS,
            holds=("phone",),
        ),
        ImportColumn(
            "subject_kind",
            "对象类型",
            required=False,
            parse=choice_parser(SubjectKind),
            example="单位",
            help="单位、个体工商户、社区、行政村、家庭、自然人（无证行医）；空白按“单位”。",
            synonyms=("类型", "主体类型"),
        ),
        ImportColumn(
            "id_number",
            "身份证号码",
            required=False,
            parse=parse_code,
            help="仅自然人（无证行医）填写，不详可不填。",
            synonyms=("身份证号", "公民身份号码"),
            holds=("id_number",),
        ),
        ImportColumn(
            "village_code",
            "村（社区）区划代码",
            required=False,
            parse=parse_code,
            help="社区、行政村可填写12位统计用区划代码。",
        ),
        ImportColumn("notes", "备注", required=False),
    )
    notes = ("身份证号码仅用于登记，导出和列表中均以掩码显示。",)

    def options(self):
        kinds = Category.objects.kinds().order_by("code")
        return {  # in the order of the columns
            "township": list(Township.objects.values_list("name", flat=True)),
            "category": list(dict.fromkeys(k.name for k in kinds)),
            "subject_kind": [label for _, label in SubjectKind.choices],
        }

    def examples(self):
        """A township and a kind of this database: the template's row can be imported."""
        township = Township.objects.first()
        kinds = list(Category.objects.kinds().order_by("code"))
        kind = next((k for k in kinds if k.name == "宾馆"), kinds[0] if kinds else None)
        names = [k.name for k in kinds]
        found = {}
        if township is not None:
            found["township"] = township.name
        if kind is not None:
            # A name held by two kinds is ambiguous: the code is taken instead.
            found["category"] = kind.name if names.count(kind.name) == 1 else kind.code
        return found

    def prepare(self, rows):
        self.townships = {t.name: t for t in Township.objects.all()}
        kinds = list(Category.objects.kinds().select_related("parent"))
        self.categories_by_code = {c.code: c for c in kinds}
        self.categories_by_name: dict[str, list[Category]] = {}
        for c in kinds:
            self.categories_by_name.setdefault(c.name, []).append(c)
        self.today = timezone.localdate()

    def clean_row(self, values):
        errors = {}
        township = self.townships.get(values["township"])
        if township is None:
            errors["township"] = f"系统中没有名为“{values['township']}”的乡镇（街道）。"
        category = self.categories_by_code.get(values["category"])
        if category is None:
            matches = self.categories_by_name.get(values["category"], [])
            if len(matches) == 1:
                category = matches[0]
            elif len(matches) > 1:
                errors["category"] = f"类别“{values['category']}”有重名，请填写类别代码。"
            else:
                errors["category"] = f"系统中没有名为“{values['category']}”的单位类别（小类）。"
        if values["opened_on"] and values["opened_on"] > self.today:
            errors["opened_on"] = "开业日期不能晚于今天。"
        instance = Establishment(
            subject_kind=values["subject_kind"] or SubjectKind.UNIT,
            name=values["name"],
            credit_code=values["credit_code"] or "",
            id_number=values["id_number"] or "",
            village_code=values["village_code"] or "",
            legal_representative=values["legal_representative"] or "",
            address=values["address"],
            phone=values["phone"] or "",
            notes=values["notes"] or "",
            opened_on=values["opened_on"],
            status=EstablishmentStatus.OPERATING,
        )
        for key, message in instance.subject_errors().items():
            errors.setdefault(key, [message])
        if category is not None:
            instance.category = category
            category_error = instance.category_error()
            if category_error:
                errors.setdefault("category", [category_error])
        field_errors = _model_errors(instance, exclude=["township", "category", "closed_on"])
        if field_errors:
            for key, messages in field_errors.message_dict.items():
                errors.setdefault(key, messages)
        if errors:
            raise ValidationError(errors)
        instance.township = township
        instance.category = category
        return {
            "instance": instance,
            "credit_code": instance.credit_code,
            "id_number": instance.id_number if instance.is_person else "",
        }

    def check_file(self, rows):
        errors = []
        header = "统一社会信用代码"
        first_row = {}
        for row_number, values in rows:
            code = values["credit_code"]
            if not code:
                continue  # a subject without a code (its kind was checked per row)
            if code in first_row:
                errors.append(
                    RowError(row_number, header, f"与第{first_row[code]}行的统一社会信用代码重复。")
                )
            else:
                first_row[code] = row_number
        existing = {}
        for chunk in _chunks(first_row):
            for code, name in (
                Establishment.objects.open()
                .filter(credit_code__in=chunk)
                .values_list("credit_code", "name")
            ):
                existing[code] = name
        for row_number, values in rows:
            code = values["credit_code"]
            if code in existing and first_row.get(code) == row_number:
                errors.append(
                    RowError(
                        row_number, header, f"系统中已有使用该代码的在营单位“{existing[code]}”。"
                    )
                )
        return errors + self._person_duplicates(rows)

    def _person_duplicates(self, rows):
        """A person (自然人) is registered once per ID number: in the file and in the system."""
        errors, header, first_row = [], "身份证号码", {}
        for row_number, values in rows:
            number = values.get("id_number")
            if not number:
                continue
            if number in first_row:
                errors.append(
                    RowError(row_number, header, f"与第{first_row[number]}行的身份证号码重复。")
                )
            else:
                first_row[number] = row_number
        existing = {}
        for chunk in _chunks(first_row):
            existing.update(
                Establishment.objects.filter(
                    subject_kind=SubjectKind.PERSON, id_number__in=chunk
                ).values_list("id_number", "name")
            )
        for number, row_number in first_row.items():
            if number in existing:
                errors.append(
                    RowError(
                        row_number, header, f"该身份证号码已登记为自然人“{existing[number]}”。"
                    )
                )
        return errors

    def write(self, rows):
        records = establishments_register(
            user=self.user, establishments=[r["instance"] for r in rows]
        )
        self.track(records)
        return len(rows)


class PractitionerImporter(XlsxImporter):
    title = "从业人员"
    permission = "premises.add_practitioner"
    columns = (
        ImportColumn(
            "credit_code",
            "单位统一社会信用代码",
            parse=parse_code,
            example="91350100M000100Y43",
            help="所在单位（须为在营单位）的统一社会信用代码。",
            synonyms=("统一社会信用代码", "信用代码", "单位信用代码"),
            holds=("credit_code",),
        ),
        ImportColumn("name", "姓名", example="李四", holds=("person",)),
        ImportColumn("sex", "性别", parse=choice_parser(Sex), example="女"),
        ImportColumn(
            "post",
            "岗位",
            example="服务员",
            help="岗位表中的岗位名称；是否直接为顾客服务（须持健康合格证明）由岗位表决定。",
            synonyms=("工作岗位", "职务", "工种"),
        ),
        ImportColumn(
            "id_number",
            "身份证号码",
            parse=parse_code,
            example="11010519491231002X",
            help="18位，请设置为文本格式。",
            synonyms=("身份证号", "公民身份号码", "证件号码", "身份证"),
            holds=("id_number",),
        ),
        ImportColumn("hired_on", "入职日期", parse=parse_date, example=datetime.date(2023, 3, 1)),
        ImportColumn(
            "phone", "联系电话", required=False, synonyms=PHONE_SYNONYMS, holds=("phone",)
        ),
        ImportColumn("left_on", "离职日期", required=False, parse=parse_date),
    )
    notes = ("身份证号码仅用于登记，导出和列表中均以掩码显示。",)

    def options(self):
        return {
            "sex": [label for _, label in Sex.choices],
            "post": list(Post.objects.filter(is_active=True).values_list("name", flat=True)),
        }

    def examples(self):
        """A unit of the registry: the example row points at a real one."""
        unit = Establishment.objects.open().order_by("pk").only("credit_code").first()
        return {"credit_code": unit.credit_code} if unit else {}

    def prepare(self, rows):
        codes = {parse_code_safe(r.get("credit_code")) for r in rows} - {""}
        self.units = {}
        for chunk in _chunks(codes):
            for unit in (
                Establishment.objects.open()
                .filter(credit_code__in=chunk)
                .only("id", "name", "credit_code")
            ):
                self.units[unit.credit_code] = unit
        self.today = timezone.localdate()
        self.posts = Post.objects.filter(is_active=True).by_name()

    def clean_row(self, values):
        errors = {}
        unit = self.units.get(values["credit_code"])
        if unit is None:
            errors["credit_code"] = "系统中没有使用该统一社会信用代码的在营单位，请先登记单位。"
        post = self.posts.get((values["post"] or "").strip())
        if post is None:
            errors["post"] = [
                f"岗位表中没有“{values['post']}”，请填写岗位表中的岗位名称或别名"
                "（如服务员、理发师、会计），或请系统管理员先在岗位表中添加。"
            ]
        instance = Practitioner(
            establishment=unit,
            name=values["name"],
            sex=values["sex"],
            post=post,
            id_number=values["id_number"],
            phone=values["phone"] or "",
            hired_on=values["hired_on"],
            left_on=values["left_on"],
        )
        field_errors = _model_errors(instance, exclude=["establishment"])
        if field_errors:
            for key, messages in field_errors.message_dict.items():
                errors.setdefault(key, messages)
        if values["hired_on"] and values["hired_on"] > self.today:
            errors.setdefault("hired_on", ["入职日期不能晚于今天。"])
        if values["left_on"] and values["hired_on"] and values["left_on"] < values["hired_on"]:
            errors.setdefault("left_on", ["离职日期不能早于入职日期。"])
        if errors:
            raise ValidationError(errors)
        return {"instance": instance}

    def check_file(self, rows):
        errors = []
        header = "身份证号码"
        first_row = {}
        current = [(r, v["instance"]) for r, v in rows if v["instance"].left_on is None]
        for row_number, p in current:
            key = (p.establishment_id, p.id_number)
            if key in first_row:
                errors.append(
                    RowError(
                        row_number, header, f"与第{first_row[key]}行为同一单位的同一在职人员。"
                    )
                )
            else:
                first_row[key] = row_number
        unit_ids = {p.establishment_id for _, p in current}
        existing = set()
        for chunk in _chunks(unit_ids):
            existing.update(
                Practitioner.objects.filter(
                    establishment_id__in=chunk, left_on__isnull=True
                ).values_list("establishment_id", "id_number")
            )
        for row_number, p in current:
            if (p.establishment_id, p.id_number) in existing:
                errors.append(RowError(row_number, header, "该人员已在该单位在职登记。"))
        return errors

    def write(self, rows):
        created = practitioners_register(
            user=self.user, practitioners=[r["instance"] for r in rows]
        )
        self.track(created)
        return len(created)


def parse_code_safe(value) -> str:
    try:
        return parse_code(value) if value is not None else ""
    except CellError:
        return ""
