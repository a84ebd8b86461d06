"""Reference data for inspections: checklist templates, pool-water limits, problem types
and the numbering of supervision opinions.

1. 健康社区/健康村现场评分表（2016版）, transcribed row by row from seed 004 (附件 1).
   One ChecklistItem per row of the sheet (指标解释 → content, 评分标准 → guidance); a row
   whose rule awards several parts (e.g. "…得1分。…得1分。") is one item worth their sum.
   Line breaks and the stray spaces of the PDF extraction ("得 2 分", "社区 /村") are removed;
   the wording is otherwise the seed's. Doubts about the seed are noted beside the rows.
2. 公共场所日常监督检查表: a routine checklist written for the office (not from a seed),
   following 公共场所卫生管理条例 and its 实施细则.
3. GB 37488-2019 limits for artificial swimming-pool water (see the note above POOL_LIMITS).
4. Problem types inspectors tick (seed 000's 专项整治 and the common violations).
5. The document series of 卫生监督意见书.

Everything is loaded with update_or_create on stable codes, so running ``load`` twice
changes nothing; all of it is editable in the admin afterwards.
"""

from decimal import Decimal

from django.db import migrations

# --------------------------------------------------------------------------------------
# 1. 健康社区/健康村现场评分表（2016版）
# --------------------------------------------------------------------------------------

HEALTHY_COMMUNITY = {
    "code": "healthy-community-2016",
    "version": 1,
    "name": "健康社区/健康村现场评分表（2016版）",
    "pass_mark": Decimal("70"),
    "converted_factor": Decimal("15"),
    "description": (
        "全国健康促进县（区）建设附件：健康社区/健康村现场评分表（2016版）。\n"
        "一级指标：组织管理 20 分、健康环境 20 分、健康活动 50 分、建设效果 10 分，合计 100 分。\n"
        "考核办法：组织管理——听取汇报、查阅档案；健康环境、健康活动——听取汇报、查阅档案、"
        "现场查看；建设效果——快速调查。\n"
        "说明：1. 现场评估采取百分制，达到 70 分及以上，认为达到健康社区/健康村标准。"
        "2. 转化得分=15×（现场评估得分/100），纳入健康促进县（区）总评分表。"
    ),
}

