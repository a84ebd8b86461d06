"""Checklists and problem types of the domains beyond public places (issue #18).

Each sheet is scoped to its domain (and kinds) so that a school's inspection offers the
school's sheet and problems, not a hotel's. Layout as 0002/0009: (section, subsection,
content, points, guidance, key item ※). Item texts are written for the office (paraphrased,
not quoted); the points and pass marks are the office's choice unless a source is named,
and every sheet is editable in the admin (a sheet in use is revised into a new version).

1. 学校传染病防控（一案八制）与教学环境卫生监督检查表 (schools):
   - the 一案八制 as seed 000 lists them (传染病疫情及相关突发公共卫生事件应急预案, 晨检, 因病
     缺课登记追踪, 复课证明查验, 学生健康管理, 学生免疫规划管理, 传染病预防控制健康教育, 通风
     消毒, 疫情报告), from 《学校和托幼机构传染病疫情报告工作规范（试行）》(卫办疾控发〔2006〕
     65号) and 《中小学校传染病预防控制工作管理规范》GB 28932-2012;
   - 教学环境: GB 7793-2010《中小学校教室采光和照明卫生标准》, GB/T 3976-2014《学校课桌椅功能
     尺寸及技术要求》, GB 28231-2011《书写板安全卫生要求》, GB 50099-2011《中小学校设计规范》
     (toilets, dormitories), 《学校卫生工作条例》. The figures quoted (课桌面 ≥300 lx, 黑板面
     ≥500 lx, 窗地面积比 ≥1:5, 宿舍人均 ≥3 m²) are as commonly cited: UNVERIFIED against the
     standards' text here.
2. 医疗机构传染病防治监督检查表 (medical): the eight parts of the national 传染病防治分类监督
   综合评价 (国卫办监督函〔2019〕306号, 《关于进一步推进医疗卫生机构传染病防治分类监督综合
   评价工作的通知》: 综合管理, 预防接种, 法定传染病疫情报告, 传染病疫情控制, 消毒隔离, 医疗
   废物处置, 病原微生物实验室生物安全, 监督抽查; 标化分 ≥85 优秀, 60–85 合格, <60 或关键项
   不合格为重点监督). The items follow the published 二级及以上医院 evaluation sheets as found
   in provincial copies (they differ between provinces); the points per item are UNVERIFIED
   (the office's), the ☆/★ key items are kept as key items.
3. 集中式供水单位卫生监督检查表 (drinking water; 集中式 and 学校自备井): 《生活饮用水卫生监督
   管理办法》(建设部、卫生部令第53号, 2016 修订: 卫生许可, 从业人员健康检查, 水质检验,
   涉水产品批件, 水源卫生防护), GB 5749-2022《生活饮用水卫生标准》.
4. 二次供水卫生监督检查表 (drinking water; 二次供水): GB 17051-1997《二次供水设施卫生规范》
   (水箱加盖上锁, 通气管与溢流管防护, 清洗消毒, 材料的卫生要求), 《生活饮用水卫生监督管理
   办法》. “每年至少清洗消毒一次” is as commonly required: UNVERIFIED against the text.
5. Problem types of the medical, school, water, radiation and occupational domains, each with
   its default 整改要求 (the opinion form fills it in), from: 《医疗废物管理条例》and 《医疗卫生
   机构医疗废物管理办法》(暂存 ≤2 日, 登记 3 年), 《医疗机构管理条例》, 《传染病防治法》,
   《放射诊疗管理规定》, 《放射工作人员职业健康管理办法》, 《职业病防治法》, the sources above.
6. The public-place sheets of 0002/0009 are scoped to 公共场所 (credit grades read them).

Loaded with update_or_create on stable codes: running ``load`` twice changes nothing.
"""

from decimal import Decimal

from django.db import migrations

