"""Limits as data beside GB 37488 (0002): drinking water under GB 5749-2022 and the classroom
environment of schools (教学环境), with the units each sample type is taken at.

1. GB 5749-2022《生活饮用水卫生标准》(published 2022-03-15, in force 2023-04-01), 表1 水质常规
   指标及限值 and 表2 生活饮用水消毒剂常规指标及要求.
   Checked (public copies of the 2006 table, whose values 2022 keeps for these items): 总大肠
   菌群 / 大肠埃希氏菌 不应检出 per 100 mL, 菌落总数 100, 砷 0.01, 镉 0.005, 铬(六价) 0.05, 铅
   0.01, 汞 0.001, 氰化物 0.05, 氟化物 1.0, 三氯甲烷 0.06, 色度 15, 臭和味 无异臭异味, 肉眼可见物
   无, pH 6.5–8.5, 铝 0.2, 铁 0.3, 锰 0.1, 铜 1.0, 锌 1.0, 氯化物 250, 硫酸盐 250, 溶解性总固体
   1000, 总硬度 450, 总α 0.5, 总β 1 Bq/L.
   The 2022 foreword (public copy) says 硝酸盐, 浑浊度, 高锰酸盐指数 and 游离氯 changed their
   limits, 耗氧量 became 高锰酸盐指数 and 氨氮 became 氨, and the small-supply exceptions were
   removed; the 2022 values loaded for these — 硝酸盐(以N计) 10, 浑浊度 1 NTU, 高锰酸盐指数 3,
   氨(以N计) 0.5, 游离氯 出厂水 ≤2 with 出厂水余量 ≥0.3 and 末梢水余量 ≥0.05 — were not read in
   the 2022 table itself: UNVERIFIED. 二氧化氯 (≤0.8, 出厂 ≥0.1, 末梢 ≥0.02) likewise UNVERIFIED.
2. 教室环境 (classroom readings at a school inspection), UNVERIFIED unless said:
   GB 7793-2010《中小学校教室采光和照明卫生标准》: 课桌面维持平均照度 ≥300 lx, 照度均匀度 ≥0.7;
   黑板面维持平均照度 ≥500 lx, 均匀度 ≥0.8; 窗地面积比 ≥1:5 (0.20); 课桌面采光系数最低值
   ≥2.0 %. GB/T 17226-2017《中小学校教室换气卫生要求》: CO2 ≤0.15 %. GB 50099-2011《中小学校设计
   规范》 and GB 50118-2010: 普通教室允许噪声级 ≤45 dB(A); 冬季采暖教室温度 ≥18 ℃ (design
   value; 16 ℃ is loaded as the lower limit a reading fails under — the office's practice).
   GB/T 18205-2012《学校卫生综合评价》: 教室人均面积 小学 ≥1.15 m² (中学 1.12; the lower of a
   school's levels is loaded), 课桌椅分配符合率 ≥80 %.
Everything is editable in the admin (卫生标准限值, 样品类型适用范围).
"""

from decimal import Decimal

from django.db import migrations

WATER = "GB 5749-2022"
CLASSROOM_STANDARD = "GB 7793-2010 等"

NONNEG = ("0", None)
PH = ("0", "14")

# (parameter, unit, minimum, maximum, not_detected, plausible (min, max), lab_test)
COMMON = [
    ("总大肠菌群", "MPN/100mL或CFU/100mL", None, None, True, NONNEG, True),
    ("大肠埃希氏菌", "MPN/100mL或CFU/100mL", None, None, True, NONNEG, True),
    ("菌落总数", "MPN/mL或CFU/mL", None, "100", False, NONNEG, True),
    ("砷", "mg/L", None, "0.01", False, NONNEG, True),
    ("镉", "mg/L", None, "0.005", False, NONNEG, True),
    ("铬（六价）", "mg/L", None, "0.05", False, NONNEG, True),
    ("铅", "mg/L", None, "0.01", False, NONNEG, True),
    ("汞", "mg/L", None, "0.001", False, NONNEG, True),
    ("氰化物", "mg/L", None, "0.05", False, NONNEG, True),
    ("氟化物", "mg/L", None, "1.0", False, NONNEG, True),
    ("硝酸盐（以N计）", "mg/L", None, "10", False, NONNEG, True),
    ("三氯甲烷", "mg/L", None, "0.06", False, NONNEG, True),
    ("色度", "铂钴色度单位", None, "15", False, NONNEG, False),
    ("浑浊度", "NTU", None, "1", False, ("0", "4000"), False),
    ("臭和味（有异臭、异味为检出）", "", None, None, True, NONNEG, False),
    ("肉眼可见物（有为检出）", "", None, None, True, NONNEG, False),
    ("pH", "", "6.5", "8.5", False, PH, False),
    ("铝", "mg/L", None, "0.2", False, NONNEG, True),
    ("铁", "mg/L", None, "0.3", False, NONNEG, True),
    ("锰", "mg/L", None, "0.1", False, NONNEG, True),
    ("铜", "mg/L", None, "1.0", False, NONNEG, True),
    ("锌", "mg/L", None, "1.0", False, NONNEG, True),
    ("氯化物", "mg/L", None, "250", False, NONNEG, True),
    ("硫酸盐", "mg/L", None, "250", False, NONNEG, True),
    ("溶解性总固体", "mg/L", None, "1000", False, NONNEG, True),
    ("总硬度（以CaCO3计）", "mg/L", None, "450", False, NONNEG, True),
    ("高锰酸盐指数（以O2计）", "mg/L", None, "3", False, NONNEG, True),
    ("氨（以N计）", "mg/L", None, "0.5", False, NONNEG, True),
    ("总α放射性（指导值）", "Bq/L", None, "0.5", False, NONNEG, True),
    ("总β放射性（指导值）", "Bq/L", None, "1", False, NONNEG, True),
]

