"""Load a demo county: townships, ~300 units spread like seed 000's table 1, their
practitioners, and one demo login per role. Deterministic for a given --seed."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.models import OfficerCertificate
from core.roles import Role
from core.validators import CREDIT_CODE_ALPHABET, credit_code_check_char, id_number_check_char
from premises import services
from premises.choices import Sex, StatusChangeKind
from premises.management.demo_medical import medical_demo
from premises.management.demo_subjects import load_subjects
from premises.models import Category, Establishment, Post, Township

DEMO_PASSWORD = "weijian-demo"
DEMO_USERS = [
    ("inspector", "王建国", Role.INSPECTOR),
    ("inspector2", "李红梅", Role.INSPECTOR),
    ("clerk", "赵晓丽", Role.CLERK),
    ("manager", "陈志强", Role.MANAGER),
    ("admin", "系统管理员", Role.ADMINISTRATOR),
]
COUNTY_CODE = "360922"
TOWNSHIPS = [
    "康乐街道",
    "株潭镇",
    "黄茅镇",
    "潭埠镇",
    "双桥镇",
    "高村镇",
    "罗城镇",
    "三兴镇",
    "高城镇",
    "白良镇",
    "鹅峰乡",
    "马步乡",
]
# Units per kind: public places as in seed 000's table 1 (257), then other domains.
UNITS = [
    ("pp.lodging.teahouse", 14, "茶楼"),
    ("pp.entertainment.karaoke", 10, "KTV"),
    ("pp.entertainment.netcafe", 25, "网吧"),
    ("pp.entertainment.dance", 2, "舞厅"),
    ("pp.bathing.bathhouse", 20, "浴室"),
    ("pp.bathing.beauty", 38, "美容店"),
    ("pp.bathing.barber", 100, "理发店"),
    ("pp.lodging.hotel", 12, "宾馆"),
    ("pp.lodging.inn", 19, "旅社"),
    ("pp.lodging.guesthouse", 8, "招待所"),
    ("pp.sports.swimming", 1, "游泳馆"),
    ("pp.shopping.mall", 5, "商场"),
    ("pp.transport.waiting_room", 2, "医院候诊室"),
    ("pp.transport.station", 1, "汽车站候车室"),
    ("dw.supply.central", 3, "自来水厂"),
    ("dw.supply.secondary", 5, "二次供水"),
    ("sc.school.primary_secondary", 8, "学校"),
    ("sc.school.kindergarten", 4, "幼儿园"),
    ("md.institution.hospital", 3, "医院"),
    ("md.institution.township", 6, "卫生院"),
    ("md.institution.clinic", 9, "诊所"),
    ("rd.diagnosis.xray", 3, "影像中心"),
    ("oc.employer.hazard", 2, "有限公司"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志文海燕春梅亮晓东晨"
WORDS = "福顺鑫隆兴盛悦来华康吉祥金源宏达鸿运恒通美佳丽雅新时代"
STREETS = ["解放路", "人民路", "康乐大道", "新华街", "建设路", "滨江路", "站前路", "文化路"]
POSTS = {
    # posts of the shipped post table (premises migration 0014); a 会计 does not serve
    # customers and so is not due a health certificate (体检率's denominator)
    "pp": ["服务员", "会计", "保洁员", "美发师", "美容师", "前台接待"],
    "other": ["工作人员", "技术员", "管理员"],
}


class Command(BaseCommand):
    help = "Load a demo county (townships, ~300 units, practitioners) and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2024, help="random seed (same seed, same county)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if units already exist"
        )

    def handle(self, *args, seed, if_empty, **options):
        users = self.ensure_users()
        if if_empty and Establishment.objects.exists():
            self.stdout.write("已有单位数据，跳过演示数据加载。")
        else:
            with transaction.atomic():
                count, people = self.load(seed, users["admin"])
            self.stdout.write(
                self.style.SUCCESS(f"演示县已加载：{count} 家单位，{people} 名从业人员。")
            )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, full_name, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<6} {username:<11} {full_name}")

    def ensure_users(self):
        User = get_user_model()
        users = {}
        for username, full_name, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username, first_name=full_name, is_staff=role == Role.ADMINISTRATOR
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=role.value))
            if role in (Role.INSPECTOR, Role.MANAGER):
                # Field officers hold an enforcement certificate (执法证), printed beside
                # their signatures.
                OfficerCertificate.objects.get_or_create(
                    user=user,
                    defaults={
                        "number": f"赣卫执 {COUNTY_CODE}{len(users) + 1:03d}",
                        "issued_by": "县卫生健康委员会",
                        "valid_from": datetime.date(2023, 1, 1),
                        "valid_until": datetime.date(2028, 12, 31),
                    },
                )
            users[username] = user
        return users

    def load(self, seed: int, user):
        plan = demo_plan(seed)
        posts = {post.name: post for post in Post.objects.all()}
        townships = {}
        for index, name in enumerate(TOWNSHIPS, start=1):
            townships[name], _ = Township.objects.get_or_create(
                code=f"{COUNTY_CODE}{index:03d}", defaults={"name": name, "order": index}
            )
        kinds = {c.code: c for c in Category.objects.kinds()}
        people = 0
        for unit in plan:
            establishment = services.establishment_create(
                user=user,
                opened_on=unit["opened_on"],
                category=kinds[unit["category"]],
                township=townships[unit["township"]],
                **{
                    k: unit[k]
                    for k in ("name", "credit_code", "legal_representative", "address", "phone")
                },
            )
            for person in unit["practitioners"]:
                services.practitioner_create(
                    user=user,
                    establishment=establishment,
                    **{k: v for k, v in person.items() if k != "post"},
                    post=posts[person["post"]],
                )
                people += 1
            for kind, date, reason in unit["changes"]:
                services.establishment_change_status(
                    establishment=establishment, kind=kind, date=date, reason=reason, user=user
                )
            for further in FURTHER_DOMAINS.get(unit["category"], ()):
                services.supervision_add(
                    user=user,
                    establishment=establishment,
                    category=kinds[further],
                    started_on=unit["opened_on"],
                    notes="演示数据",
                )
        load_water_and_schools(user, seed, timezone.localdate())
        medical_demo(  # premises/management/demo_medical.py
            seed, user, county_code=COUNTY_CODE, person=lambda r: (_person_name(r), _id_number(r))
        )
        # Subjects without a credit code: a village, a community, a family, a person.
        made = load_subjects(user)
        return len(plan) + made, people


# Units supervised under further domains too (premises.Supervision): every hospital does
# X-ray diagnosis (a 放射诊疗 unit needing the 放射诊疗许可证) and has a 候诊室 (a public place).
FURTHER_DOMAINS = {"md.institution.hospital": ("rd.diagnosis.xray", "pp.transport.waiting_room")}


def demo_plan(seed: int) -> list[dict]:
    """The demo county as plain data: the same seed always gives the same county."""
    rng = random.Random(seed)
    used_codes: set[str] = set()
    plan = []
    for code, count, suffix in UNITS:
        for _ in range(count):
            township = rng.choice(TOWNSHIPS)
            opened = datetime.date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28))
            unit = {
                "category": code,
                "township": township,
                "name": f"{township[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}{suffix}",
                "credit_code": _credit_code(rng, used_codes),
                "legal_representative": _person_name(rng),
                "address": f"{township}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                "phone": f"0795-{rng.randint(8200000, 8899999)}",
                "opened_on": opened,
                "practitioners": [],
                "changes": [],
            }
            group = "pp" if code.startswith("pp.") else "other"
            low, high = (1, 4) if group == "pp" else (2, 6)
            for _ in range(rng.randint(low, high)):
                hired = min(
                    opened + datetime.timedelta(days=rng.randint(0, 900)),
                    datetime.date(2025, 6, 30),
                )
                unit["practitioners"].append(
                    {
                        "name": _person_name(rng),
                        "sex": rng.choice(Sex.values),
                        "post": rng.choice(POSTS[group]),
                        "id_number": _id_number(rng),
                        "hired_on": hired,
                    }
                )
                # drawn still (it was the per-person 直接为顾客服务 flag, now the post's), so
                # that the rest of the county is drawn as before
                rng.random()
            roll = rng.random()
            when = datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28))
            if roll < 0.02:
                unit["changes"].append((StatusChangeKind.CLOSED, when, "经营者申请注销"))
            elif roll < 0.04:
                unit["changes"].append((StatusChangeKind.SUSPENDED, when, "装修停业"))
            plan.append(unit)
    # A 涉水产品 seller (生活饮用水), drawn after the rest so the county stays as it was.
    plan.append(
        {
            "category": "dw.products.seller",
            "township": TOWNSHIPS[0],
            "name": "康乐净水设备经营部",
            "credit_code": _credit_code(rng, used_codes),
            "legal_representative": "周文海",
            "address": f"{TOWNSHIPS[0]}人民路66号",
            "phone": "0795-8612345",
            "opened_on": datetime.date(2019, 5, 6),
            "practitioners": [],
            "changes": [],
        }
    )
    return plan


def _person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _credit_code(rng, used):
    while True:
        first17 = (
            rng.choice(["91", "92"])
            + COUNTY_CODE
            + "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
        )
        code = first17 + credit_code_check_char(first17)
        if code not in used:
            used.add(code)
            return code


def _id_number(rng):
    birth = datetime.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_number_check_char(first17)


# ---------------------------------------------------------------- water and schools


def load_water_and_schools(user, seed: int, today: datetime.date):
    """The drinking-water register and schools' particulars of the demo county: each water
    works' particulars (one without 自检 facilities, as seed 000's 七里栈供水处), 二次供水
    tanks (one overdue for cleaning), a 涉水产品 seller with a purifier sampled 合格 by the
    省疾控, a product whose 批件 has expired and one without; schools' particulars (one with
    its own well, supervised as 学校自备井 too). Its own random stream: the county's units
    stay as they were."""
    from premises.services import water

    rng = random.Random(seed + 18)
    units = Establishment.objects.filter(status="operating").order_by("pk")
    central = list(units.filter(category__code="dw.supply.central"))
    works = [
        (
            "surface",
            "15000",
            120000,
            "混凝、沉淀、过滤",
            "chlorine",
            "浑浊度、余氯、pH、菌落总数、总大肠菌群",
        ),
        ("ground", "600", 5200, "无", "hypochlorite", ""),  # no self-testing (七里栈供水处)
        ("ground", "2500", 21000, "过滤", "chlorine_dioxide", "浑浊度、余氯、pH"),
    ]
    for unit, row in zip(central, works, strict=False):
        source, tons, people, treatment, disinfection, items = row
        water.supply_particulars_record(
            user=user,
            establishment=unit,
            recorded_on=today - datetime.timedelta(days=rng.randint(20, 90)),
            source=source,
            daily_tons=Decimal(tons),
            population=people,
            treatment=treatment,
            disinfection=disinfection,
            self_testing=bool(items),
            self_testing_items=items,
        )
    for n, unit in enumerate(units.filter(category__code="dw.supply.secondary")):
        water.supply_particulars_record(
            user=user,
            establishment=unit,
            recorded_on=today - datetime.timedelta(days=rng.randint(20, 90)),
            source="public",
            daily_tons=Decimal(rng.choice(("80", "150", "300"))),
            population=rng.choice((900, 1600, 3200)),
            treatment="无",
            disinfection="uv",
        )
        for k, name in enumerate(("1号楼屋顶水箱", "地下蓄水池")):
            # the first unit's roof tank was last cleaned ten months ago: overdue
            ago = 300 if (n == 0 and k == 0) else rng.randint(20, 150)
            water.water_tank_register(
                user=user,
                establishment=unit,
                name=name,
                kind="tank" if k == 0 else "reservoir",
                count=1 if k else 2,
                volume_m3=Decimal("18") if k == 0 else Decimal("200"),
                covered_locked=not (n == 1 and k == 0),
                last_cleaned_on=today - datetime.timedelta(days=ago),
            )
    seller = units.filter(category__code="dw.products.seller").first()
    products = [
        (
            "美的净水器",
            "MRO1891-400G",
            "purifier",
            "佛山市顺德区美的饮水机制造有限公司",
            "国卫水字（2021）第0123号",
            "national",
            today + datetime.timedelta(days=700),
        ),
        (
            "家用超滤净水机",
            "CL-UF5",
            "purifier",
            "浙江清源净水科技有限公司",
            "赣卫水字（2019）第0045号",
            "provincial",
            today - datetime.timedelta(days=40),
        ),
        ("PPR给水管", "dn25", "pipe", "宜春市某管业有限公司", "", "", None),
    ]
    made = []
    for name, model, kind, maker, number, level, until in products:
        made.append(
            water.water_product_register(
                user=user,
                name=name,
                model_name=model,
                kind=kind,
                maker=maker,
                approval_number=number,
                approval_level=level,
                approval_valid_until=until,
            )
        )
        water.product_sale_add(
            user=user, establishment=seller, product=made[-1], since=datetime.date(2023, 3, 1)
        )
    sampled = today - datetime.timedelta(days=60)
    water.product_sampling_record(
        user=user,
        product=made[0],
        establishment=seller,
        sampled_on=sampled,
        lab="江西省疾病预防控制中心",
        result="pass",
        report_number=f"JXCDC-W{sampled.year}-0318",
        reported_on=sampled + datetime.timedelta(days=21),
    )
    year = today.year if today.month >= 9 else today.year - 1
    schools = list(units.filter(category__domain__code="schools"))
    for n, unit in enumerate(schools):
        primary = unit.category.code == "sc.school.primary_secondary"
        students = rng.randint(300, 1800) if primary else rng.randint(60, 240)
        boarding = primary and n % 3 == 0
        services.school_profile_record(
            user=user,
            establishment=unit,
            year=year,
            students=students,
            classes=max(1, students // 45),
            boarding=boarding,
            boarders=students // 3 if boarding else 0,
            school_doctors=1 if primary and n % 2 == 0 else 0,
            health_teachers=0 if n == 1 else 1,
            own_well=n == 2,  # one rural school drinks from its own well
        )