SCHOOL = {
    "code": "school-infection-control",
    "name": "学校传染病防控（一案八制）与教学环境卫生监督检查表",
    "domain": "schools",
    "categories": [],
    "pass_mark": Decimal("60"),
    "excellent_mark": Decimal("85"),
    "description": (
        "学校（含托幼机构）传染病防控和教学环境卫生监督检查用。一案八制依据《学校和托幼机构"
        "传染病疫情报告工作规范（试行）》和 GB 28932-2012；教学环境依据 GB 7793-2010、"
        "GB/T 3976-2014、GB 28231-2011、GB 50099-2011 和《学校卫生工作条例》。满分 100 分，"
        "不涉及的项目选“不适用”（如走读学校的宿舍），60 分合格、85 分优秀；※ 为关键项。"
        "分值为本所设定，可在管理后台修订。"
    ),
    "items": [
        (
            "一案八制",
            "应急预案",
            "制定传染病疫情及相关突发公共卫生事件应急预案，明确组织、职责、报告程序和处置措施，"
            "并按预案组织演练。",
            "7",
            "无预案不得分；预案内容不全扣3分；无演练记录扣2分。",
            False,
        ),
        (
            "一案八制",
            "晨检制度",
            "落实晨（午）检制度：班主任或卫生（保健）老师每日了解学生出勤和健康状况，发现异常"
            "及时报告、处置，晨检记录完整。",
            "8",
            "无晨检制度扣3分；晨检记录缺失或不连续扣5分。",
            True,
        ),
        (
            "一案八制",
            "因病缺课登记追踪制度",
            "对因病缺勤（缺课）学生登记并追踪病因，记录缺课日期、症状和诊断结果。",
            "6",
            "无登记扣6分；有登记但未追踪病因扣3分。",
            False,
        ),
        (
            "一案八制",
            "复课证明查验制度",
            "患传染病的学生病愈返校时，查验医疗机构出具的复课证明并留存。",
            "6",
            "未查验复课证明不得分；查验未留存扣2分。",
            False,
        ),
        (
            "一案八制",
            "学生健康管理制度",
            "组织新生入学体检和在校学生定期健康体检，建立学生健康档案。",
            "6",
            "未组织体检扣4分；无健康档案扣2分。",
            False,
        ),
        (
            "一案八制",
            "学生免疫规划管理制度",
            "新生入学（入托）时查验预防接种证，对未按规定接种的学生督促补种并记录。",
            "6",
            "未查验预防接种证不得分；未督促补种扣3分。",
            False,
        ),
        (
            "一案八制",
            "传染病预防控制健康教育制度",
            "开展传染病预防控制健康教育，有课时、教案或宣传活动记录。",
            "5",
            "未开展不得分；记录不全扣2分。",
            False,
        ),
        (
            "一案八制",
            "通风消毒制度",
            "教室、宿舍等场所定时通风，公共用品和场所按规定消毒，有通风消毒记录。",
            "6",
            "无制度扣2分；无记录或记录不实扣4分。",
            False,
        ),
        (
            "一案八制",
            "疫情报告制度",
            "明确传染病疫情报告人，发现传染病病人、疑似病人或聚集性病例时按规定时限向属地"
            "疾病预防控制机构和教育行政部门报告。",
            "8",
            "未指定报告人扣3分；发现瞒报、缓报、漏报不得分。",
            True,
        ),
        (
            "教学环境",
            "教室采光照明",
            "教室采光照明符合 GB 7793：课桌面平均照度不低于 300 lx、黑板面平均照度不低于 "
            "500 lx，窗地面积比不低于 1:5，灯具和黑板灯设置合理、无眩光。",
            "10",
            "以现场检测结果为准；每项不达标扣3分，扣完为止。（限值待核：UNVERIFIED）",
            False,
        ),
        (
            "教学环境",
            "课桌椅",
            "课桌椅符合 GB/T 3976，按学生身高配置，每间教室不少于两种型号，有调整记录。",
            "8",
            "型号单一扣4分；与学生身高不匹配比例较高扣4分。",
            False,
        ),
        (
            "教学环境",
            "黑板",
            "黑板（书写板）符合 GB 28231，表面无破损、无眩光，书写清晰。",
            "4",
            "破损或反光明显扣2分；尺寸、安装不符合要求扣2分。",
            False,
        ),
        (
            "教学环境",
            "饮水",
            "为学生提供安全卫生的饮用水；供水设施定期清洗消毒，管水人员持健康合格证明，"
            "饮水设备等涉水产品有卫生许可批件。",
            "8",
            "不能保障饮用水供应扣8分；设施未清洗消毒扣3分；管水人员无健康证明扣3分；"
            "涉水产品无批件扣2分。",
            False,
        ),
        (
            "教学环境",
            "厕所",
            "厕所蹲位（便器）数量按 GB 50099 配置，通风良好、清洁无异味，有洗手设施。",
            "6",
            "蹲位不足扣3分；卫生差或无洗手设施扣3分。",
            False,
        ),
        (
            "教学环境",
            "宿舍",
            "学生宿舍人均居住面积符合 GB 50099（不宜小于 3 m²），一人一床，通风采光良好，"
            "无超员住宿。（走读学校选“不适用”）",
            "6",
            "超员或人均面积不足扣3分；通风采光差或卫生差扣3分。",
            False,
        ),
    ],
}

