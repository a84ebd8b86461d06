"""Violations get a statistics group (统计分组), set for the shipped catalogue."""

from django.db import migrations, models


# The statistics groups of the shipped violations (migration 0009's catalogue), by code:
# the county's 工作总结 adds up 医疗机构依法执业 (medical waste, practice beyond the
# registered subjects, non-technical staff...) apart from 非法行医.
GROUPS = (
    (("illegal-practice", "med-no-licence"), "非法行医"),
    (("med-", "mw-"), "医疗机构依法执业"),
    (("id-",), "传染病防治"),
    (("pp-",), "公共场所卫生"),
    (("dw-",), "生活饮用水卫生"),
    (("school-",), "学校卫生"),
    (("rad-",), "放射卫生"),
    (("fp-",), "母婴保健与计划生育"),
)


def group_of(code: str) -> str:
    for prefixes, group in GROUPS:
        if code in prefixes or code.startswith(tuple(p for p in prefixes if p.endswith("-"))):
            return group
    return ""


def set_groups(apps, schema_editor):
    Violation = apps.get_model("penalties", "Violation")
    for violation in Violation.objects.filter(report_group=""):
        group = group_of(violation.code)
        if group:
            Violation.objects.filter(pk=violation.pk).update(report_group=group)


class Migration(migrations.Migration):
    dependencies = [
        ("penalties", "0025_party_sex"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalviolation",
            name="report_group",
            field=models.CharField(
                blank=True,
                help_text="工作总结按此分组统计案件和罚没款（如“医疗机构依法执业”“非法行医”）；不填则单列。",
                max_length=50,
                verbose_name="统计分组",
            ),
        ),
        migrations.AddField(
            model_name="violation",
            name="report_group",
            field=models.CharField(
                blank=True,
                help_text="工作总结按此分组统计案件和罚没款（如“医疗机构依法执业”“非法行医”）；不填则单列。",
                max_length=50,
                verbose_name="统计分组",
            ),
        ),
        migrations.RunPython(set_groups, migrations.RunPython.noop),
    ]
