"""Drinking-water permit types, and the permit types' kinds as the one table of which kinds
need which permit (issue #16).

Water suppliers need a permit (传染病防治法 art. 29: 饮用水供水单位 ... 应当依法取得卫生许可证;
生活饮用水卫生监督管理办法, 建设部、卫生部令第53号, as amended 2016 by 住房城乡建设部、国家卫生
计生委令第31号, art. 2 and 7), and no type covered them, so they stayed 应发证 for ever.
Three types, as the provinces' service catalogues split the item 饮用水供水单位卫生许可:

- 集中式供水单位卫生许可证 (kind dw.supply.central),
- 二次供水单位卫生许可证 (dw.supply.secondary),
- 现制现售水卫生许可证 (dw.supply.vending; local practice issues it as a water supplier's
  permit where the province does).

Terms (办法 art. 20): valid four years; the new permit is applied for six months before
expiry (kept as 180 days' notice); a decision within 20 working days of acceptance (行政许可
法 art. 42); the review is on site. The yearly review (每年复核) some local guides keep is not
modelled. All three share one number series, 卫水证字〔年〕第号 (a series shared by types is
numbered as one). Everything is editable in the admin.

The kinds: until now a category's own flag (needs_permit) and a type's categories both said
whether a kind needs a permit. From here a type's categories alone say it. A type keeps
the kinds it lists that still had the flag (a kind unticked in the registry, such as a
茶楼, no longer needs the type); the water types list their kinds when flagged. premises
0007 then drops the flag.
"""

from django.db import migrations, models

SERIES = ("permit-drinking_water", "生活饮用水卫生许可证", "卫水证字〔{year}〕第{number:04d}号")
TYPES = [
    ("water_central", "集中式供水单位卫生许可证", "dw.supply.central"),
    ("water_secondary", "二次供水单位卫生许可证", "dw.supply.secondary"),
    ("water_vending", "现制现售水卫生许可证", "dw.supply.vending"),
]


def load(apps, schema_editor):
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    PermitType = apps.get_model("licensing", "PermitType")
    Category = apps.get_model("premises", "Category")
    code, name, pattern = SERIES
    series, _ = DocumentSeries.objects.get_or_create(
        code=code, defaults={"name": name, "pattern": pattern}
    )
    for type_code, type_name, kind in TYPES:
        permit_type, created = PermitType.objects.get_or_create(
            code=type_code,
            defaults={
                "name": type_name,
                "term_years": 4,
                "decision_working_days": 20,
                "renewal_notice_days": 180,
                "post_check_days": 30,
                "review_on_site": True,
                "number_series": series,
            },
        )
        if created:
            permit_type.categories.set(Category.objects.filter(code=kind, needs_permit=True))
    for permit_type in PermitType.objects.all():
        unflagged = permit_type.categories.filter(needs_permit=False)
        permit_type.categories.remove(*unflagged)


def unload(apps, schema_editor):
    """The water types and their series go where nothing was recorded under them; the
    kinds dropped from a type are not listed again (premises 0007 backwards sets the flag
    from the types)."""
    PermitType = apps.get_model("licensing", "PermitType")
    Application = apps.get_model("licensing", "Application")
    for permit_type in PermitType.objects.filter(code__in=[t[0] for t in TYPES]):
        used = Application.objects.filter(permit_type=permit_type).exists()
        if not used and not permit_type.permits.exists():
            permit_type.delete()
    if not PermitType.objects.filter(number_series__code=SERIES[0]).exists():
        apps.get_model("core", "DocumentSeries").objects.filter(code=SERIES[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0010_window_step_permissions"),
        ("premises", "0006_statuschange_until_trigger"),
    ]

    operations = [
        migrations.RunPython(load, unload),
        migrations.AlterField(
            model_name="permittype",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                help_text="须办理本类许可证的单位类别：一个单位应发证且可申请本类许可证，当且仅当其类别在此列出（未列入任何许可证类型的类别无需卫生许可，如公园、体育场馆、公共交通工具）。国发〔2016〕12号已取消饭馆、咖啡馆、酒吧、茶座的公共场所卫生许可；初始数据沿用本县台帐做法仍列入这些类别（如茶楼），不再对其发证时从此处移除即可。",
                related_name="permit_types",
                to="premises.category",
                verbose_name="适用类别",
            ),
        ),
    ]
