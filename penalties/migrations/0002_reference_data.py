"""Reference data of the penalty procedure, editable in the admin.

- Document series: case numbers, notices and decisions, each gapless per year.
- Time limits (行政处罚法 2021; "days" of seven or fewer are working days, art. 85).
- Violations with discretion tables. The statutory ranges are those of the clauses cited;
  the split of a range into minor / ordinary levels is a default each office replaces with
  its province's 裁量基准.
- The case-review checklist (案卷评查表), a scored checklist like those of inspections.
"""

from decimal import Decimal

from django.db import migrations

SERIES = [
    ("penalty-case", "行政处罚立案编号", "卫罚立〔{year}〕{number:04d}号"),
    ("penalty-notice", "行政处罚事先告知书", "卫罚告〔{year}〕{number:04d}号"),
    ("penalty-decision", "行政处罚决定书", "卫罚决〔{year}〕{number:04d}号"),
]

# code, days, working days, warn days, basis
TIME_LIMITS = [
    ("statement", 3, True, 2, "告知书载明的陈述申辩期限（行政处罚法第四十四、四十五条）"),
    ("hearing_request", 5, True, 2, "行政处罚法第六十四条：告知后五日内提出听证要求"),
    ("hearing_notice", 7, True, 2, "行政处罚法第六十四条：听证七日前通知当事人"),
    ("decision", 90, False, 15, "行政处罚法第六十条：立案之日起九十日内作出决定"),
    ("service", 7, True, 3, "行政处罚法第六十一条：七日内送达决定书"),
    ("payment", 15, False, 5, "行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款"),
    ("evidence", 7, True, 3, "行政处罚法第五十六条：先行登记保存的证据七日内作出处理决定"),
]

PP = "《公共场所卫生管理条例实施细则》"
W, F, G, I, C, S = (
    "warning",
    "fine",
    "confiscate_gains",
    "confiscate_items",
    "order_correct",
    "suspension",
)
# code, name, domain, legal basis, penalty basis, limitation years, levels:
#   (severity, circumstances, penalties, fine min, fine max, legal review)
VIOLATIONS = [
    (
        "pp-no-permit",
        "未依法取得公共场所卫生许可证擅自营业",
        "public_places",
        f"{PP}第二十二条第一款",
        f"{PP}第三十五条第一款",
        2,
        [
            ("minor", "首次发现，擅自营业时间较短，及时改正", [W, F, C], "500", "2000", False),
            ("ordinary", "擅自营业，未造成危害后果", [W, F, C], "2000", "5000", False),
            (
                "serious",
                "擅自营业曾受过卫生行政部门处罚、擅自营业三个月以上，或以涂改、转让、倒卖、伪造的卫生许可证擅自营业",
                [F, C],
                "5000",
                "30000",
                True,
            ),
        ],
    ),
    (
        "pp-no-testing",
        "未按照规定对公共场所的空气、微小气候、水质、采光、照明、噪声、顾客用品用具等进行卫生检测",
        "public_places",
        f"{PP}第十九条第一款",
        f"{PP}第三十六条第一项",
        2,
        [
            ("minor", "首次发现，责令限期改正", [W, C], None, None, False),
            ("ordinary", "未按规定检测", [W, F, C], "0", "2000", False),
            (
                "serious",
                "逾期不改正，造成公共场所卫生质量不符合卫生标准和要求",
                [F, C],
                "2000",
                "20000",
                True,
            ),
        ],
    ),
    (
        "pp-no-disinfection",
        "未按照规定对顾客用品用具进行清洗、消毒、保洁，或者重复使用一次性用品用具",
        "public_places",
        f"{PP}第十四条",
        f"{PP}第三十六条第二项",
        2,
        [
            ("minor", "首次发现，责令限期改正", [W, C], None, None, False),
            ("ordinary", "未按规定清洗消毒", [W, F, C], "0", "2000", False),
            (
                "serious",
                "逾期不改正，造成公共场所卫生质量不符合卫生标准和要求",
                [F, C, S],
                "2000",
                "20000",
                True,
            ),
        ],
    ),
    (
        "pp-no-health-certificate",
        "安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作",
        "public_places",
        f"{PP}第十条",
        f"{PP}第三十八条",
        2,
        [
            ("ordinary", "安排无有效健康合格证明的人员从事直接为顾客服务的工作", [W, F, C], "500", "5000", False),
            ("serious", "逾期不改正", [F, C], "5000", "15000", True),
        ],
    ),
    (
        "illegal-practice",
        "非医师行医（未取得医师资格从事医师执业活动）",
        "medical",
        "《中华人民共和国医师法》第十三条",
        "《中华人民共和国医师法》第五十九条",
        5,
        [
            (
                "ordinary",
                "违法所得不足一万元（按一万元计算，处二倍以上十倍以下罚款）",
                [F, G, I, C],
                "20000",
                "100000",
                True,
            ),
            (
                "serious",
                "违法所得一万元以上（处违法所得二倍以上十倍以下罚款）",
                [F, G, I, C],
                "20000",
                None,
                True,
            ),
        ],
    ),
]

