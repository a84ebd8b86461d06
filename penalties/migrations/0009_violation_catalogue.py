"""The violation catalogue (违法行为及处罚裁量) of the office's domains, editable afterwards.

Each violation names the provision broken, the penalty clause, what the clause allows and
which penalties it imposes together (“给予警告，并处罚款” as ``required``; “可以并处” not),
the fine range in yuan or as a multiple of the illegal gains (with the floor “不足一万元的，
按一万元计算”), and a default split by severity. The statutory tiers (e.g. “逾期不改正的”) are
the clause's; a split within one statutory range is the system's default, marked
``default_unpublished``: replace it with the province's published 裁量基准. ``verified``
False: the article number or range was not checked against the published text (see each
row's note). 较大数额 thresholds for the hearing right: 江西省行政处罚听证程序规定 (省政府令
第82号, 2021 年第三次修正) art. 2: citizens 3,000 yuan, organisations 20,000 yuan.

Existing ORDER_CORRECT penalty rows (责令改正, not a 行政处罚) become correction orders.
"""

from decimal import Decimal

from django.db import migrations

W, F, G, ITEMS, S, P, R = (
    "warning",
    "fine",
    "confiscate_gains",
    "confiscate_items",
    "suspension",
    "suspend_practice",
    "revoke",
)
PP = "《公共场所卫生管理条例实施细则》"
PPR = "《公共场所卫生管理条例》"
DW = "《生活饮用水卫生监督管理办法》"
SC = "《学校卫生工作条例》"
MI = "《医疗机构管理条例》"
BH = "《中华人民共和国基本医疗卫生与健康促进法》"
DR = "《中华人民共和国医师法》"
MW = "《医疗废物管理条例》"
ID = "《中华人民共和国传染病防治法》"
RD = "《放射诊疗管理规定》"
FP = "《中华人民共和国人口与计划生育法》"
MCH = "《中华人民共和国母婴保健法》"

DEFAULT = "系统默认分档（法定幅度内划分，非公布的裁量基准）"
STATUTE = "法定档次（条款原文）"
ID_2025 = (
    "按 2013 年修正文本的条号。2025 年 4 月 30 日修订的传染病防治法自 2025-09-01 起施行，"
    "法律责任一章重新编号并调整罚款：2025-09-01 以后终了的违法行为须改按新法条款，新条号未核实。"
)


def L(
    sev, text, penalties, *, req=(), fine=None, mult=None, floor=None, review=False, source=DEFAULT
):
    """One discretion level. fine=(min, max) yuan; mult=(min, max) multiples of gains."""
    return {
        "severity": sev,
        "circumstances": text,
        "penalties": list(penalties),
        "required_penalties": list(req),
        "fine_min": None if fine is None else Decimal(fine[0]),
        "fine_max": None if fine is None or fine[1] is None else Decimal(fine[1]),
        "gains_multiple_min": None if mult is None else Decimal(mult[0]),
        "gains_multiple_max": None if mult is None else Decimal(mult[1]),
        "gains_floor": None if floor is None else Decimal(floor),
        "requires_legal_review": review,
        "source": source,
        "default_unpublished": source == DEFAULT,
    }


def V(code, name, domain, law, legal, penalty, text, levels, *, years=2, verified=True, note=""):
    return {
        "code": code,
        "name": name,
        "domain": domain,
        "law": law,
        "legal_basis": legal,
        "penalty_basis": penalty,
        "penalty_text": text,
        "limitation_years": years,
        "source_verified": verified,
        "source_note": note,
        "levels": levels,
    }


def pp36(code, item, name, legal):
    text = (
        "责令限期改正，给予警告，并可处以二千元以下罚款；逾期不改正，造成公共场所卫生质量不符合"
        "卫生标准和要求的，处以二千元以上二万元以下罚款；情节严重的，可以依法责令停业整顿，直至吊销卫生许可证。"
    )
    return V(
        code,
        name,
        "public_places",
        PP,
        legal,
        f"{PP}第三十六条第{item}项",
        text,
        [
            L("minor", "首次发现，及时改正", [W], req=[W]),
            L(
                "ordinary",
                "未按规定执行，未造成卫生质量不合格",
                [W, F],
                req=[W],
                fine=("0", "2000"),
            ),
            L(
                "serious",
                "逾期不改正，造成公共场所卫生质量不符合卫生标准和要求；情节严重的可责令停业整顿直至吊销卫生许可证",
                [F, S, R],
                req=[F],
                fine=("2000", "20000"),
                review=True,
                source=STATUTE,
            ),
        ],
    )