MEDICAL = {
    "code": "medical-infection-control",
    "name": "医疗机构传染病防治监督检查表",
    "domain": "medical",
    "categories": ["md.institution"],
    "pass_mark": Decimal("60"),
    "excellent_mark": Decimal("85"),
    "description": (
        "医疗机构传染病防治日常监督检查用，按国家传染病防治分类监督综合评价（国卫办监督函"
        "〔2019〕306号）的八部分：综合管理、预防接种、法定传染病疫情报告、传染病疫情控制、"
        "消毒隔离、医疗废物处置、病原微生物实验室生物安全、监督抽查。标化分 85 分及以上为"
        "优秀、60 分及以上为合格；※ 关键项不合格者为重点监督。未开展预防接种或无实验室的"
        "机构，相关项目选“不适用”。各项分值为本所设定（待核：UNVERIFIED），可在管理后台修订。"
    ),
    "items": [
        (
            "综合管理",
            "管理组织",
            "建立传染病防治管理组织，明确疫情报告、医院感染、医疗废物、生物安全等管理职责。",
            "3",
            "无组织不得分；职责不全扣1分。",
            False,
        ),
        (
            "综合管理",
            "制度与应急预案",
            "建立疫情报告、疫情控制、消毒隔离、医疗废物处置、生物安全等制度及应急预案。",
            "4",
            "每缺一项扣1分，扣完为止。",
            False,
        ),
        (
            "综合管理",
            "自查",
            "开展传染病防治自查并有记录和整改。",
            "3",
            "未自查不得分；有自查无整改扣1分。",
            False,
        ),
        (
            "预防接种",
            "接种单位认定",
            "从事预防接种的，取得医疗机构执业许可证并经县级卫生健康行政部门指定（认定）。",
            "3",
            "未经指定开展预防接种为关键项不合格。",
            True,
        ),
        (
            "预防接种",
            "疫苗管理",
            "疫苗的接收、购进、储存、分发、使用登记完整，索取并保存冷链温度监测记录等证明文件。",
            "3",
            "记录不全扣1分；无记录不得分。",
            False,
        ),
        (
            "预防接种",
            "接种人员与告知",
            "接种人员经专业培训考核合格；接种前告知、询问受种者或其监护人有关情况；公示疫苗"
            "品种和接种方法。",
            "2",
            "每项不符合扣1分。",
            False,
        ),
        (
            "预防接种",
            "异常反应报告",
            "及时处理并报告疑似预防接种异常反应。",
            "2",
            "发现未报告不得分。",
            False,
        ),
        (
            "法定传染病疫情报告",
            "专人负责",
            "明确疫情报告管理部门和专（兼）职人员。",
            "3",
            "未明确不得分。",
            False,
        ),
        (
            "法定传染病疫情报告",
            "网络直报",
            "配备网络直报设施、设备并保证网络畅通（不具备直报条件的按规定代报）。",
            "3",
            "不符合不得分。",
            False,
        ),
        (
            "法定传染病疫情报告",
            "如实及时报告",
            "无传染病疫情瞒报、缓报、谎报。",
            "3",
            "发现瞒报、缓报、谎报为关键项不合格。",
            True,
        ),
        (
            "法定传染病疫情报告",
            "登记与报告卡",
            "门诊日志、出入院登记和传染病报告卡填写规范、项目齐全；检验科、放射科设阳性结果"
            "登记本并记录。",
            "6",
            "报告卡填写不规范扣2分；门诊日志不全扣2分；无阳性结果登记扣2分。",
            False,
        ),
        (
            "传染病疫情控制",
            "预检分诊制度",
            "建立预检、分诊制度，设置预检分诊点（处），标识清楚。",
            "4",
            "无制度扣2分；未设预检分诊点扣2分。",
            False,
        ),
        (
            "传染病疫情控制",
            "感染性疾病科（发热门诊）",
            "二级以上综合医院按规定设置感染性疾病科；其他机构设置相对独立的发热、肠道门诊或"
            "传染病诊室。",
            "4",
            "未设置不得分；设置不规范扣2分。",
            False,
        ),
        (
            "传染病疫情控制",
            "落实预检分诊",
            "落实预检分诊，对传染病病人、疑似病人按规定引导至相对隔离的分诊点，就地隔离或转诊，"
            "有登记。",
            "7",
            "未落实预检分诊扣4分；无登记或转诊记录扣3分。",
            False,
        ),
        (
            "消毒隔离",
            "一人一用一灭菌",
            "进入人体组织、无菌器官的医疗器械、器具和物品达到灭菌要求，一人一用一灭菌。",
            "5",
            "不符合为关键项不合格。",
            True,
        ),
        (
            "消毒隔离",
            "一次性医疗用品",
            "一次性使用医疗器具不重复使用，用后按医疗废物处置。",
            "4",
            "发现重复使用为关键项不合格。",
            True,
        ),
        (
            "消毒隔离",
            "消毒隔离制度与措施",
            "建立消毒隔离制度，重点部门（手术室、消毒供应、口腔、内镜、血液透析等）消毒隔离"
            "措施落实，手卫生设施齐全。",
            "5",
            "每发现一个部门不落实扣2分，扣完为止。",
            False,
        ),
        (
            "消毒隔离",
            "消毒产品与效果监测",
            "使用的消毒产品索证齐全、在有效期内；按规定开展消毒灭菌效果监测并有记录。",
            "6",
            "索证不全扣2分；未开展效果监测扣4分。",
            False,
        ),
        (
            "医疗废物处置",
            "分类收集",
            "医疗废物按类别分置于专用包装物或容器内，包装物、容器符合标准，有警示标识。",
            "4",
            "分类混放扣2分；包装不合格扣2分。",
            False,
        ),
        (
            "医疗废物处置",
            "暂存设施",
            "设置专用暂时贮存设施，远离医疗区、食品加工区和生活区，防渗漏、防鼠、防蚊蝇，有"
            "警示标识；暂存时间不超过 2 天。",
            "4",
            "无专用暂存设施不得分；设施不符合或超期贮存扣2分。",
            False,
        ),
        (
            "医疗废物处置",
            "交接登记",
            "医疗废物交接、登记（来源、种类、重量、交接时间、去向、经办人）完整，登记资料至少"
            "保存 3 年；执行转移联单。",
            "3",
            "登记不全扣1分；无登记不得分。",
            False,
        ),
        (
            "医疗废物处置",
            "集中处置",
            "医疗废物交由取得许可的集中处置单位处置，不转让、买卖医疗废物。",
            "4",
            "转让、买卖医疗废物为关键项不合格。",
            True,
        ),
        (
            "病原微生物实验室生物安全",
            "实验室备案",
            "病原微生物实验室按规定备案，生物安全防护级别与所从事的实验活动相适应。",
            "4",
            "未备案扣2分；防护级别不符扣2分。",
            False,
        ),
        (
            "病原微生物实验室生物安全",
            "菌（毒）种和样本",
            "菌（毒）种和样本的保存、使用、销毁有登记，专人管理。",
            "3",
            "无登记不得分。",
            False,
        ),
        (
            "病原微生物实验室生物安全",
            "人员与防护",
            "实验室人员经生物安全培训考核，配备个人防护用品和应急处置设施。",
            "3",
            "每项不符合扣1.5分。",
            False,
        ),
        (
            "监督抽查",
            "现场抽检",
            "现场抽检（消毒效果、灭菌物品、使用中消毒剂等）合格。",
            "5",
            "每发现一项不合格扣2.5分。",
            False,
        ),
    ],
}