REVIEW = {
    "code": "case-review",
    "name": "卫生行政处罚案卷评查表",
    "description": "按卫生行政执法案卷评查标准设置，满分100分；90分以上为优秀，70分以上为合格。",
    "pass_mark": Decimal("70"),
    "excellent_mark": Decimal("90"),
}
REVIEW_ITEMS = [
    ("立案", "立案审批表填写完整，在发现违法行为后及时立案，案由准确", 10),
    ("调查取证", "两名以上执法人员调查取证，出示证件，笔录完整并经当事人签字", 15),
    ("调查取证", "证据种类齐全、来源合法，足以证明违法事实", 15),
    ("告知", "事先告知书载明拟处罚的事实、理由、依据和陈述申辩、听证权利", 10),
    ("告知", "陈述申辩、听证按规定办理并复核", 5),
    ("决定", "适用法律正确，处罚在裁量基准幅度内或偏离有理由", 15),
    ("决定", "在法定期限内作出决定，重大处罚经法制审核", 10),
    ("送达", "决定书在七日内依法送达，送达回证完整", 5),
    ("执行", "罚没款足额缴纳或依法强制执行，票据齐全", 10),
    ("结案归档", "结案报告完整，案卷按顺序装订归档", 5),
]


def load(apps, schema_editor):
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    TimeLimit = apps.get_model("penalties", "TimeLimit")
    Violation = apps.get_model("penalties", "Violation")
    DiscretionLevel = apps.get_model("penalties", "DiscretionLevel")
    Domain = apps.get_model("premises", "Domain")
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    for code, name, pattern in SERIES:
        DocumentSeries.objects.update_or_create(code=code, defaults={"name": name, "pattern": pattern})
    for code, days, working, warn, basis in TIME_LIMITS:
        TimeLimit.objects.update_or_create(
            code=code,
            defaults={"days": days, "working_days": working, "warn_days": warn, "basis": basis},
        )
    for order, (code, name, domain, legal, penalty, years, levels) in enumerate(VIOLATIONS, 1):
        violation, _ = Violation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "domain": Domain.objects.filter(code=domain).first(),
                "legal_basis": legal,
                "penalty_basis": penalty,
                "limitation_years": years,
                "order": order,
            },
        )
        for severity, circumstances, penalties, low, high, review in levels:
            DiscretionLevel.objects.update_or_create(
                violation=violation,
                severity=severity,
                defaults={
                    "circumstances": circumstances,
                    "penalties": penalties,
                    "fine_min": None if low is None else Decimal(low),
                    "fine_max": None if high is None else Decimal(high),
                    "requires_legal_review": review,
                },
            )
    if not ChecklistTemplate.objects.filter(code=REVIEW["code"]).exists():
        template = ChecklistTemplate.objects.create(
            version=1, is_current=True, purpose="case_review", **REVIEW
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                template=template, section=section, content=content, max_points=points, order=i
            )
            for i, (section, content, points) in enumerate(REVIEW_ITEMS, start=1)
        )


def unload(apps, schema_editor):
    apps.get_model("penalties", "Violation").objects.all().delete()
    apps.get_model("penalties", "TimeLimit").objects.all().delete()
    apps.get_model("core", "DocumentSeries").objects.filter(code__in=[s[0] for s in SERIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("penalties", "0001_initial"),
        ("core", "0004_working_day_calendar"),
        ("premises", "0002_reference_data"),
        ("inspections", "0003_checklist_purpose"),
    ]

    operations = [migrations.RunPython(load, unload)]