PP37_TEXT = (
    "责令限期改正；逾期不改的，给予警告，并处以一千元以上一万元以下罚款；对拒绝监督的，处以一万元以上"
    "三万元以下罚款；情节严重的，可以依法责令停业整顿，直至吊销卫生许可证。"
)
PP37 = [
    (
        "一",
        "未按照规定建立卫生管理制度、设立卫生管理部门或者配备专（兼）职卫生管理人员，或者未建立卫生管理档案",
        "第七条、第八条",
    ),
    ("二", "未按照规定组织从业人员进行卫生知识培训，或者安排未经培训考核的从业人员上岗", "第九条"),
    (
        "三",
        "未按照规定设置与经营规模、项目相适应的清洗、消毒、保洁、盥洗等设施设备和公共卫生间，或者擅自停止使用、拆除、挪作他用",
        "第十四条",
    ),
    (
        "四",
        "未按照规定配备预防控制鼠、蚊、蝇、蟑螂和其他病媒生物的设施设备以及废弃物存放专用设施设备，或者擅自停止使用、拆除",
        "第十六条",
    ),
    ("五", "未按照规定索取公共卫生用品检验合格证明和其他相关资料", "第十五条"),
    ("六", "未按照规定对公共场所新建、改建、扩建项目办理预防性卫生审查手续", "第二十一条"),
    ("七", "公共场所集中空调通风系统未经卫生检测或者评价不合格而投入运行", "第十三条"),
    ("八", "未按照规定公示公共场所卫生许可证、卫生检测结果和卫生信誉度等级", "第二十五条"),
    ("九", "未按照规定办理公共场所卫生许可证复核手续", "第二十四条"),
]


def pp37(item, name, article):
    return V(
        f"pp-37-{'一二三四五六七八九'.index(item) + 1}",
        name,
        "public_places",
        PP,
        f"{PP}{article}",
        f"{PP}第三十七条第{item}项",
        PP37_TEXT,
        [
            L(
                "minor",
                "责令限期改正后逾期不改，情节较轻",
                [W, F],
                req=[W, F],
                fine=("1000", "3000"),
            ),
            L("ordinary", "责令限期改正后逾期不改", [W, F], req=[W, F], fine=("3000", "10000")),
            L(
                "serious",
                "拒绝监督，或者情节严重（可责令停业整顿直至吊销卫生许可证）",
                [F, S, R],
                req=[F],
                fine=("10000", "30000"),
                review=True,
                source=STATUTE,
            ),
        ],
        verified=False,
        note="第三十七条各项按 2011 年文本；违反的条款（细则第几条）及第六、九项在 2016、2017 年修正后是否保留未核实。",
    )


def rad(code, name, legal, penalty, text, levels, note=""):
    return V(code, name, "radiation", RD, legal, penalty, text, levels, verified=False, note=note)


RD38_TEXT = "给予警告、责令限期改正，并可以根据情节处以3000元以下的罚款；情节严重的，吊销其《医疗机构执业许可证》。"
RD41_TEXT = "给予警告，责令限期改正；并可处一万元以下的罚款。"
RD41 = [
    ("一", "购置、使用不合格或国家有关部门规定淘汰的放射诊疗设备"),
    ("二", "未按照规定使用安全防护装置和个人防护用品"),
    ("三", "未按照规定对放射诊疗设备、工作场所及防护设施进行检测和检查"),
    ("四", "未按照规定对放射诊疗工作人员进行个人剂量监测、健康检查、建立个人剂量和健康档案"),
    ("五", "发生放射事件并造成人员健康严重损害"),
    ("六", "发生放射事件未立即采取应急救援和控制措施或者未按照规定及时报告"),
    ("七", "违反放射诊疗管理规定的其他情形"),
]


def rad38(n, item, name):
    return rad(
        f"rad-38-{n}",
        name,
        f"{RD}第四条等",
        f"{RD}第三十八条第{item}项",
        RD38_TEXT,
        [
            L("minor", "首次发现，及时改正", [W], req=[W]),
            L("ordinary", "未按规定执行", [W, F], req=[W], fine=("0", "3000")),
            L("serious", "情节严重", [W, F, R], req=[W], fine=("1000", "3000"), review=True),
        ],
    )


def rad41(n, item, name):
    return rad(
        f"rad-41-{n}",
        name,
        RD,
        f"{RD}第四十一条第{item}项",
        RD41_TEXT,
        [
            L("minor", "首次发现，及时改正", [W], req=[W]),
            L("ordinary", "未按规定执行", [W, F], req=[W], fine=("0", "5000")),
            L(
                "serious",
                "情节严重或者造成危害后果",
                [W, F],
                req=[W],
                fine=("5000", "10000"),
                review=True,
            ),
        ],
    )


