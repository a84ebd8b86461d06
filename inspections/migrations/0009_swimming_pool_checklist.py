"""Reference data for the tablet checklists (issue #15):

1. 游泳场所卫生监督检查表, a sheet for artificial swimming pools beside the routine
   public-place sheet of 0002_reference_data (same layout: section, subsection, content,
   points, guidance; ※ marks a key item, is_key, whose failure fails the sheet whatever the
   total). Written for the office from:
   - GB 37488-2019《公共场所卫生指标及限值要求》(pool water: the limits loaded in 0002 —
     浑浊度, pH, 游离性余氯, 化合性余氯, 尿素, 菌落总数, 总大肠菌群 …);
   - 《游泳场所卫生规范》(卫生部、国家体育总局, 2007: 更衣室—强制淋浴—浸脚池—游泳池 in
     that order, 浸脚池 游离性余氯 5–10 mg/L changed at least every 4 hours, 池水循环净化
     消毒 and daily fresh water, self-testing of the water, records kept);
   - GB 37487-2019《公共场所卫生管理规范》(permit, health certificates, training, records).
   Lifeguards (救生员) are a sports-venue safety rule (GB 19079.1-2013《体育场所开放条件与
   技术要求 第1部分：游泳场所》) that health inspectors check on the same visit; the numbers
   (水面面积 250 m² 及以下不少于 3 名, 每增加 250 m² 增加 1 名) are quoted from that standard
   as commonly cited, not checked against its text here. The points and the pass mark (60)
   are the office's choice, editable in the admin (a changed sheet in use becomes a version).
2. Default requirement texts of the problem types of 0002 (ProblemType.requirement), which
   the supervision opinion form fills in beside a ticked problem.
3. The routine sheet's description no longer asks to score a missing item at full marks:
   an item that does not apply is now marked 不适用 (合理缺项) and leaves the total.

Loaded with update_or_create on stable codes: running ``load`` twice changes nothing.
"""

from decimal import Decimal

from django.db import migrations

SWIMMING_POOL = {
    "code": "swimming-pool",
    "version": 1,
    "name": "游泳场所卫生监督检查表",
    "pass_mark": Decimal("60"),
    "converted_factor": None,
    "description": (
        "人工游泳场所日常卫生监督检查用，依据《公共场所卫生管理条例》及其实施细则、"
        "GB 37487-2019《公共场所卫生管理规范》、GB 37488-2019《公共场所卫生指标及限值要求》和"
        "《游泳场所卫生规范》。满分 100 分；本场所不涉及的项目选“不适用”（合理缺项），不计入"
        "应得分，标准化得分 = 得分 ÷ 应得分 × 100，60 分及以上为合格。"
        "标 ※ 的为关键项，关键项不符合的，无论得分多少均为不合格。"
    ),
}

