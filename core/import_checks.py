"""Columns whose values look like another column's (an address under 法定代表人, a phone
number under 身份证号码, a person's name under 地址): the headers are right, the data is
in the wrong column, and every cell alone may still be valid. An import lists these as
warnings the clerk must confirm before anything is written.

A value is classified by its shape only (no lookup): an ID number or a credit code with a
valid check character, a phone number, an address (路/街/号/村/组...), a unit's name (店/馆/
公司...), a person's name (a common surname and two to four Chinese characters).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.validators import validate_credit_code, validate_id_number

KIND_LABELS = {
    "person": "人名",
    "address": "地址",
    "org": "单位名称",
    "phone": "电话号码",
    "id_number": "身份证号码",
    "credit_code": "统一社会信用代码",
}
SAMPLE_ROWS = 2000  # rows looked at (the first ones): enough to see a column's shape
SHARE = 0.3  # a column warns when at least this share of its values look like another kind

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤易常温康施文牛樊葛邢安齐伍庞颜倪乔聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙")
HAN = re.compile(r"^[\u4e00-\u9fff·]+$")
ADDRESS_END = re.compile(r"(村|组|社区|小区|大道|路|街|巷|弄|栋|幢|单元|室|楼|号|门面|旁|对面)$")
ADDRESS_PART = re.compile(r"(\d+|[一二三四五六七八九十百]+)(号|栋|幢|楼|层|室|组|弄|巷)")
ADDRESS_WORD = re.compile(r"(省|市|县|区|镇|乡|街道|村|路|街|大道)")
ORG_END = re.compile(
    r"(店|馆|厅|吧|院|园|所|坊|部|中心|公司|厂|社|行|站|屋|会所|酒店|宾馆|旅社|"
    r"招待所|网咖|超市|学校|幼儿园|医院|诊所|工作室|浴室|理发室|美容室|合作社|水厂|集团)$"
)
MOBILE = re.compile(r"^(\+?86[- ]?)?1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3}[- ]?)?[2-9]\d{6,7}([-转]\d{1,5})?$")


def _valid(validator, text) -> bool:
    try:
        validator(text)
    except ValidationError:
        return False
    return True


def classify(value) -> str:
    """The kind ``value`` looks like (a key of KIND_LABELS), or "" when it says nothing."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, str | int):
        return ""  # dates, times: their columns parse them
    text = "".join(str(value).split()).upper()
    if not text:
        return ""
    if len(text) == 18 and _valid(validate_id_number, text):
        return "id_number"
    if len(text) == 18 and _valid(validate_credit_code, text):
        return "credit_code"
    if MOBILE.match(text) or LANDLINE.match(text):
        return "phone"
    if not HAN.match(text[0]):
        return ""
    if ORG_END.search(text) and len(text) >= 3:
        return "org"
    if ADDRESS_PART.search(text) or (ADDRESS_END.search(text) and len(text) >= 4):
        return "address"
    if ADDRESS_WORD.search(text) and len(text) >= 6:
        return "address"
    if ADDRESS_END.search(text) or ADDRESS_WORD.search(text):
        return ""  # too short to tell (张家村, 城关镇)
    if HAN.match(text) and 2 <= len(text) <= 4:
        if text[0] in SURNAMES or text[:2] in COMPOUND_SURNAMES:
            return "person"
    return ""


@dataclass(frozen=True)
class ColumnWarning:
    key: str
    header: str
    kind: str  # what its values look like
    count: int
    of: int
    example_row: int
    example: str

    @property
    def message(self) -> str:
        return (
            f"“{self.header}”列的值像{KIND_LABELS[self.kind]}（{self.of} 个值中 {self.count} 个，"
            f"如第{self.example_row}行“{self.example}”）：请核对该列是否放错了数据。"
        )


def column_warnings(columns, rows) -> list[ColumnWarning]:
    """``rows``: (row number, {column key: raw value}) of the file. Columns declaring what
    they hold (ImportColumn.holds) warn when many of their values look like another kind."""
    watched = [c for c in columns if c.holds]
    warnings = []
    for column in watched:
        seen = 0
        others: dict[str, list] = {}
        for row_number, raw in rows[:SAMPLE_ROWS]:
            value = raw.get(column.key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            seen += 1
            kind = classify(value)
            if kind and kind not in column.holds:
                others.setdefault(kind, []).append((row_number, value))
        if not others:
            continue
        kind, found = max(others.items(), key=lambda item: len(item[1]))
        if len(found) >= max(1, SHARE * seen):
            row_number, value = found[0]
            text = str(value).strip()
            text = text if len(text) <= 30 else text[:30] + "…"
            warnings.append(
                ColumnWarning(column.key, column.header, kind, len(found), seen, row_number, text)
            )
    return warnings
