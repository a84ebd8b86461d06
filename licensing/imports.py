"""Import of permits issued before the office used Weijian (.xlsx, all-or-nothing)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.imports import ImportColumn, RowError, XlsxImporter, parse_code, parse_date
from licensing import services
from licensing.models import Permit, PermitType
from premises.imports import _chunks, parse_code_safe
from premises.models import Establishment


class PermitImporter(XlsxImporter):
    title = "卫生许可证"
    columns = (
        ImportColumn(
            "credit_code",
            "单位统一社会信用代码",
            parse=parse_code,
            example="91350100M000100Y43",
            help="持证单位（须已建档且未关闭）的统一社会信用代码。",
        ),
        ImportColumn(
            "permit_type",
            "许可类型",
            example="公共场所卫生许可证",
            help="填写许可类型名称或代码，如 公共场所卫生许可证 或 public_place。",
        ),
        ImportColumn("number", "许可证号", example="赣卫公证字〔2022〕第0012号"),
        ImportColumn("business_scope", "许可项目", example="理发"),
        ImportColumn("issued_on", "发证日期", parse=parse_date, example=datetime.date(2022, 5, 10)),
        ImportColumn("expires_on", "有效期至", parse=parse_date, example=datetime.date(2026, 5, 9)),
    )
    notes = ("导入的许可证标记为“补录”，保留原许可证号。",)

    def prepare(self, rows):
        codes = {parse_code_safe(r.get("credit_code")) for r in rows} - {""}
        self.units = {}
        for chunk in _chunks(codes):
            for unit in Establishment.objects.open().filter(credit_code__in=chunk):
                self.units[unit.credit_code] = unit
        types = list(PermitType.objects.all())
        self.types = {t.code: t for t in types}
        self.types.update({t.name: t for t in types})
        self.today = timezone.localdate()

    def clean_row(self, values):
        errors = {}
        if values["credit_code"] is not None:
            unit = self.units.get(values["credit_code"])
            if unit is None:
                errors["credit_code"] = "系统中没有使用该统一社会信用代码的在营单位，请先建档。"
        else:
            unit = None
        permit_type = None
        if values["permit_type"] is not None:
            permit_type = self.types.get(values["permit_type"])
            if permit_type is None:
                known = "、".join(sorted({t.name for t in self.types.values()}))
                errors["permit_type"] = (
                    f"没有名为“{values['permit_type']}”的许可类型，可填：{known}。"
                )
        issued_on, expires_on = values["issued_on"], values["expires_on"]
        if issued_on and issued_on > self.today:
            errors["issued_on"] = "发证日期不能晚于今天。"
        if issued_on and expires_on and expires_on <= issued_on:
            errors["expires_on"] = "有效期至应晚于发证日期。"
        if values["number"] is not None and len(values["number"]) > 60:
            errors["number"] = "许可证号不能超过 60 个字。"
        if values["business_scope"] is not None and len(values["business_scope"]) > 200:
            errors["business_scope"] = "许可项目不能超过 200 个字。"
        if errors:
            raise ValidationError(errors)
        return {**values, "unit": unit, "type": permit_type}

    def check_file(self, rows):
        errors = []
        header = "许可证号"
        first_row = {}
        for row_number, values in rows:
            key = (values["type"].pk, values["number"])
            if key in first_row:
                errors.append(
                    RowError(row_number, header, f"与第{first_row[key]}行的许可证号重复。")
                )
            else:
                first_row[key] = row_number
        existing = set()
        keys = list(first_row)
        for chunk in _chunks(keys):
            condition = Q(pk__in=[])
            for type_id, number in chunk:
                condition |= Q(permit_type_id=type_id, number=number)
            existing.update(
                Permit.objects.filter(condition).values_list("permit_type_id", "number")
            )
        for row_number, values in rows:
            key = (values["type"].pk, values["number"])
            if key in existing and first_row.get(key) == row_number:
                errors.append(RowError(row_number, header, "该许可证号已登记。"))
        return errors

    def write(self, rows):
        for values in rows:
            services.permit_register(
                user=self.user,
                establishment=values["unit"],
                permit_type=values["type"],
                number=values["number"],
                issued_on=values["issued_on"],
                expires_on=values["expires_on"],
                business_scope=values["business_scope"],
            )
        return len(rows)
