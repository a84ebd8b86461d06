"""Import of permits issued before the office used Weijian (.xlsx, core.imports)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.imports import (
    ImportColumn,
    ImportFailed,
    RowError,
    XlsxImporter,
    parse_code,
    parse_date,
)
from licensing import services
from licensing.models import Permit, PermitType
from premises.imports import _chunks, parse_code_safe
from premises.models import Establishment


class PermitImporter(XlsxImporter):
    title = "卫生许可证"
    permission = "licensing.add_permit"
    columns = (
        ImportColumn(
            "credit_code",
            "单位统一社会信用代码",
            parse=parse_code,
            example="91350100M000100Y43",
            help="持证单位（须已建档且未关闭）的统一社会信用代码。",
            synonyms=("统一社会信用代码", "信用代码"),
            holds=("credit_code",),
        ),
        ImportColumn(
            "permit_type",
            "许可类型",
            example="公共场所卫生许可证",
            help="填写许可类型名称或代码，如 公共场所卫生许可证 或 public_place。",
        ),
        ImportColumn(
            "number", "许可证号", example="赣卫公证字〔2022〕第0012号", synonyms=("证号",)
        ),
        ImportColumn("business_scope", "许可项目", example="理发"),
        ImportColumn(
            "issued_on",
            "发证日期",
            parse=parse_date,
            example=datetime.date(2022, 5, 10),
            synonyms=("发证时间",),
        ),
        ImportColumn(
            "expires_on",
            "有效期至",
            required=False,
            parse=parse_date,
            example=datetime.date(2026, 5, 9),
            help="有有效期的许可证必填；放射诊疗许可证长期有效、按校验管理，不填。",
        ),
    )
    notes = ("导入的许可证标记为“补录”，保留原许可证号。",)

    def options(self):
        return {"permit_type": list(PermitType.objects.values_list("name", flat=True))}

    def prepare(self, rows):
        codes = {parse_code_safe(r.get("credit_code")) for r in rows} - {""}
        self.units = {}
        for chunk in _chunks(codes):
            units = Establishment.objects.open().filter(credit_code__in=chunk)
            for unit in units.select_related("category"):
                self.units[unit.credit_code] = unit
        # Each row's rules (permit_registration_errors) read these: no query per row.
        types = list(
            PermitType.objects.select_related("number_series").prefetch_related("categories")
        )
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
        if values["number"] is not None and len(values["number"]) > 60:
            errors["number"] = "许可证号不能超过 60 个字。"
        if values["business_scope"] is not None and len(values["business_scope"]) > 200:
            errors["business_scope"] = "许可项目不能超过 200 个字。"
        # The rules of a registration itself: the same function permit_register applies.
        rules, position = services.permit_registration_errors(
            establishment=unit,
            permit_type=permit_type,
            issued_on=values["issued_on"],
            expires_on=values["expires_on"],
            number=values["number"],
            today=self.today,
        )
        for key, message in rules.items():
            errors.setdefault("credit_code" if key == "establishment" else key, message)
        if errors:
            raise ValidationError(errors)
        return {**values, "unit": unit, "type": permit_type, "position": position}

    def check_file(self, rows):
        """Numbers held twice (in the file, or by a permit on record, also when written
        with other zero padding), and a second permit of a type valid today for a unit."""
        errors = []
        header = "许可证号"
        series_of = {t.pk: t.number_series_id for t in self.types.values()}
        first_row, first_place, first_valid = {}, {}, {}
        for row_number, values in rows:
            values["row"] = row_number
            series = series_of[values["type"].pk]
            key = (series, values["number"])
            place = (series, *values["position"]) if values["position"] else None
            earlier = first_row.get(key) or (first_place.get(place) if place else None)
            if earlier:
                errors.append(RowError(row_number, header, f"与第{earlier}行的许可证号重复。"))
                continue
            first_row[key] = row_number
            if place:
                first_place[place] = row_number
            if values["expires_on"] is None or values["expires_on"] >= self.today:
                unit_type = (values["unit"].pk, values["type"].pk)
                if unit_type in first_valid:
                    errors.append(
                        RowError(
                            row_number,
                            "许可类型",
                            f"与第{first_valid[unit_type]}行是同一单位仍在有效期内的同类许可证，"
                            "一个单位同类许可证只能有一张有效。",
                        )
                    )
                else:
                    first_valid[unit_type] = row_number
        held_numbers, held_places = set(), set()
        for chunk in _chunks(first_row):
            condition = Q(pk__in=[])
            for series, number in chunk:
                condition |= Q(permit_type__number_series=series, number=number)
            held_numbers.update(
                Permit.objects.filter(condition).values_list("permit_type__number_series", "number")
            )
        for chunk in _chunks(first_place):
            condition = Q(pk__in=[])
            for series, year, sequence in chunk:
                condition |= Q(permit_type__number_series=series, year=year, sequence=sequence)
            held_places.update(
                Permit.objects.filter(condition).values_list(
                    "permit_type__number_series", "year", "sequence"
                )
            )
        valid_held = {}
        for chunk in _chunks(first_valid):
            condition = Q(pk__in=[])
            for unit_id, type_id in chunk:
                condition |= Q(establishment_id=unit_id, permit_type_id=type_id)
            for permit in Permit.objects.valid_on(self.today).filter(condition):
                valid_held[(permit.establishment_id, permit.permit_type_id)] = permit
        for row_number, values in rows:
            series = series_of[values["type"].pk]
            key = (series, values["number"])
            place = (series, *values["position"]) if values["position"] else None
            if first_row.get(key) != row_number:
                continue
            if key in held_numbers or (place and place in held_places):
                errors.append(RowError(row_number, header, "该许可证号已登记或已由本局发出。"))
            unit_type = (values["unit"].pk, values["type"].pk)
            current = (
                valid_held.get(unit_type) if first_valid.get(unit_type) == row_number else None
            )
            if current is not None:
                errors.append(
                    RowError(
                        row_number,
                        "许可类型",
                        f"该单位已持有有效的{values['type'].name}（{current.number}），"
                        "不能再补录一张仍在有效期内的同类许可证。",
                    )
                )
        return errors

    def write(self, rows):
        for values in rows:
            try:
                permit = services.permit_register(
                    user=self.user,
                    establishment=values["unit"],
                    permit_type=values["type"],
                    number=values["number"],
                    issued_on=values["issued_on"],
                    expires_on=values["expires_on"],
                    business_scope=values["business_scope"],
                )
            except ValidationError as exc:
                # Recorded by someone else since the file was checked: nothing is written.
                raise ImportFailed(
                    [RowError(values["row"], "整行", m) for m in exc.messages]
                ) from None
            self.track([permit])
        return len(rows)