# (一级指标, 二级指标, 指标解释 = content, points, 评分标准 = guidance)
HEALTHY_COMMUNITY_ITEMS = [
    # 一、组织管理（20分）: 5 + 5 + 5 + 5
    (
        "组织管理",
        "承诺倡导",
        "居委会/行政村承诺建设健康社区/健康村。",
        "2",
        "居委会/行政村采取签署承诺书等形式，承诺开展健康社区/健康村建设工作，得2分。",
    ),
    (
        "组织管理",
        "承诺倡导",
        "采取召开全体居民大会、倡议书入户、户外公共牌等形式，倡导辖区各单位和家庭户积极参与"
        "健康社区/村建设。",
        "3",
        "采取召开全体居民大会、倡议书入户、户外公共牌等形式，倡导辖区各单位和家庭户积极参与"
        "健康社区/村建设，得3分。",
    ),
    (
        "组织管理",
        "协调机制",
        "成立社区/行政村主要负责同志参加的健康促进社区领导小组，明确职责分工。",
        "2",
        "成立主要领导牵头的领导小组得2分。",
    ),
    (
        "组织管理",
        "协调机制",
        "每季度召开工作例会，讨论社区主要健康问题并提出具体应对措施。",
        "3",
        "每年召开工作例会4次得3分，3次得2分，2次得1分。",
    ),
    # SEED DOUBT: this row is truncated in the seed by a page break. Its 指标解释 reads only
    # "发展规划。" and its 评分标准 only "区发展规划，得 2 分。". Both are completed here as
    # "将健康社区/健康村建设纳入社区发展规划" (the only reading that fits both fragments; the
    # same wording appears in county 健康社区 implementation plans). The 2 points are the
    # seed's. No 二级指标 heading survives between 协调机制 and 组织实施, so this row and the
    # next stay under 协调机制 as the seed shows them; a heading may have been lost in the
    # break (the office can rename the subsection in the admin). The 组织管理 total of 20
    # only adds up with both rows counted (2+3+2+3+2+3+2+3 = 20).
    (
        "组织管理",
        "协调机制",
        "将健康社区/健康村建设纳入社区发展规划。",
        "2",
        "将健康社区/健康村建设纳入社区发展规划，得2分。",
    ),
    (
        "组织管理",
        "协调机制",
        "制定促进社区健康的规章制度和相关措施，如改善社区环境卫生、落实公共场所无烟、促进居民"
        "采取健康生活方式、预防控制重大疾病和突发公共卫生事件、困难家庭健康帮扶措施等。",
        "3",
        "制定促进社区健康的规章制度和措施，每制定一条得1分，累计不超过3分。",
    ),
    (
        "组织管理",
        "组织实施",
        "有专人负责健康社区工作，定期接受健康促进培训。",
        "2",
        "有专人负责健康社区工作，得1分。每年接受健康促进培训达2次得1分，1次得0.5分。",
    ),
    (
        "组织管理",
        "组织实施",
        "制定健康促进工作计划，定期总结。资料齐全，整理规范。",
        "3",
        "有健康社区/健康村工作方案或计划，得1分。建设的文字、图片、实物等过程资料齐全、整理规范，"
        "得1分。有工作总结结构合理、内容详实得1分。",
    ),
    # 二、健康环境（20分）: 8 + 6 + 6
    (
        "健康环境",
        "无烟环境",
        "辖区内所有室内公共场所、工作场所和公共交通工具一律禁止吸烟。",
        "3",
        "居/村委会办公室、卫生室、主要道路没有发现烟头或者吸烟现象，得3分。",
    ),
    (
        "健康环境",
        "无烟环境",
        "社区主要建筑物入口处、电梯、公共厕所、会议室等区域有明显的无烟标识。",
        "3",
        "居/村委会主要建筑物入口处、电梯、公共厕所、会议室有禁烟标识和健康提示，得3分。",
    ),
    (
        "健康环境",
        "无烟环境",
        "社区内无烟草广告和促销。",
        "2",
        "社区内无烟草广告和促销，得2分。",
    ),
    (
        "健康环境",
        "自然环境",
        "环境整洁，垃圾箱数量满足需要，垃圾日产日清。",
        "3",
        "环境整洁，垃圾箱整洁，无垃圾零散堆放现象，得3分。",
    ),
    (
        "健康环境",
        "自然环境",
        "使用卫生厕所家庭比例达到80%，粪便无害化处理。",
        "3",
        "农村使用卫生厕所比例达到80%，或者城市公共厕所清洁卫生，得3分。",
    ),
    (
        "健康环境",
        "人文环境",
        "有固定健身场所和基本的健身设备，设备定期维护以保证正常使用，有安全提示。",
        "2",
        "有固定健身场所和基本的健身设备，得1分。健身设备无健康隐患，周边有安全提示，得1分。",
    ),
    (
        "健康环境",
        "人文环境",
        "有健康文化场所，提供健康教育资料，提供交流环境。",
        "2",
        "有开展健康文化的场所，得1分。该场所提供健康教育资料，定期组织健康交流，得1分。",
    ),
    (
        "健康环境",
        "人文环境",
        "对弱势群体有健康帮扶措施。",
        "2",
        "对弱势群体有健康帮扶措施，得2分。",
    ),
    # 三、健康活动（50分）: 10 + 10 + 30. The seed repeats the heading "三、健康活动（50 分）"
    # before 主题活动 (a page break of the original table); it is the same indicator, and only
    # with 主题活动 counted does it reach 50.
    (
        "健康活动",
        "基本健康教育服务",
        "配合基层医疗卫生机构开展健康教育活动，活动质量和频次符合基本公共卫生服务项目要求。",
        "10",
        "有开展健康教育工作的计划和总结，得2分。每年开展4次以上健康教育讲座，得2分。每年开展"
        "健康咨询，得2分。建有健康教育宣传栏并定期更新，得2分。定期发放健康教育材料，得2分。",
    ),
    (
        "健康活动",
        "健康家庭",
        "配合有关部门，组织社区居民参加健康家庭评选活动。",
        "6",
        "有健康家庭评选工作计划和总结，有具体步骤和流程，得2分。动员、组织辖区居民参加健康家庭"
        "评选，得2分。开展针对家庭的健康活动，得2分。",
    ),
    (
        "健康活动",
        "健康家庭",
        "选出的健康家庭符合健康家庭标准，对辖区其他家庭起到示范带头作用。",
        "4",
        "现场进入一个健康家庭，家庭环境清洁得1分；有健康标识和健康材料得1分；无人吸烟得1分；"
        "家庭关系和邻里关系和谐得1分。",
    ),
    (
        "健康活动",
        "主题活动",
        "社区每年自发组织4次以上健康讲座。（讲座主题在辖区健康教育机构的业务指导下确定。可包括"
        "以下内容：科学就医、合理用药、传染病预防、安全急救；合理膳食、适量运动、戒烟限酒、"
        "心理平衡；母婴保健、科学育儿、健康老龄等。）",
        "10",
        "每年开展4次及以上健康讲座或咨询得10分，2-3次得5分。",
    ),
    # The seed splits "健康知识竞赛" across a page break ("健康知" … "识竞赛"); rejoined.
    (
        "健康活动",
        "主题活动",
        "每年举办2次以上、面向辖区居民的集体活动。（如健康知识竞赛、健康演讲比赛、戒烟竞赛、"
        "健康展览展示、社区体育活动等。）",
        "10",
        "每年举办2次及以上、50个以上居民参与的集体活动，得10分，1次得5分。",
    ),
    (
        "健康活动",
        "主题活动",
        "开展有特色的健康教育活动，为居民提供健康自测和技术指导。（如健康小屋、健康加油站、"
        "健康餐厅、健康一条街、健康俱乐部等。）",
        "10",
        "开展有特色的健康教育活动，得5分。采取某种形式，为居民提供健康自测和健康指导，得5分。",
    ),
    # 四、建设效果（10分）. SEED DOUBT: the row prints no points of its own ("详见目标人群测评
    # 方案"); it is the only row under 建设效果（10分）, so it carries the indicator's 10 points.
    # "快速调查" follows it as a heading in the extracted text but is the 考核办法 column of
    # this row (the other rows' methods are 听取汇报/查阅档案/现场查看), not a second item;
    # "合计" is the total row of the sheet.
    (
        "建设效果",
        "目标人群评价",
        "目标人群对健康促进工作支持、理解、满意。",
        "10",
        "详见目标人群测评方案（考核办法：快速调查）。",
    ),
]