# (section, subsection, content, points, guidance, key item)
SWIMMING_POOL_ITEMS = [
    (
        "证照管理",
        "卫生许可证",
        "持有效公共场所卫生许可证，在醒目位置悬挂公示，许可项目与实际一致。",
        "8",
        "无有效卫生许可证不得分，并移送立案查处；有证未公示扣3分；超范围经营扣5分。",
        True,
    ),
    (
        "证照管理",
        "从业人员健康合格证明与培训",
        "从业人员持有效健康合格证明上岗，经卫生知识培训考核合格，有培训记录。",
        "6",
        "每发现1名无有效健康合格证明上岗扣2分；无培训记录扣2分；扣完为止。",
        False,
    ),
    (
        "卫生管理",
        "制度与档案",
        "建立卫生管理制度和卫生管理档案，配备专（兼）职卫生管理人员；档案包括水质自检、"
        "循环净化消毒设备运行、消毒剂投加、浸脚池换水、设施维护等记录，至少保存两年。",
        "6",
        "无卫生管理制度扣3分；无卫生管理档案扣3分；每缺一类记录扣1分，扣完为止。",
        False,
    ),
    (
        "卫生管理",
        "禁止游泳的人员",
        "在入口醒目位置设置禁止患有肝炎、心脏病、皮肤癣疹（包括脚癣）、重症沙眼、急性结膜炎、"
        "中耳炎、肠道传染病、精神病等疾病的患者和酗酒者进入游泳池游泳的告示，并有人员查验。",
        "4",
        "无告示扣2分；无人员查验或发现上述人员游泳未劝阻扣2分。",
        False,
    ),
    (
        "安全与救护",
        "救生员",
        "开放时间内按水面面积配备持证救生员在岗（水面面积250 m²及以下不少于3名，每增加250 m²"
        "增加1名），救生员位置视野覆盖全池。",
        "8",
        "开放时无救生员在岗不得分；人数不足每少1名扣3分；无有效救生员证书每人扣2分；扣完为止。",
        False,
    ),
    (
        "安全与救护",
        "急救与警示",
        "设急救室，配备氧气袋、救护床、急救药品和器材；深、浅水区有明显的水深标识和警示，"
        "或设置深浅水隔离带。",
        "6",
        "无急救室或急救器材扣3分；无水深标识、警示或隔离带扣3分。",
        False,
    ),
    (
        "设施布局",
        "更衣室与强制淋浴",
        "按更衣室、强制淋浴、浸脚池、游泳池的顺序布局，更衣室通风良好、设流动水洗手设施；"
        "淋浴室与浸脚池之间设强制通过式淋浴，淋浴喷头每20～30人一个。",
        "8",
        "布局可绕行、未经淋浴即可进入池区扣4分；无强制通过式淋浴扣3分；更衣室设施不全扣1分。",
        False,
    ),
    (
        "设施布局",
        "浸脚池",
        "设强制通过式浸脚池，池长不小于2 m、宽度与走道相同、深度不小于0.2 m；池水游离性余氯"
        "保持5～10 mg/L，至少每4小时更换一次。",
        "10",
        "无浸脚池或可绕行不得分；余氯不足5 mg/L扣5分；未按时更换或无换水记录扣3分。",
        True,
    ),
    (
        "水质处理",
        "循环净化消毒",
        "池水循环净化消毒设备齐全（过滤、消毒、加药），开放期间正常运行，消毒剂投加方式"
        "符合要求；每日补充新水，有设备运行和补水记录。",
        "14",
        "无循环净化消毒设备或开放期间停用不得分；设备不全扣6分；人工向池内直接投加消毒剂扣4分；"
        "无运行、加药或补水记录扣2分。",
        True,
    ),
    (
        "水质处理",
        "水质检测",
        "开放前和开放期间按规定自检池水游离性余氯、pH、水温、浑浊度等并公示；按GB 37488-2019"
        "每年委托检测池水菌落总数、总大肠菌群、尿素、化合性余氯等指标，结果合格。",
        "14",
        "无自检记录扣4分；自检结果未公示扣2分；未委托检测扣4分；检测或现场快速检测不合格"
        "扣4分（并下达整改意见）。",
        False,
    ),
    (
        "公共用品与环境",
        "公共用品用具",
        "拖鞋、毛巾等公共用品用具一客一换一消毒，有消毒记录；一次性用品不重复使用。",
        "8",
        "未一客一换一消毒不得分；消毒方法不当扣3分；无消毒记录扣2分。",
        False,
    ),
    (
        "公共用品与环境",
        "空气与环境",
        "室内游泳馆通风良好，池区、走道、卫生间清洁无积水无异味，室内禁止吸烟。",
        "8",
        "通风不良或有明显氯气味扣3分；环境不洁扣3分；室内有人吸烟未劝阻扣2分。",
        False,
    ),
]