CENTRAL_WATER = {
    "code": "water-supply-central",
    "name": "集中式供水单位卫生监督检查表",
    "domain": "drinking_water",
    "categories": ["dw.supply.central", "dw.supply.school_well"],
    "pass_mark": Decimal("60"),
    "excellent_mark": None,
    "description": (
        "集中式供水单位（含学校自备井）日常卫生监督检查用，依据《生活饮用水卫生监督管理办法》"
        "和 GB 5749-2022《生活饮用水卫生标准》。满分 100 分，60 分合格；※ 为关键项。"
        "分值为本所设定，可在管理后台修订。"
    ),
    "items": [
        (
            "卫生许可",
            "卫生许可证",
            "取得卫生许可证并在有效期内，供水范围、水源与许可一致。",
            "10",
            "无有效卫生许可证供水为关键项不合格。",
            True,
        ),
        (
            "水源防护",
            "水源卫生防护",
            "按规定划定水源卫生防护地带并设立明显标志；防护范围内无排污口、垃圾堆放等污染源；"
            "井口（取水口）封闭、周围清洁。",
            "15",
            "无防护标志扣5分；防护范围内有污染源扣10分。",
            False,
        ),
        (
            "制水与消毒设施",
            "净化消毒设施",
            "配备与供水规模相适应的净化、消毒设施并正常运转。",
            "12",
            "无消毒设施为关键项不合格；设施未正常运转扣6分。",
            True,
        ),
        (
            "制水与消毒设施",
            "运行与投加记录",
            "消毒剂投加、设备运行、设施维护有记录；消毒剂、净水剂有卫生许可批件。",
            "8",
            "无投加记录扣4分；消毒剂无批件扣4分。",
            False,
        ),
        (
            "涉水产品",
            "涉水产品批件",
            "使用的输配水设备、防护材料和水处理材料等涉水产品取得卫生许可批件。",
            "10",
            "每发现一种无批件扣5分，扣完为止。",
            False,
        ),
        (
            "水质检验",
            "水质自检",
            "设立水质检验室或委托检测，配备人员和设备，按规定频次检测出厂水、末梢水（含消毒剂"
            "余量），记录和报告齐全。",
            "12",
            "未开展自检不得分；检测频次或项目不足扣6分。",
            False,
        ),
        (
            "水质检验",
            "水质达标",
            "出厂水、末梢水水质符合 GB 5749-2022（以现场快检和抽检结果为准）。",
            "8",
            "每项不合格扣4分，扣完为止。",
            False,
        ),
        (
            "从业人员",
            "健康与培训",
            "直接从事供、管水的人员取得健康合格证明后上岗，每年进行一次健康检查，经卫生知识培训。",
            "15",
            "每发现1名无健康合格证明上岗扣5分；无培训记录扣3分；扣完为止。",
            False,
        ),
        (
            "卫生管理",
            "制度、档案与应急",
            "建立卫生管理制度和档案，配备专（兼）职卫生管理人员，制定水污染事件应急预案，"
            "发生污染事件及时报告。",
            "10",
            "无制度扣3分；无档案扣3分；无应急预案扣4分。",
            False,
        ),
    ],
}

