"""Reference data: supervision domains and the class → kind tree of unit categories.

Public places follow 公共场所卫生管理条例 art. 2 (seven classes) with the kinds county
ledgers use (茶楼, 卡拉OK厅, 网吧 ...); ``report_group`` places each kind in the groups of
the annual summary's table 1. Parks, stadiums and public transport need no hygiene permit
(art. 8 as amended). Everything here is editable in the admin.
"""

from django.db import migrations

# (domain code, domain name, [(class code, class name, [(kind code, kind name, needs_permit, report_group)])])
TREE = [
    ("public_places", "公共场所", [
        ("pp.lodging", "住宿与交际场所", [
            ("pp.lodging.hotel", "宾馆", True, "旅店业"),
            ("pp.lodging.restaurant", "饭馆", True, "其他"),
            ("pp.lodging.inn", "旅店", True, "旅店业"),
            ("pp.lodging.guesthouse", "招待所", True, "旅店业"),
            ("pp.lodging.waystation", "车马店", True, "旅店业"),
            ("pp.lodging.cafe", "咖啡馆", True, "其他"),
            ("pp.lodging.bar", "酒吧", True, "文化娱乐场所"),
            ("pp.lodging.teahouse", "茶楼（茶座）", True, "文化娱乐场所"),
        ]),
        ("pp.bathing", "洗浴与美容场所", [
            ("pp.bathing.bathhouse", "公共浴室", True, "公共浴室"),
            ("pp.bathing.barber", "理发店", True, "美容美发"),
            ("pp.bathing.beauty", "美容店", True, "美容美发"),
        ]),
        ("pp.entertainment", "文化娱乐场所", [
            ("pp.entertainment.cinema", "影剧院", True, "文化娱乐场所"),
            ("pp.entertainment.video", "录像厅（室）", True, "文化娱乐场所"),
            ("pp.entertainment.arcade", "游艺厅（室）", True, "文化娱乐场所"),
            ("pp.entertainment.dance", "舞厅", True, "文化娱乐场所"),
            ("pp.entertainment.concert", "音乐厅", True, "文化娱乐场所"),
            ("pp.entertainment.karaoke", "卡拉OK厅", True, "文化娱乐场所"),
            ("pp.entertainment.netcafe", "网吧", True, "文化娱乐场所"),
        ]),
        ("pp.sports", "体育与游乐场所", [
            ("pp.sports.stadium", "体育场（馆）", False, "其他"),
            ("pp.sports.swimming", "游泳场（馆）", True, "其他"),
            ("pp.sports.park", "公园", False, "其他"),
        ]),
        ("pp.culture", "文化交流场所", [
            ("pp.culture.exhibition", "展览馆", True, "其他"),
            ("pp.culture.museum", "博物馆", True, "其他"),
            ("pp.culture.gallery", "美术馆", True, "其他"),
            ("pp.culture.library", "图书馆", True, "其他"),
        ]),
        ("pp.shopping", "购物场所", [
            ("pp.shopping.mall", "商场（店）", True, "其他"),
            ("pp.shopping.bookstore", "书店", True, "其他"),
        ]),
        ("pp.transport", "就诊与交通场所", [
            ("pp.transport.waiting_room", "候诊室", True, "其他"),
            ("pp.transport.station", "候车（机、船）室", True, "其他"),
            ("pp.transport.vehicle", "公共交通工具", False, "其他"),
        ]),
    ]),
    ("drinking_water", "生活饮用水", [
        ("dw.supply", "供水单位", [
            ("dw.supply.central", "集中式供水单位", True, ""),
            ("dw.supply.secondary", "二次供水单位", True, ""),
            ("dw.supply.school_well", "学校自备井", False, ""),
            ("dw.supply.vending", "现制现售水", True, ""),
        ]),
        ("dw.products", "涉水产品", [
            ("dw.products.seller", "涉水产品经营单位", False, ""),
        ]),
    ]),
    ("schools", "学校卫生", [
        ("sc.school", "学校", [
            ("sc.school.primary_secondary", "中小学校", False, ""),
            ("sc.school.kindergarten", "托幼机构", False, ""),
            ("sc.school.vocational", "职业学校", False, ""),
            ("sc.school.higher", "高等院校", False, ""),
        ]),
    ]),
    ("medical", "医疗卫生", [
        ("md.institution", "医疗机构", [
            ("md.institution.hospital", "医院", False, ""),
            ("md.institution.township", "乡镇卫生院", False, ""),
            ("md.institution.community", "社区卫生服务机构", False, ""),
            ("md.institution.clinic", "诊所（门诊部）", False, ""),
            ("md.institution.village", "村卫生室", False, ""),
            ("md.institution.aesthetic", "医疗美容机构", False, ""),
            ("md.institution.tcm", "中医诊所", False, ""),
        ]),
        ("md.public_health", "公共卫生机构", [
            ("md.public_health.cdc", "疾病预防控制机构", False, ""),
            ("md.public_health.blood", "采供血机构", False, ""),
        ]),
    ]),
    ("radiation", "放射卫生", [
        ("rd.diagnosis", "放射诊疗机构", [
            ("rd.diagnosis.xray", "X射线影像诊断", True, ""),
            ("rd.diagnosis.interventional", "介入放射学", True, ""),
            ("rd.diagnosis.nuclear", "核医学", True, ""),
            ("rd.diagnosis.radiotherapy", "放射治疗", True, ""),
        ]),
    ]),
    ("occupational", "职业卫生", [
        ("oc.employer", "用人单位", [
            ("oc.employer.hazard", "存在职业病危害的用人单位", False, ""),
        ]),
        ("oc.service", "职业卫生技术服务机构", [
            ("oc.service.exam", "职业健康检查机构", False, ""),
            ("oc.service.diagnosis", "职业病诊断机构", False, ""),
        ]),
    ]),
    ("family_planning", "计划生育与母婴保健", [
        ("fp.service", "技术服务机构", [
            ("fp.service.family_planning", "计划生育技术服务机构", False, ""),
            ("fp.service.maternal", "母婴保健技术服务机构", False, ""),
            ("fp.service.assisted", "人类辅助生殖技术机构", False, ""),
        ]),
    ]),
]


def load(apps, schema_editor):
    Domain = apps.get_model("premises", "Domain")
    Category = apps.get_model("premises", "Category")
    for d_order, (d_code, d_name, classes) in enumerate(TREE, start=1):
        domain, _ = Domain.objects.update_or_create(
            code=d_code, defaults={"name": d_name, "order": d_order}
        )
        for c_order, (c_code, c_name, kinds) in enumerate(classes, start=1):
            parent, _ = Category.objects.update_or_create(
                code=c_code,
                defaults={"domain": domain, "name": c_name, "order": c_order, "parent": None},
            )
            for k_order, (k_code, k_name, needs_permit, group) in enumerate(kinds, start=1):
                Category.objects.update_or_create(
                    code=k_code,
                    defaults={
                        "domain": domain,
                        "parent": parent,
                        "name": k_name,
                        "needs_permit": needs_permit,
                        "report_group": group,
                        "order": k_order,
                    },
                )


def unload(apps, schema_editor):
    Category = apps.get_model("premises", "Category")
    Domain = apps.get_model("premises", "Domain")
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    Domain.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("premises", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