# --------------------------------------------------------------------------------------
# 2. 公共场所日常监督检查表
# --------------------------------------------------------------------------------------

# The pass mark of 60 is this office's choice, not a national rule: change it in the admin
# (a changed template in use becomes a new version; inspections keep theirs).
PUBLIC_PLACE_ROUTINE = {
    "code": "public-place-routine",
    "version": 1,
    "name": "公共场所日常监督检查表",
    "pass_mark": Decimal("60"),
    "converted_factor": None,
    "description": (
        "公共场所日常（经常性）卫生监督检查用，依据《公共场所卫生管理条例》及其实施细则。"
        "满分 100 分，60 分及以上为合格（合格分由本所确定，可在管理后台修改）。"
        "本场所不涉及的项目（如无布草的场所之布草项目）按满分计，并在扣分说明中注明“不涉及”。"
    ),
}

# (section, subsection, content, points, guidance)
PUBLIC_PLACE_ROUTINE_ITEMS = [
    # 证照管理 20
    (
        "证照管理",
        "卫生许可证",
        "持有效公共场所卫生许可证，在经营场所醒目位置悬挂公示，许可项目、地址、法定代表人等"
        "与实际一致。",
        "8",
        "无有效卫生许可证不得分，并移送立案查处；有证未悬挂公示扣3分；许可事项与实际不符或"
        "超范围经营扣5分。",
    ),
    (
        "证照管理",
        "从业人员健康合格证明",
        "直接为顾客服务的从业人员持有效健康合格证明上岗，证明在有效期内（每年体检一次）。",
        "8",
        "每发现1名从业人员无有效健康合格证明上岗扣2分，扣完为止；患有有碍公众健康疾病的人员"
        "未调离直接为顾客服务的岗位不得分。",
    ),
    (
        "证照管理",
        "卫生知识培训",
        "从业人员上岗前经卫生法律知识和公共场所卫生知识培训考核合格，有培训计划和记录。",
        "4",
        "无培训记录不得分；每发现1名从业人员未经培训上岗扣1分，扣完为止。",
    ),
    # 卫生管理 15
    (
        "卫生管理",
        "卫生管理制度与人员",
        "建立健全卫生管理制度，配备专（兼）职卫生管理人员，落实卫生管理责任。",
        "8",
        "无卫生管理制度扣4分，制度不全或未落实扣2分；未配备专（兼）职卫生管理人员扣4分。",
    ),
    (
        "卫生管理",
        "卫生管理档案",
        "卫生管理档案专人管理、分类记录、至少保存两年，内容包括证照、制度、从业人员体检与培训、"
        "清洗消毒、卫生检测、设施设备维护、危害健康事故处置等记录。",
        "7",
        "未建立卫生管理档案不得分；每缺一类记录扣1分，记录不真实扣3分，扣完为止。",
    ),
    # 设施设备 25
    (
        "设施设备",
        "消毒间/清洗消毒设施",
        "按规定设置公共用品用具消毒间（专用清洗消毒设施），清洗、消毒、保洁设施齐全，标识清楚，"
        "正常使用。",
        "8",
        "无消毒间或清洗消毒设施不得分；设施不全、未正常使用或挪作他用扣4分；标识不清扣1分。",
    ),
    (
        "设施设备",
        "布草间/洗衣房",
        "住宿、沐浴等提供布草的场所设布草间（洗衣房）或委托有能力的单位洗涤，洁污布草分区存放。",
        "5",
        "无布草间（洗衣房）且未委托洗涤不得分；委托洗涤无协议或交接记录扣2分；洁污未分开扣2分。",
    ),
    (
        "设施设备",
        "机械通风与空调",
        "通风设施运行正常，室内空气流通；使用集中空调通风系统的，按规定定期清洗、消毒，有记录和"
        "检测报告。",
        "6",
        "通风不良或通风设施停用扣2分；集中空调通风系统未按规定清洗消毒扣4分，无清洗消毒记录扣2分。",
    ),
    (
        "设施设备",
        "预防控制传染病设施",
        "设置防鼠、防蚊、防蝇、防蟑螂和防潮、防尘设施，废弃物存放设施加盖密闭，卫生间、"
        "更衣室等设施完好。",
        "6",
        "每缺一项设施或设施损坏未修复扣1分，扣完为止；发现鼠、蟑螂等病媒生物活动痕迹扣2分。",
    ),
    # 用品用具 20
    (
        "用品用具",
        "清洗消毒、一客一换",
        "供顾客使用的公共用品用具按规定清洗、消毒、保洁，可反复使用的用品用具一客一换一消毒，"
        "有消毒记录。",
        "10",
        "公共用品用具未清洗消毒或未一客一换不得分；消毒方法不当或消毒后不洁扣4分；无消毒记录"
        "扣3分。",
    ),
    (
        "用品用具",
        "布草更换",
        "床上用品、毛巾、浴巾等布草一客一换，长住顾客的床上用品至少一周更换一次，有更换记录。",
        "5",
        "发现布草未一客一换不得分；长住顾客布草未按时更换扣2分；无更换记录扣2分。",
    ),
    (
        "用品用具",
        "储存",
        "清洗消毒后的用品用具存放于专用保洁柜，洁污分开，标识清楚；一次性用品用具不得重复使用，"
        "存放于清洁干燥处。",
        "5",
        "无保洁柜或洁污混放扣3分；重复使用一次性用品用具扣2分。",
    ),
    # 卫生检测 10
    (
        "卫生检测",
        "年度卫生检测与公示",
        "按规定对空气、微小气候、水质、采光照明、噪声、顾客用品用具等进行卫生检测，每年不少于"
        "一次，并在醒目位置如实公示检测结果。",
        "10",
        "未开展卫生检测不得分；检测项目不全扣3分；检测不合格未整改扣3分；未公示检测结果扣3分。",
    ),
    # 健康危害事故 5
    (
        "健康危害事故",
        "应急预案",
        "制定公共场所危害健康事故应急预案或者方案，定期检查卫生设施设备，明确事故报告责任人。",
        "5",
        "无应急预案或方案不得分；预案内容不完整或未明确报告责任人扣2分。",
    ),
    # 环境卫生与控烟 5
    (
        "环境卫生与控烟",
        "室内环境与禁烟",
        "室内外环境整洁；室内公共场所禁止吸烟，设置醒目的禁止吸烟警语和标志。",
        "5",
        "环境脏乱扣2分；未设置禁止吸烟警语和标志扣2分；发现室内有人吸烟未劝阻扣1分。",
    ),
]