# Default requirement texts (整改要求) by problem type code, as loaded by 0002.
REQUIREMENTS = {
    "no-permit": "立即停止无证经营活动，依法申领公共场所卫生许可证后方可营业。",
    "staff-no-health-certificate": (
        "立即安排未取得有效健康合格证明的从业人员离岗体检，取得健康合格证明后方可从事直接为"
        "顾客服务的工作。"
    ),
    "no-laundry-room": "设置布草间（洗衣房）或委托有能力的单位洗涤，洁污布草分区存放。",
    "no-disinfection-room": "按规定设置公共用品用具消毒间，配齐清洗、消毒、保洁设施并正常使用。",
    "air-conditioning-not-cleaned": "按规定对集中空调通风系统进行清洗、消毒，并保存记录和检测报告。",
    "supplies-not-disinfected": "公共用品用具做到一客一换一消毒，并做好消毒记录。",
    "no-hygiene-testing": "按规定委托开展卫生检测，并在醒目位置如实公示检测结果。",
    "management-incomplete": "建立健全卫生管理制度和卫生管理档案，配备专（兼）职卫生管理人员。",
    "information-not-displayed": "在醒目位置公示卫生许可证、卫生检测结果等卫生信息。",
    "water-quality-failed": "立即查找原因并整改，采取循环净化、消毒等措施，整改后重新检测，合格前采取必要的控制措施。",
    "other": "",
}

ROUTINE_CODE = "public-place-routine"
ROUTINE_OLD_NOTE = (
    "本场所不涉及的项目（如无布草的场所之布草项目）按满分计，并在扣分说明中注明“不涉及”。"
)
ROUTINE_NEW_NOTE = (
    "本场所不涉及的项目（如无布草的场所之布草项目）选“不适用”（合理缺项），不计入应得分，"
    "标准化得分 = 得分 ÷ 应得分 × 100。"
)


def load(apps, schema_editor):
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    ProblemType = apps.get_model("inspections", "ProblemType")

    header = SWIMMING_POOL
    other_current = (
        ChecklistTemplate.objects.filter(code=header["code"], is_current=True)
        .exclude(version=header["version"])
        .exists()
    )
    fields = {k: header[k] for k in ("name", "description", "pass_mark", "converted_factor")}
    template, _ = ChecklistTemplate.objects.update_or_create(
        code=header["code"],
        version=header["version"],
        defaults=fields,
        create_defaults={**fields, "is_current": not other_current},
    )
    for order, (section, subsection, content, points, guidance, key) in enumerate(
        SWIMMING_POOL_ITEMS, start=1
    ):
        ChecklistItem.objects.update_or_create(
            template=template,
            order=order,
            defaults={
                "section": section,
                "subsection": subsection,
                "content": content,
                "max_points": Decimal(points),
                "guidance": guidance,
                "is_key": key,
            },
        )

    for code, requirement in REQUIREMENTS.items():
        # Only where the office has not written its own text in the admin.
        ProblemType.objects.filter(code=code, requirement="").update(requirement=requirement)

    for routine in ChecklistTemplate.objects.filter(code=ROUTINE_CODE):
        if ROUTINE_OLD_NOTE in routine.description:
            routine.description = routine.description.replace(ROUTINE_OLD_NOTE, ROUTINE_NEW_NOTE)
            routine.save(update_fields=["description"])


def unload(apps, schema_editor):
    """The sheet goes (refused if an inspection was scored with it: PROTECT), the texts
    stay (the field goes with the schema migration before this one)."""
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistTemplate.objects.filter(
        code=SWIMMING_POOL["code"], version=SWIMMING_POOL["version"]
    ).delete()
    for routine in ChecklistTemplate.objects.filter(code=ROUTINE_CODE):
        if ROUTINE_NEW_NOTE in routine.description:
            routine.description = routine.description.replace(ROUTINE_NEW_NOTE, ROUTINE_OLD_NOTE)
            routine.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0008_checklist_not_applicable_key_items")]

    operations = [migrations.RunPython(load, unload)]
