"""Permit types and their number series (editable in the admin).

Public-place hygiene permit: valid 4 years, renewal applied for 30 days before expiry,
decision within 20 working days of acceptance (公共场所卫生管理条例实施细则, 行政许可法).
The radiation-diagnosis permit applies to the kinds of the radiation domain.
"""

from django.db import migrations

SERIES = [
    ("permit-receipt", "许可受理编号", "许受〔{year}〕{number:04d}号"),
    ("permit-public_place", "公共场所卫生许可证", "卫公证字〔{year}〕第{number:04d}号"),
    ("permit-radiation", "放射诊疗许可证", "放诊许〔{year}〕第{number:04d}号"),
]


def load(apps, schema_editor):
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    PermitType = apps.get_model("licensing", "PermitType")
    Category = apps.get_model("premises", "Category")
    series = {}
    for code, name, pattern in SERIES:
        series[code], _ = DocumentSeries.objects.update_or_create(
            code=code, defaults={"name": name, "pattern": pattern}
        )
    public, _ = PermitType.objects.update_or_create(
        code="public_place",
        defaults={
            "name": "公共场所卫生许可证",
            "term_years": 4,
            "decision_working_days": 20,
            "renewal_notice_days": 30,
            "post_check_days": 30,
            "number_series": series["permit-public_place"],
        },
    )
    public.categories.set(
        Category.objects.filter(domain__code="public_places", parent__isnull=False, needs_permit=True)
    )
    radiation, _ = PermitType.objects.update_or_create(
        code="radiation",
        defaults={
            "name": "放射诊疗许可证",
            "term_years": 4,
            "decision_working_days": 20,
            "renewal_notice_days": 30,
            "post_check_days": 30,
            "number_series": series["permit-radiation"],
        },
    )
    radiation.categories.set(Category.objects.filter(domain__code="radiation", parent__isnull=False))


def unload(apps, schema_editor):
    apps.get_model("licensing", "PermitType").objects.all().delete()
    apps.get_model("core", "DocumentSeries").objects.filter(code__in=[s[0] for s in SERIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0001_initial"),
        ("core", "0004_working_day_calendar"),
        ("premises", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(load, unload)]