def dw26(n, item, name, legal):
    return V(
        f"dw-26-{n}",
        name,
        "drinking_water",
        DW,
        legal,
        f"{DW}第二十六条第{item}项",
        "责令限期改进，并可处以20元以上5000元以下的罚款。",
        [
            L("minor", "首次发现，及时改进", [F], fine=("20", "1000")),
            L("ordinary", "未按规定执行", [F], fine=("1000", "3000")),
            L("serious", "情节严重或者拒不改进", [F], fine=("3000", "5000")),
        ],
        verified=False,
        note="条号按 2016 年修正文本（国家卫生计生委令第8号），未逐项核对。",
    )


def mw(code, name, article, items, text, levels):
    return V(
        code,
        f"{name}（{items}）",
        "medical",
        MW,
        MW,
        f"{MW}第{article}条",
        text,
        levels,
        verified=False,
        note="按 2011 年修订文本；卫生健康与生态环境部门按各自职责处罚。",
    )


VIOLATIONS = [
    # 公共场所：细则第三十五条至第三十九条，各项
    V(
        "pp-no-permit",
        "未依法取得公共场所卫生许可证擅自营业",
        "public_places",
        PP,
        f"{PPR}第八条；{PP}第二十二条第一款",
        f"{PP}第三十五条第一款",
        "责令限期改正，给予警告，并处以五百元以上五千元以下罚款；擅自营业曾受过卫生行政部门处罚、擅自营业时间在三个月以上，"
        "或者以涂改、转让、倒卖、伪造的卫生许可证擅自营业的，处以五千元以上三万元以下罚款。",
        [
            L(
                "minor",
                "首次发现，擅自营业时间较短，及时改正",
                [W, F],
                req=[W, F],
                fine=("500", "2000"),
            ),
            L("ordinary", "擅自营业，未造成危害后果", [W, F], req=[W, F], fine=("2000", "5000")),
            L(
                "serious",
                "擅自营业曾受过卫生行政部门处罚、擅自营业三个月以上，或以涂改、转让、倒卖、伪造的卫生许可证擅自营业",
                [F],
                req=[F],
                fine=("5000", "30000"),
                review=True,
                source=STATUTE,
            ),
        ],
    ),
    pp36(
        "pp-no-testing",
        "一",
        "未按照规定对公共场所的空气、微小气候、水质、采光、照明、噪声、顾客用品用具等进行卫生检测",
        f"{PP}第十九条第一款",
    ),
    pp36(
        "pp-no-disinfection",
        "二",
        "未按照规定对顾客用品用具进行清洗、消毒、保洁，或者重复使用一次性用品用具",
        f"{PP}第十四条",
    ),
    V(
        "pp-pool-water",
        "游泳场所水质不符合国家卫生标准（GB 37488）而继续营业",
        "public_places",
        PPR,
        f"{PPR}第三条第一款第（二）项；{PP}第十二条第二款；《公共场所卫生指标及限值要求》（GB 37488—2019）",
        f"{PPR}第十四条第一款第（一）项；罚款幅度依{PP}第三十六条",
        "条例第十四条：根据情节轻重，给予警告、罚款、停业整顿、吊销卫生许可证。细则第三十六条：责令限期改正，给予警告，"
        "并可处二千元以下罚款；逾期不改正、造成卫生质量不符合标准的，处二千元以上二万元以下罚款；情节严重的，停业整顿直至吊销。",
        [
            L("minor", "一项指标不合格，立即停止使用并整改", [W], req=[W]),
            L("ordinary", "水质不合格仍开放", [W, F], req=[W], fine=("0", "2000")),
            L(
                "serious",
                "责令改正后逾期不改正，或多项指标不合格、造成健康危害",
                [F, S, R],
                req=[F],
                fine=("2000", "20000"),
                review=True,
            ),
        ],
        verified=False,
        note="适用条款为本系统判断：条例第十四条第一款第（一）项定性，罚款幅度取细则第三十六条（细则未对“水质不合格继续营业”单列罚则）。"
        "部分地方以地方性法规、规章（如游泳场所管理办法）另设罚则，本省有规定的从其规定。",
    ),
    *[pp37(item, name, article) for item, name, article in PP37],
    V(
        "pp-refuse-supervision",
        "拒绝卫生监督",
        "public_places",
        PPR,
        f"{PPR}第十四条第一款第（三）项",
        f"{PP}第三十七条",
        PP37_TEXT,
        [
            L("ordinary", "拒绝监督", [F], req=[F], fine=("10000", "20000"), source=DEFAULT),
            L(
                "serious",
                "拒绝监督，情节严重",
                [F, S, R],
                req=[F],
                fine=("20000", "30000"),
                review=True,
            ),
        ],
    ),
    V(
        "pp-no-health-certificate",
        "安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作",
        "public_places",
        PP,
        f"{PPR}第七条；{PP}第十条",
        f"{PP}第三十八条",
        "责令限期改正，给予警告，并处以五百元以上五千元以下罚款；逾期不改正的，处以五千元以上一万五千元以下罚款。",
        [
            L(
                "ordinary",
                "安排无有效健康合格证明的人员从事直接为顾客服务的工作",
                [W, F],
                req=[W, F],
                fine=("500", "5000"),
                source=STATUTE,
            ),
            L(
                "serious",
                "逾期不改正",
                [F],
                req=[F],
                fine=("5000", "15000"),
                review=True,
                source=STATUTE,
            ),
        ],
    ),
    V(
        "pp-incident",
        "对发生的危害健康事故未立即采取处置措施，导致危害扩大，或者隐瞒、缓报、谎报",
        "public_places",
        PP,
        f"{PP}第二十条",
        f"{PP}第三十九条",
        "处以五千元以上三万元以下罚款；情节严重的，可以依法责令停业整顿，直至吊销卫生许可证。",
        [
            L("ordinary", "未立即处置或缓报", [F], req=[F], fine=("5000", "15000")),
            L(
                "serious",
                "隐瞒、谎报，或危害扩大、情节严重",
                [F, S, R],
                req=[F],
                fine=("15000", "30000"),
                review=True,
            ),
        ],
        years=5,
    ),
    # 生活饮用水
    V(
        "dw-staff-no-health",
        "集中式供水单位安排未取得体检合格证或患有有碍饮用水卫生疾病的人员从事直接供、管水工作",
        "drinking_water",
        DW,
        f"{DW}第十一条",
        f"{DW}第二十五条",
        "责令限期改进，并可对供水单位处以20元以上1000元以下的罚款。",
        [
            L("minor", "首次发现，及时调离或补办", [F], fine=("20", "300")),
            L("ordinary", "未按规定执行", [F], fine=("300", "700")),
            L("serious", "患有有碍饮用水卫生疾病的人员直接供、管水", [F], fine=("700", "1000")),
        ],
        verified=False,
        note="条号按 2016 年修正文本，未逐项核对。",
    ),
    dw26(
        1,
        "一",
        "在饮用水水源保护区修建危害水源水质卫生的设施或进行有碍水源水质卫生的作业",
        f"{DW}第十二条",
    ),
    dw26(
        2,
        "二",
        "新建、改建、扩建的饮用水供水项目未经卫生部门参加选址、设计审查和竣工验收而擅自供水",
        f"{DW}第八条",
    ),
    dw26(3, "三", "供水单位未取得卫生许可证而擅自供水", f"{DW}第七条"),
    dw26(4, "四", "供水单位供应的饮用水不符合国家规定的生活饮用水卫生标准", f"{DW}第六条"),
    V(
        "dw-products",
        "生产或者销售无卫生许可批准文件的涉及饮用水卫生安全的产品",
        "drinking_water",
        DW,
        f"{DW}第十二条",
        f"{DW}第二十七条",
        "责令改进，并可处以违法所得3倍以下的罚款，但最高不超过30000元，或处以500元以上10000元以下的罚款。",
        [
            L("minor", "数量少，及时停止", [F], fine=("500", "3000")),
            L("ordinary", "未取得批准文件生产或销售", [F], fine=("3000", "7000")),
            L(
                "serious",
                "数量大或造成影响（有违法所得的，可改按违法所得3倍以下、最高3万元）",
                [F],
                fine=("7000", "30000"),
                review=True,
            ),
        ],
        verified=False,
        note="条款给出两种罚款方式（违法所得3倍以下最高3万元，或500–10000元）；严重档上限按3万元，选用固定幅度时不得超过1万元。",
    ),
    # 学校卫生
    V(
        "school-environment",
        "教学建筑、环境噪声、室内微小气候、采光、照明、黑板课桌椅，厕所、洗手设施，或体育场地器材不符合卫生要求",
        "schools",
        SC,
        f"{SC}第六条第一款、第七条、第十条",
        f"{SC}第三十三条",
        "对直接责任单位或者个人给予警告并责令限期改进；情节严重的，可以同时建议教育行政部门给予行政处分。",
        [L("ordinary", "不符合规定", [W], req=[W], source=STATUTE)],
    ),
    V(
        "school-labour",
        "组织学生参加劳动不符合规定，致使学生健康受到损害",
        "schools",
        SC,
        f"{SC}第十一条",
        f"{SC}第三十四条",
        "对直接责任单位或者个人给予警告，责令限期改进。",
        [L("ordinary", "致使学生健康受到损害", [W], req=[W], source=STATUTE)],
    ),
    V(
        "school-supplies",
        "供学生使用的文具、娱乐器具、保健用品不符合国家有关卫生标准",
        "schools",
        SC,
        f"{SC}第二十七条",
        f"{SC}第三十五条",
        "对直接责任单位或者个人给予警告；情节严重的，可以会同工商行政部门没收其不符合国家有关卫生标准的物品，并处以非法所得两倍以下的罚款。",
        [
            L("ordinary", "不符合标准", [W], req=[W], source=STATUTE),
            L(
                "serious",
                "情节严重",
                [W, ITEMS, F],
                req=[W],
                mult=("0", "2"),
                review=True,
                source=STATUTE,
            ),
        ],
    ),
    V(
        "school-obstruct",
        "拒绝或者妨碍学校卫生监督员实施卫生监督",
        "schools",
        SC,
        f"{SC}第三十六条",
        f"{SC}第三十六条",
        "给予警告；情节严重的，可以建议教育行政部门给予行政处分或者处以二百元以下的罚款。",
        [
            L("ordinary", "拒绝或妨碍监督", [W], req=[W], source=STATUTE),
            L("serious", "情节严重", [W, F], req=[W], fine=("0", "200"), source=STATUTE),
        ],
    ),
    # 医疗机构与非法行医
    V(
        "illegal-practice",
        "非医师行医（未取得医师资格或执业证书从事医师执业活动）",
        "medical",
        DR,
        f"{DR}第十三条",
        f"{DR}第五十九条",
        "责令停止非法执业活动，没收违法所得和药品、医疗器械，并处违法所得二倍以上十倍以下的罚款，违法所得不足一万元的，按一万元计算。"
        "（当事人为个人；未取得医疗机构执业许可证擅自执业的机构适用基本医疗卫生与健康促进法第九十九条）",
        [
            L(
                "minor",
                "执业时间短，违法所得少，未造成危害",
                [F, G, ITEMS],
                req=[F],
                mult=("2", "4"),
                floor="10000",
                review=True,
            ),
            L(
                "ordinary",
                "非医师行医",
                [F, G, ITEMS],
                req=[F],
                mult=("4", "7"),
                floor="10000",
                review=True,
            ),
            L(
                "serious",
                "曾受处罚、执业时间长或造成危害后果",
                [F, G, ITEMS],
                req=[F],
                mult=("7", "10"),
                floor="10000",
                review=True,
            ),
        ],
        years=5,
    ),
    V(
        "med-no-licence",
        "未取得医疗机构执业许可证擅自执业（诊所等机构）",
        "medical",
        BH,
        f"{BH}第三十八条；{MI}第二十三条（第四十三条：依照基本医疗卫生与健康促进法处罚）",
        f"{BH}第九十九条第一款",
        "责令停止执业活动，没收违法所得和药品、医疗器械，并处违法所得五倍以上二十倍以下的罚款，违法所得不足一万元的，按一万元计算。"
        "取缔（责令停止执业活动）作为措施另行登记。",
        [
            L(
                "minor",
                "执业时间短，违法所得少，未造成危害",
                [F, G, ITEMS],
                req=[F],
                mult=("5", "10"),
                floor="10000",
                review=True,
            ),
            L(
                "ordinary",
                "未取得执业许可证擅自执业",
                [F, G, ITEMS],
                req=[F],
                mult=("10", "15"),
                floor="10000",
                review=True,
            ),
            L(
                "serious",
                "曾受处罚、执业时间长或造成危害后果",
                [F, G, ITEMS],
                req=[F],
                mult=("15", "20"),
                floor="10000",
                review=True,
            ),
        ],
        years=5,
        note="医疗机构管理条例（2022 年修订）第四十三条指向本条；条号未对照 2022 年文本核实。",
    ),
    V(
        "med-licence-lending",
        "伪造、变造、买卖、出租、出借医疗机构执业许可证",
        "medical",
        BH,
        f"{BH}第三十八条",
        f"{BH}第九十九条第二款",
        "责令改正，没收违法所得，并处违法所得五倍以上十五倍以下的罚款，违法所得不足一万元的，按一万元计算；情节严重的，吊销医疗机构执业许可证。",
        [
            L("minor", "情节较轻", [F, G], req=[F], mult=("5", "8"), floor="10000", review=True),
            L(
                "ordinary",
                "出租、出借执业许可证",
                [F, G],
                req=[F],
                mult=("8", "12"),
                floor="10000",
                review=True,
            ),
            L(
                "serious",
                "情节严重",
                [F, G, R],
                req=[F],
                mult=("12", "15"),
                floor="10000",
                review=True,
            ),
        ],
    ),
    V(
        "med-beyond-scope",
        "诊疗活动超出登记或者备案范围",
        "medical",
        MI,
        f"{MI}第二十六条",
        f"{MI}第四十六条",
        "予以警告、责令其改正，没收违法所得，并可以根据情节处以1万元以上10万元以下的罚款；情节严重的，吊销其《医疗机构执业许可证》或者责令其停止执业活动。",
        [
            L("minor", "首次发现，及时改正", [W, G], req=[W]),
            L(
                "ordinary",
                "超出登记范围开展诊疗活动",
                [W, G, F],
                req=[W],
                fine=("10000", "50000"),
                review=True,
            ),
            L(
                "serious",
                "情节严重",
                [W, G, F, R, P],
                req=[W],
                fine=("50000", "100000"),
                review=True,
            ),
        ],
        verified=False,
        note="条号与 1–10 万元幅度按 2022 年修订（国务院令第752号）；未对照公布文本核实。2016 年文本为第四十七条、3000 元以下。",
    ),
    V(
        "med-non-technical-staff",
        "使用非卫生技术人员从事医疗卫生技术工作",
        "medical",
        MI,
        f"{MI}第二十七条",
        f"{MI}第四十七条",
        "责令其限期改正，并可以处以1万元以上10万元以下的罚款；情节严重的，吊销其《医疗机构执业许可证》或者责令其停止执业活动。",
        [
            L("minor", "人数少、时间短，及时改正", [F], fine=("10000", "30000"), review=True),
            L("ordinary", "使用非卫生技术人员", [F], fine=("30000", "60000"), review=True),
            L("serious", "情节严重", [F, R, P], fine=("60000", "100000"), review=True),
        ],
        verified=False,
        note="条号与幅度按 2022 年修订；未核实。实施细则第八十一条：使用卫生技术人员从事本专业以外的诊疗活动的，按使用非卫生技术人员处理。",
    ),
    V(
        "med-overdue-validation",
        "逾期不校验医疗机构执业许可证仍从事诊疗活动",
        "medical",
        MI,
        f"{MI}第二十一条",
        f"{MI}第四十四条",
        "责令其限期补办校验手续；拒不校验的，吊销其《医疗机构执业许可证》。",
        [L("serious", "拒不校验", [R], req=[R], review=True, source=STATUTE)],
        verified=False,
        note="条号按 2022 年修订，未核实。",
    ),
    V(
        "med-false-certificate",
        "医疗机构出具虚假证明文件",
        "medical",
        MI,
        f"{MI}第三十一条",
        f"{MI}第四十八条",
        "予以警告；对造成危害后果的，可以处以1万元以上10万元以下的罚款。",
        [
            L("ordinary", "出具虚假证明文件", [W], req=[W], source=STATUTE),
            L(
                "serious",
                "造成危害后果",
                [W, F],
                req=[W],
                fine=("10000", "100000"),
                review=True,
                source=STATUTE,
            ),
        ],
        verified=False,
        note="条号与幅度按 2022 年修订，未核实。",
    ),
    # 医疗废物
    mw(
        "mw-45",
        "医疗废物管理制度、培训、防护、登记、消毒、收集、检测不符合规定",
        "四十五",
        "第一至七项",
        "责令限期改正，给予警告；逾期不改正的，处2000元以上5000元以下的罚款。",
        [
            L("minor", "首次发现", [W], req=[W], source=STATUTE),
            L("ordinary", "逾期不改正", [F], req=[F], fine=("2000", "3500")),
            L("serious", "逾期不改正，情节严重", [F], req=[F], fine=("3500", "5000")),
        ],
    ),
    mw(
        "mw-46",
        "医疗废物贮存设施、分类包装、运送车辆、监控装置不符合规定",
        "四十六",
        "第一至四项",
        "责令限期改正，给予警告，可以并处5000元以下的罚款；逾期不改正的，处5000元以上3万元以下的罚款。",
        [
            L("minor", "首次发现，及时改正", [W], req=[W]),
            L("ordinary", "未按规定执行", [W, F], req=[W], fine=("0", "5000"), source=STATUTE),
            L(
                "serious",
                "逾期不改正",
                [F],
                req=[F],
                fine=("5000", "30000"),
                review=True,
                source=STATUTE,
            ),
        ],
    ),
    mw(
        "mw-47",
        "丢弃、倾倒医疗废物，未执行转移联单，交无证单位处置，处置、污水消毒不符合规定，传染病人生活垃圾未按医疗废物处置",
        "四十七",
        "第一至六项",
        "责令限期改正，给予警告，并处5000元以上1万元以下的罚款；逾期不改正的，处1万元以上3万元以下的罚款；"
        "造成传染病传播或者环境污染事故的，由原发证部门暂扣或者吊销执业许可证件或者经营许可证件。",
        [
            L("minor", "首次发现，及时改正", [W, F], req=[W, F], fine=("5000", "7000")),
            L(
                "ordinary",
                "未按规定处置",
                [W, F],
                req=[W, F],
                fine=("7000", "10000"),
                source=STATUTE,
            ),
            L(
                "serious",
                "逾期不改正，或造成传染病传播、环境污染事故",
                [F, R],
                req=[F],
                fine=("10000", "30000"),
                review=True,
                source=STATUTE,
            ),
        ],
    ),
    # 传染病防治
    V(
        "id-medical-institution",
        "医疗机构未按规定承担传染病预防、疫情报告、消毒隔离等职责",
        "medical",
        ID,
        f"{ID}第二十一条、第三十条、第五十一条等",
        f"{ID}第六十九条",
        "责令改正，通报批评，给予警告；造成传染病传播、流行或者其他严重后果的，对负有责任的人员依法给予处分，并可以依法吊销有关责任人员的执业证书。",
        [
            L("ordinary", "未按规定履行职责", [W], req=[W], source=STATUTE),
            L(
                "serious",
                "造成传染病传播、流行或者其他严重后果",
                [W, R],
                req=[W],
                review=True,
                source=STATUTE,
            ),
        ],
        years=5,
        verified=False,
        note=ID_2025,
    ),
    V(
        "id-water-supply",
        "饮用水供水单位供应的饮用水不符合国家卫生标准和卫生规范",
        "drinking_water",
        ID,
        f"{ID}第二十九条",
        f"{ID}第七十三条第（一）项",
        "导致或者可能导致传染病传播、流行的，责令限期改正，没收违法所得，可以并处五万元以下的罚款；已取得许可证的，原发证部门可以依法暂扣或者吊销许可证。",
        [
            L("minor", "可能导致传染病传播，及时改正", [G, F], fine=("0", "10000")),
            L("ordinary", "可能导致传染病传播", [G, F], fine=("10000", "30000"), review=True),
            L("serious", "导致传染病传播、流行", [G, F, R], fine=("30000", "50000"), review=True),
        ],
        years=5,
        verified=False,
        note=ID_2025,
    ),
    V(
        "id-disinfectant",
        "用于传染病防治的消毒产品不符合国家卫生标准和卫生规范",
        "medical",
        ID,
        f"{ID}第二十九条",
        f"{ID}第七十三条第（三）项",
        "导致或者可能导致传染病传播、流行的，责令限期改正，没收违法所得，可以并处五万元以下的罚款；已取得许可证的，可以依法暂扣或者吊销许可证。",
        [
            L("minor", "可能导致传染病传播，及时改正", [G, F], fine=("0", "10000")),
            L("ordinary", "可能导致传染病传播", [G, F], fine=("10000", "30000"), review=True),
            L("serious", "导致传染病传播、流行", [G, F, R], fine=("30000", "50000"), review=True),
        ],
        years=5,
        verified=False,
        note=ID_2025,
    ),
    # 放射诊疗
    rad38(1, "一", "未取得放射诊疗许可从事放射诊疗工作"),
    rad38(2, "二", "未办理诊疗科目登记或者未按照规定进行校验"),
    rad38(3, "三", "未经批准擅自变更放射诊疗项目或者超出批准范围从事放射诊疗工作"),
    rad(
        "rad-39",
        "使用不具备相应资质的人员从事放射诊疗工作",
        f"{RD}第十七条",
        f"{RD}第三十九条",
        "责令限期改正，并可以处以5000元以下的罚款；情节严重的，吊销其《医疗机构执业许可证》。",
        [
            L("minor", "首次发现，及时改正", [F], fine=("0", "2000")),
            L("ordinary", "使用不具备资质的人员", [F], fine=("2000", "5000")),
            L("serious", "情节严重", [F, R], fine=("3000", "5000"), review=True),
        ],
    ),
    *[rad41(n, item, name) for n, (item, name) in enumerate(RD41, 1)],
    # 两非
    V(
        "fp-sex-selection",
        "为他人进行非医学需要的胎儿性别鉴定或者选择性别的人工终止妊娠",
        "family_planning",
        FP,
        f"{FP}第三十九条；{MCH}第三十二条",
        f"{FP}第四十条第一款第（二）项",
        "责令改正，给予警告，没收违法所得；违法所得一万元以上的，处违法所得二倍以上六倍以下的罚款；没有违法所得或者违法所得不足一万元的，"
        "处一万元以上三万元以下的罚款；情节严重的，由原发证机关吊销执业证书。",
        [
            L(
                "minor",
                "没有违法所得或不足一万元，情节较轻",
                [W, G, F],
                req=[W, F],
                fine=("10000", "20000"),
                review=True,
            ),
            L(
                "ordinary",
                "没有违法所得或不足一万元",
                [W, G, F, R],
                req=[W, F],
                fine=("20000", "30000"),
                review=True,
            ),
            L(
                "serious",
                "违法所得一万元以上（按违法所得二至六倍）",
                [W, G, F, R],
                req=[W, F],
                mult=("2", "6"),
                review=True,
                source=STATUTE,
            ),
        ],
        verified=False,
        note="条号按 2021 年修正文本；“一般/轻微”两档适用违法所得不足一万元，“严重”档适用一万元以上，选档时须与违法所得一致。",
    ),
    V(
        "fp-mch-staff",
        "从事母婴保健工作的人员出具虚假医学证明或者进行胎儿性别鉴定",
        "family_planning",
        MCH,
        f"{MCH}第三十二条",
        f"{MCH}第三十七条",
        "由医疗保健机构或者卫生行政部门根据情节给予行政处分（不是行政处罚）；情节严重的，依法取消执业资格。",
        [L("serious", "情节严重，取消执业资格", [R], req=[R], review=True, source=STATUTE)],
        verified=False,
        note="一般情节为行政处分，不在本系统立案处罚；情节严重的取消执业资格（吊销执业证书）。",
    ),
]