SECONDARY_WATER = {
    "code": "water-supply-secondary",
    "name": "二次供水卫生监督检查表",
    "domain": "drinking_water",
    "categories": ["dw.supply.secondary"],
    "pass_mark": Decimal("60"),
    "excellent_mark": None,
    "description": (
        "二次供水设施日常卫生监督检查用，依据 GB 17051-1997《二次供水设施卫生规范》、"
        "《生活饮用水卫生监督管理办法》和 GB 5749-2022。满分 100 分，60 分合格；※ 为关键项。"
        "分值为本所设定，可在管理后台修订。"
    ),
    "items": [
        (
            "卫生许可",
            "卫生许可",
            "按本地规定需取得卫生许可的，持有效卫生许可证。（本地不要求的选“不适用”）",
            "10",
            "应取得而未取得不得分。",
            False,
        ),
        (
            "水箱设施",
            "水箱加盖上锁",
            "水箱（池）人孔加盖并上锁，专人管理钥匙。",
            "10",
            "未加盖或未上锁为关键项不合格。",
            True,
        ),
        (
            "水箱设施",
            "通气管与溢流管",
            "通气管、溢流管出口有防蚊虫、防尘措施（防护网罩），溢流管、泄水管不与下水道直接连接。",
            "6",
            "每项不符合扣3分。",
            False,
        ),
        (
            "水箱设施",
            "设施周围环境",
            "水箱（池）周围无渗水坑、化粪池、垃圾等污染源；设施独立，不与非饮用水管道连接。",
            "7",
            "周围有污染源扣4分；与非饮用水管道连接扣3分。",
            False,
        ),
        (
            "水箱设施",
            "设施材料",
            "水箱（池）内壁材料、防腐涂料等涉水产品有卫生许可批件。",
            "7",
            "无批件扣7分。",
            False,
        ),
        (
            "清洗消毒",
            "定期清洗消毒",
            "水箱（池）定期清洗消毒（每年不少于一次，UNVERIFIED），有记录。",
            "10",
            "未清洗消毒为关键项不合格；记录不全扣3分。",
            True,
        ),
        (
            "清洗消毒",
            "清洗单位与清洗后检测",
            "由具备条件的单位或人员清洗消毒，清洗消毒后水质检测合格方可供水。",
            "10",
            "清洗后未检测扣6分；清洗人员无健康合格证明扣4分。",
            False,
        ),
        (
            "水质",
            "水质检测",
            "定期检测水质，结果符合 GB 5749-2022（以现场快检和抽检结果为准）。",
            "15",
            "未检测扣8分；每项不合格扣4分；扣完为止。",
            False,
        ),
        (
            "管理人员",
            "健康与培训",
            "管水人员持健康合格证明上岗，每年体检，经卫生知识培训。",
            "15",
            "每发现1名无健康合格证明扣5分；无培训扣3分；扣完为止。",
            False,
        ),
        (
            "卫生管理",
            "制度、档案与应急",
            "建立二次供水卫生管理制度、档案和污染事件应急预案。",
            "10",
            "无制度扣3分；无档案扣3分；无应急预案扣4分。",
            False,
        ),
    ],
}