# 表2: the disinfectant left in the water (the limit is the same at the plant and the tap; the
# residue required differs).
PLANT_DISINFECTANT = [
    ("游离氯（使用氯消毒时）", "mg/L", "0.3", "2", False, NONNEG, False),
    ("二氧化氯（使用二氧化氯消毒时）", "mg/L", "0.1", "0.8", False, NONNEG, False),
]
TAP_DISINFECTANT = [
    ("游离氯（使用氯消毒时）", "mg/L", "0.05", "2", False, NONNEG, False),
    ("二氧化氯（使用二氧化氯消毒时）", "mg/L", "0.02", "0.8", False, NONNEG, False),
]

# 二次供水: what the inspector usually has tested of a tank's water (a subset of 表1).
SECONDARY_PARAMETERS = {
    "总大肠菌群",
    "大肠埃希氏菌",
    "菌落总数",
    "色度",
    "浑浊度",
    "臭和味（有异臭、异味为检出）",
    "肉眼可见物（有为检出）",
    "pH",
    "铁",
    "锰",
    "高锰酸盐指数（以O2计）",
    "氨（以N计）",
}

CLASSROOM = [
    ("课桌面平均照度", "lx", "300", None, False, ("0", "100000"), False),
    ("课桌面照度均匀度", "", "0.7", None, False, ("0", "1"), False),
    ("黑板面平均照度", "lx", "500", None, False, ("0", "100000"), False),
    ("黑板面照度均匀度", "", "0.8", None, False, ("0", "1"), False),
    ("窗地面积比", "", "0.2", None, False, ("0", "2"), False),
    ("课桌面采光系数", "%", "2.0", None, False, ("0", "100"), False),
    ("人均面积", "m²/人", "1.15", None, False, ("0", "100"), False),
    ("课桌椅分配符合率", "%", "80", None, False, ("0", "100"), False),
    ("二氧化碳", "%", None, "0.15", False, ("0", "10"), False),
    ("噪声", "dB(A)", None, "45", False, ("0", "150"), False),
    ("教室温度", "℃", "16", None, False, ("-30", "60"), False),
]

SAMPLE_TYPES = [
    ("出厂水", WATER, COMMON + PLANT_DISINFECTANT),
    ("末梢水", WATER, COMMON + TAP_DISINFECTANT),
    (
        "二次供水水",
        WATER,
        [row for row in COMMON if row[0] in SECONDARY_PARAMETERS] + TAP_DISINFECTANT,
    ),
    ("教室环境", CLASSROOM_STANDARD, CLASSROOM),
]

SCOPES = [
    (
        "出厂水",
        ["dw.supply.central", "dw.supply.school_well", "dw.supply.vending"],
        "GB 5749-2022：集中式供水（含学校自备井）的出厂水。",
    ),
    ("末梢水", ["dw.supply"], "GB 5749-2022：供水单位管网末梢（龙头）水。"),
    ("二次供水水", ["dw.supply.secondary"], "GB 5749-2022：二次供水设施的水。"),
    ("教室环境", ["sc.school"], "学校教学环境：每间教室一份，采样点填教室名称。"),
]


def _dec(value):
    return Decimal(value) if value is not None else None


def load(apps, schema_editor):
    StandardLimit = apps.get_model("inspections", "StandardLimit")
    SampleTypeScope = apps.get_model("inspections", "SampleTypeScope")
    Category = apps.get_model("premises", "Category")
    for sample_type, standard, rows in SAMPLE_TYPES:
        for order, (parameter, unit, low, high, nd, (p_low, p_high), lab) in enumerate(
            rows, start=1
        ):
            StandardLimit.objects.update_or_create(
                sample_type=sample_type,
                standard=standard,
                parameter=parameter,
                defaults={
                    "unit": unit,
                    "minimum": _dec(low),
                    "maximum": _dec(high),
                    "not_detected": nd,
                    "plausible_min": _dec(p_low),
                    "plausible_max": _dec(p_high),
                    "lab_test": lab,
                    "order": order,
                    "is_active": True,
                },
            )
    for sample_type, codes, note in SCOPES:
        scope, _ = SampleTypeScope.objects.update_or_create(
            sample_type=sample_type, defaults={"note": note}
        )
        scope.categories.set(Category.objects.filter(code__in=codes))


def unload(apps, schema_editor):
    StandardLimit = apps.get_model("inspections", "StandardLimit")
    SampleTypeScope = apps.get_model("inspections", "SampleTypeScope")
    types = [row[0] for row in SAMPLE_TYPES]
    SampleTypeScope.objects.filter(sample_type__in=types).delete()
    StandardLimit.objects.filter(sample_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0014_complaints"),
        ("premises", "0011_water_school_registers"),
    ]

    operations = [migrations.RunPython(load, unload)]