# 江西省行政处罚听证程序规定 第二条第（一）项（2021 年第三次修正）
THRESHOLDS = [
    ("citizen", "3000", "3000"),
    ("organisation", "20000", "20000"),
]
THRESHOLD_BASIS = (
    "《江西省行政处罚听证程序规定》第二条第（一）项（省政府令第82号，2021 年第三次修正）"
)

CORRECTION_SERIES = ("penalty-correction", "责令改正通知书", "卫责改〔{year}〕{number:04d}号")


def load(apps, schema_editor):
    Violation = apps.get_model("penalties", "Violation")
    DiscretionLevel = apps.get_model("penalties", "DiscretionLevel")
    Domain = apps.get_model("premises", "Domain")
    HearingThreshold = apps.get_model("penalties", "HearingThreshold")
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    level_fields = {f.name for f in DiscretionLevel._meta.get_fields()}
    collective = "requires_collective_discussion" in level_fields
    domains = {d.code: d for d in Domain.objects.all()}
    for order, row in enumerate(VIOLATIONS, 1):
        row = dict(row)
        levels = row.pop("levels")
        domain = domains.get(row.pop("domain"))
        violation, _ = Violation.objects.update_or_create(
            code=row.pop("code"), defaults={**row, "domain": domain, "order": order}
        )
        kept = []
        for level in levels:
            level = dict(level)
            if collective:
                level["requires_collective_discussion"] = (
                    level["severity"] == "serious" and level["requires_legal_review"]
                )
            obj, _ = DiscretionLevel.objects.update_or_create(
                violation=violation, severity=level.pop("severity"), defaults=level
            )
            kept.append(obj.pk)
        DiscretionLevel.objects.filter(violation=violation).exclude(pk__in=kept).delete()
    for party_type, fine_from, confiscation_from in THRESHOLDS:
        HearingThreshold.objects.update_or_create(
            party_type=party_type,
            defaults={
                "region": "江西省",
                "fine_from": Decimal(fine_from),
                "confiscation_from": Decimal(confiscation_from),
                "basis": THRESHOLD_BASIS,
                "verified": True,
            },
        )
    code, name, pattern = CORRECTION_SERIES
    DocumentSeries.objects.update_or_create(code=code, defaults={"name": name, "pattern": pattern})
    _orders_from_penalties(apps)