SHEETS = [SCHOOL, MEDICAL, CENTRAL_WATER, SECONDARY_WATER]

# The public-place sheets: offered on public-place inspections only.
PUBLIC_PLACE_SHEETS = ["public-place-routine", "swimming-pool"]

# (code, name, domain code, default 整改要求)
PROBLEMS = [
    (
        "md-waste-storage",
        "医疗废物暂存不规范",
        "medical",
        "按《医疗废物管理条例》设置专用医疗废物暂时贮存设施，防渗漏、防鼠、防蚊蝇，设警示"
        "标识，暂存时间不超过2天。",
    ),
    (
        "md-waste-records",
        "医疗废物交接登记不全",
        "medical",
        "对医疗废物的来源、种类、重量或数量、交接时间、最终去向及经办人签名进行登记，登记资料"
        "至少保存3年。",
    ),
    (
        "md-beyond-scope",
        "超出登记诊疗科目范围执业",
        "medical",
        "立即停止超出登记诊疗科目范围的诊疗活动；确需开展的，依法申请变更登记。",
    ),
    (
        "md-unqualified-staff",
        "聘用非卫生技术人员从事医疗卫生技术工作",
        "medical",
        "立即停止安排非卫生技术人员从事医疗卫生技术工作，核查全部人员的执业资格和注册。",
    ),
    (
        "md-no-triage",
        "未按规定预检分诊",
        "medical",
        "建立并落实预检、分诊制度，设置预检分诊点，对发热等病人登记并按规定引导、隔离、转诊。",
    ),
    (
        "md-epidemic-report",
        "传染病疫情登记报告不规范",
        "medical",
        "规范门诊日志、传染病报告卡和阳性结果登记，按规定时限报告传染病疫情。",
    ),
    (
        "md-disinfection",
        "消毒隔离措施不落实",
        "medical",
        "落实消毒隔离制度，重点部门按规范消毒灭菌，开展消毒灭菌效果监测并记录。",
    ),
    (
        "md-single-use-reused",
        "一次性使用医疗器具重复使用",
        "medical",
        "立即停止重复使用一次性使用医疗器具，用后按医疗废物处置。",
    ),
    (
        "md-lab-biosafety",
        "病原微生物实验室生物安全管理不规范",
        "medical",
        "按规定办理实验室备案，建立菌（毒）种和样本登记，落实人员培训和个人防护。",
    ),
    (
        "md-vaccination",
        "预防接种管理不规范",
        "medical",
        "完善疫苗接收、购进、储存、使用登记和冷链温度记录，接种前履行告知、询问义务。",
    ),
    (
        "sc-morning-check-missing",
        "晨检记录缺失",
        "schools",
        "落实每日晨（午）检制度，由专人记录学生出勤和健康状况，发现异常及时报告。",
    ),
    (
        "sc-absence-tracking",
        "因病缺课登记追踪不落实",
        "schools",
        "对因病缺课学生逐一登记，追踪病因和诊断结果并记录。",
    ),
    (
        "sc-return-certificate",
        "未查验复课证明",
        "schools",
        "患传染病学生病愈返校时查验医疗机构出具的复课证明并留存。",
    ),
    (
        "sc-vaccination-check",
        "未查验预防接种证",
        "schools",
        "新生入学（入托）时查验预防接种证，督促未按规定接种的学生补种并记录。",
    ),
    (
        "sc-no-contingency-plan",
        "未制定传染病疫情应急预案",
        "schools",
        "制定传染病疫情及相关突发公共卫生事件应急预案，明确职责和报告程序，并组织演练。",
    ),
    (
        "sc-epidemic-report",
        "传染病疫情报告制度不落实",
        "schools",
        "明确疫情报告人，发现传染病病人、疑似病人或聚集性病例按规定时限报告。",
    ),
    (
        "sc-ventilation",
        "教室通风消毒不落实",
        "schools",
        "教室、宿舍定时通风，公共场所和物品按规定消毒并记录。",
    ),
    (
        "sc-lighting",
        "教室采光照明不达标",
        "schools",
        "按 GB 7793 改造教室照明（课桌面、黑板面照度和均匀度达标），检测合格后报告。",
    ),
    (
        "sc-desks",
        "课桌椅配置不符合要求",
        "schools",
        "按 GB/T 3976 配置可调节或多型号课桌椅，按学生身高每学期调整。",
    ),
    (
        "sc-drinking-water",
        "学校饮用水卫生管理不规范",
        "schools",
        "保障学生饮用水安全，供水设施定期清洗消毒，管水人员持健康合格证明上岗。",
    ),
    (
        "dw-tank-unlocked",
        "二次供水水箱未加盖上锁",
        "drinking_water",
        "水箱（池）人孔立即加盖上锁，钥匙专人管理。",
    ),
    (
        "dw-tank-not-cleaned",
        "二次供水设施未按规定清洗消毒",
        "drinking_water",
        "对水箱（池）清洗消毒，清洗后水质检测合格方可供水，建立清洗消毒记录。",
    ),
    (
        "dw-no-permit",
        "供水单位无卫生许可证供水",
        "drinking_water",
        "依法申请卫生许可，取得卫生许可证前不得供水。",
    ),
    (
        "dw-source-protection",
        "水源卫生防护不落实",
        "drinking_water",
        "划定水源卫生防护地带并设立明显标志，清除防护范围内的污染源。",
    ),
    (
        "dw-disinfection",
        "净化消毒设施未正常运转",
        "drinking_water",
        "维修并正常运行净化消毒设施，记录消毒剂投加和设备运行情况。",
    ),
    (
        "dw-no-self-testing",
        "未开展水质自检",
        "drinking_water",
        "按规定频次和项目检测出厂水、末梢水水质，建立检验记录。",
    ),
    (
        "dw-staff-health",
        "供、管水人员无健康合格证明",
        "drinking_water",
        "直接从事供、管水的人员取得健康合格证明后方可上岗，并每年体检。",
    ),
    (
        "dw-products-no-approval",
        "使用无卫生许可批件的涉水产品",
        "drinking_water",
        "停止使用无卫生许可批件的涉水产品，更换为取得批件的产品并留存批件。",
    ),
    (
        "rd-no-dosimeter",
        "放射工作人员未佩戴个人剂量计",
        "radiation",
        "放射工作人员工作时按规定佩戴个人剂量计，开展个人剂量监测并建立档案。",
    ),
    (
        "rd-no-health-exam",
        "放射工作人员未进行职业健康检查",
        "radiation",
        "组织放射工作人员上岗前、在岗期间和离岗时职业健康检查，建立职业健康监护档案。",
    ),
    (
        "rd-no-worker-certificate",
        "放射工作人员未持证上岗",
        "radiation",
        "放射工作人员经培训考核取得《放射工作人员证》后方可从事放射工作。",
    ),
    (
        "rd-no-patient-protection",
        "未为受检者提供防护用品",
        "radiation",
        "为受检者配备并使用防护用品，对非检查部位采取屏蔽防护。",
    ),
    (
        "rd-warning-signs",
        "放射诊疗场所未设置警示标志和工作指示灯",
        "radiation",
        "在放射诊疗场所入口设置电离辐射警告标志和工作状态指示灯。",
    ),
    (
        "rd-no-permit",
        "未取得放射诊疗许可开展放射诊疗",
        "radiation",
        "立即停止未经许可的放射诊疗活动，依法申请放射诊疗许可。",
    ),
    (
        "rd-no-device-testing",
        "放射诊疗设备未按规定检测",
        "radiation",
        "委托有资质的机构对放射诊疗设备进行验收检测、状态检测，并定期开展稳定性检测。",
    ),
    (
        "oc-no-hazard-declaration",
        "未申报职业病危害项目",
        "occupational",
        "按规定及时、如实申报职业病危害项目。",
    ),
    (
        "oc-no-hazard-monitoring",
        "未开展职业病危害因素检测评价",
        "occupational",
        "委托有资质的技术服务机构开展职业病危害因素检测、评价，结果存档并公布。",
    ),
    (
        "oc-no-health-exam",
        "未组织职业健康检查",
        "occupational",
        "组织接触职业病危害的劳动者进行上岗前、在岗期间和离岗时职业健康检查并告知结果。",
    ),
    (
        "oc-no-ppe",
        "未提供符合要求的职业病防护用品",
        "occupational",
        "为劳动者提供符合标准的个人职业病防护用品，并督促正确佩戴使用。",
    ),
    (
        "oc-no-warning",
        "未设置职业病危害警示标识和告知卡",
        "occupational",
        "在产生职业病危害的作业岗位醒目位置设置警示标识和中文警示说明（告知卡）。",
    ),
    (
        "oc-no-training",
        "未开展职业卫生培训",
        "occupational",
        "对主要负责人、职业卫生管理人员和劳动者开展职业卫生培训并记录。",
    ),
    (
        "oc-surveillance-files",
        "职业健康监护档案不健全",
        "occupational",
        "为劳动者建立职业健康监护档案并按规定期限妥善保存。",
    ),
]