TEMPLATES = [
    (HEALTHY_COMMUNITY, HEALTHY_COMMUNITY_ITEMS),
    (PUBLIC_PLACE_ROUTINE, PUBLIC_PLACE_ROUTINE_ITEMS),
]

# --------------------------------------------------------------------------------------
# 3. GB 37488-2019《公共场所卫生指标及限值要求》: artificial swimming-pool water
# --------------------------------------------------------------------------------------

# What could be checked (search of public pages, not the standard's own text): a page quoting
# GB 37488-2019 clause 4.4.1 agrees on 浑浊度 ≤1 NTU, pH 7.0–7.8, 化合性余氯 ≤0.4 mg/L,
# 氰尿酸 ≤50 mg/L and 氧化还原电位 ≥650 mV. For 游离性余氯 the same page gives
# "0.3~0.5（泳池）, 0.5~1.0（浸脚池）", which contradicts the 0.3–1.0 mg/L of DOMAIN.md and of
# the office's brief and looks garbled; 0.3–1.0 is loaded. Several other pages labelled
# "GB 37488" actually reproduce the older industry standard CJ/T 244 / CJ 244-2007
# (游离性余氯 0.2–1.0, 氰尿酸 ≤150), which is not what is loaded here.
# Not verified against GB 37488-2019 itself: 尿素 ≤3.5 mg/L, 菌落总数 ≤200 CFU/mL, 总大肠菌群
# 不得检出/100 mL, 水温 23–30 ℃, 臭氧 ≤0.2 mg/m³ and 过氧化氢 60–100 mg/L (they match the
# commonly cited values and CJ 244-2007 where it has them). Check them against the standard's
# table before relying on a verdict; the table is editable in the admin.
POOL_SAMPLE_TYPE = "游泳池水"
POOL_STANDARD = "GB 37488-2019"