def _orders_from_penalties(apps):
    """Old 责令改正 penalty rows become correction orders (one per case; the decided one if
    any, else the proposed one), numbered by their case's year; the rows go."""
    CasePenalty = apps.get_model("penalties", "CasePenalty")
    CorrectionOrder = apps.get_model("penalties", "CorrectionOrder")
    rows = CasePenalty.objects.filter(kind="order_correct").select_related(
        "case", "case__violation"
    )
    done = set()
    for row in rows.order_by("case_id", "-stage"):  # "proposed" > "decided": decided first
        case = row.case
        if case.pk in done:
            continue
        done.add(case.pk)
        issued = case.decided_on or case.notified_on or case.filed_on
        CorrectionOrder.objects.create(
            case=case,
            number=f"卫责改〔{issued.year}〕迁移{case.pk:04d}号",
            content=row.note or "责令改正违法行为",
            basis=case.violation.penalty_basis if case.violation_id else "",
            issued_on=issued,
        )
    rows.delete()


def unload(apps, schema_editor):
    codes = [row["code"] for row in VIOLATIONS]
    old = {
        "pp-no-permit",
        "pp-no-testing",
        "pp-no-disinfection",
        "pp-no-health-certificate",
        "illegal-practice",
    }
    Violation = apps.get_model("penalties", "Violation")
    Violation.objects.filter(code__in=set(codes) - old, cases__isnull=True).delete()
    apps.get_model("penalties", "HearingThreshold").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("penalties", "0008_catalogue_orders_hearing")]

    operations = [migrations.RunPython(load, unload)]