PROBLEM_ORDER_START = 20  # after the public-place problems of 0002, before 其他 (99)


def load(apps, schema_editor):
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    ProblemType = apps.get_model("inspections", "ProblemType")
    Domain = apps.get_model("premises", "Domain")
    Category = apps.get_model("premises", "Category")
    domains = {d.code: d for d in Domain.objects.all()}

    for sheet in SHEETS:
        other_current = (
            ChecklistTemplate.objects.filter(code=sheet["code"], is_current=True)
            .exclude(version=1)
            .exists()
        )
        fields = {
            "name": sheet["name"],
            "description": sheet["description"],
            "pass_mark": sheet["pass_mark"],
            "excellent_mark": sheet["excellent_mark"],
            "domain": domains[sheet["domain"]],
        }
        template, _ = ChecklistTemplate.objects.update_or_create(
            code=sheet["code"],
            version=1,
            defaults=fields,
            create_defaults={**fields, "is_current": not other_current},
        )
        template.categories.set(Category.objects.filter(code__in=sheet["categories"]))
        for order, (section, subsection, content, points, guidance, key) in enumerate(
            sheet["items"], start=1
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

    ChecklistTemplate.objects.filter(code__in=PUBLIC_PLACE_SHEETS, domain=None).update(
        domain=domains["public_places"]
    )

    for order, (code, name, domain, requirement) in enumerate(PROBLEMS, start=PROBLEM_ORDER_START):
        ProblemType.objects.update_or_create(
            code=code,
            defaults={"name": name, "domain": domains[domain], "order": order},
            create_defaults={
                "name": name,
                "domain": domains[domain],
                "order": order,
                "requirement": requirement,
            },
        )


def unload(apps, schema_editor):
    """The sheets and problem types go (refused if an inspection used one: PROTECT); the
    public-place sheets are of any domain again."""
    ChecklistTemplate = apps.get_model("inspections", "ChecklistTemplate")
    ProblemType = apps.get_model("inspections", "ProblemType")
    ChecklistTemplate.objects.filter(code__in=[s["code"] for s in SHEETS]).delete()
    ChecklistTemplate.objects.filter(code__in=PUBLIC_PLACE_SHEETS).update(domain=None)
    ProblemType.objects.filter(code__in=[p[0] for p in PROBLEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0016_checklist_scope")]

    operations = [migrations.RunPython(load, unload)]