# (parameter, unit, minimum, maximum, not_detected)
POOL_LIMITS = [
    ("浑浊度", "NTU", None, "1", False),
    ("pH", "", "7.0", "7.8", False),
    ("游离性余氯", "mg/L", "0.3", "1.0", False),
    ("化合性余氯", "mg/L", None, "0.4", False),
    ("尿素", "mg/L", None, "3.5", False),
    ("菌落总数", "CFU/mL", None, "200", False),
    ("总大肠菌群", "CFU/100mL或MPN/100mL", None, None, True),
    ("水温", "℃", "23", "30", False),
    ("氰尿酸（使用含氰尿酸消毒剂时）", "mg/L", None, "50", False),
    ("臭氧（使用臭氧消毒时，水面上空气中）", "mg/m³", None, "0.2", False),
    ("过氧化氢（使用过氧化氢消毒时）", "mg/L", "60", "100", False),
    ("氧化还原电位（使用氯或臭氧消毒时）", "mV", "650", None, False),
]

# --------------------------------------------------------------------------------------
# 4. Problem types
# --------------------------------------------------------------------------------------

# (code, name, domain code or None). None = any domain: poor water quality is found in
# pools and baths (public places) as well as in drinking water, and 其他 is for anything.
PROBLEM_TYPES = [
    ("no-permit", "无卫生许可证经营", "public_places"),
    ("staff-no-health-certificate", "从业人员无健康合格证明上岗", "public_places"),
    ("no-laundry-room", "无洗衣房/布草间", "public_places"),
    ("no-disinfection-room", "无消毒间或消毒设施不全", "public_places"),
    ("air-conditioning-not-cleaned", "空调通风系统未清洗消毒", "public_places"),
    ("supplies-not-disinfected", "公共用品用具未清洗消毒/一客一换", "public_places"),
    ("no-hygiene-testing", "未按规定开展卫生检测", "public_places"),
    ("management-incomplete", "卫生管理制度/档案不健全", "public_places"),
    ("information-not-displayed", "未公示卫生信息", "public_places"),
    ("water-quality-failed", "水质不符合卫生标准", None),
    ("other", "其他", None),
]

# --------------------------------------------------------------------------------------
# 5. Document series
# --------------------------------------------------------------------------------------

SERIES = [("opinion", "卫生监督意见书", "卫监意〔{year}〕{number:04d}号")]


def load_template(ChecklistTemplate, ChecklistItem, header, items):
    code, version = header["code"], header["version"]
    # A newer version made in the admin stays current; only a fresh template is made current.
    other_current = (
        ChecklistTemplate.objects.filter(code=code, is_current=True)
        .exclude(version=version)
        .exists()
    )
    template, _ = ChecklistTemplate.objects.update_or_create(
        code=code,
        version=version,
        defaults={
            "name": header["name"],
            "description": header["description"],
            "pass_mark": header["pass_mark"],
            "converted_factor": header["converted_factor"],
        },
        create_defaults={
            "name": header["name"],
            "description": header["description"],
            "pass_mark": header["pass_mark"],
            "converted_factor": header["converted_factor"],
            "is_current": not other_current,
        },
    )
    # Items have no code of their own: their place on the sheet is their stable key.
    for order, (section, subsection, content, points, guidance) in enumerate(items, start=1):
        ChecklistItem.objects.update_or_create(
            template=template,
            order=order,
            defaults={
                "section": section,
                "subsection": subsection,
                "content": content,
                "max_points": Decimal(points),
                "guidance": guidance,
            },
        )


def load(apps, schema_editor):
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    StandardLimit = apps.get_model("inspections", "StandardLimit")
    ProblemType = apps.get_model("inspections", "ProblemType")
    Domain = apps.get_model("premises", "Domain")
    DocumentSeries = apps.get_model("core", "DocumentSeries")

    for header, items in TEMPLATES:
        load_template(ChecklistTemplate, ChecklistItem, header, items)

    for order, (parameter, unit, minimum, maximum, not_detected) in enumerate(POOL_LIMITS, start=1):
        StandardLimit.objects.update_or_create(
            sample_type=POOL_SAMPLE_TYPE,
            standard=POOL_STANDARD,
            parameter=parameter,
            defaults={
                "unit": unit,
                "minimum": Decimal(minimum) if minimum is not None else None,
                "maximum": Decimal(maximum) if maximum is not None else None,
                "not_detected": not_detected,
                "order": order,
            },
        )

    domains = {d.code: d for d in Domain.objects.all()}
    for order, (code, name, domain_code) in enumerate(PROBLEM_TYPES, start=1):
        ProblemType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "domain": domains.get(domain_code) if domain_code else None,
                "order": 99 if code == "other" else order,
            },
        )

    for code, name, pattern in SERIES:
        DocumentSeries.objects.update_or_create(
            code=code, defaults={"name": name, "pattern": pattern}
        )


def unload(apps, schema_editor):
    """Remove what ``load`` added. Rows already used (an inspection scored with a template,
    an opinion numbered in the series, a result judged against a limit) are protected and
    make the reversal fail rather than lose records."""
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    StandardLimit = apps.get_model("inspections", "StandardLimit")
    ProblemType = apps.get_model("inspections", "ProblemType")
    DocumentSeries = apps.get_model("core", "DocumentSeries")

    for header, _items in TEMPLATES:
        # Items go with their template (CASCADE).
        ChecklistTemplate.objects.filter(code=header["code"], version=header["version"]).delete()
    StandardLimit.objects.filter(
        sample_type=POOL_SAMPLE_TYPE,
        standard=POOL_STANDARD,
        parameter__in=[row[0] for row in POOL_LIMITS],
    ).delete()
    ProblemType.objects.filter(code__in=[row[0] for row in PROBLEM_TYPES]).delete()
    DocumentSeries.objects.filter(code__in=[row[0] for row in SERIES]).delete()


class Migration(migrations.Migration):
    # 0002_role_permissions was committed while this file was being written; depending on it
    # keeps the graph linear (two files numbered 0002, one after the other).
    dependencies = [
        ("inspections", "0001_initial"),
        ("inspections", "0002_role_permissions"),
        ("core", "0003_document_numbering"),
        ("premises", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(load, unload)]
