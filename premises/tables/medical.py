"""The medical register's tables (core.tables): lists, exports, the unit's file."""

from operator import attrgetter

from django.utils import timezone

from core.tables import Column, Table, count, date_column, township, unit
from premises.models.medical import top_ids
from premises.services.medical import staff_check


def _subjects(licence) -> str:
    return "、".join(s.name for s in licence.subjects.all())


def _uncovered(licence) -> str:
    """The licensed 科目 no current qualified staff member covers (rows prefetch the unit's
    current staff: MedicalLicenceListView.get_queryset)."""
    if not licence.is_current:
        return ""
    check = staff_check(
        licence.establishment, licence=licence, staff=list(licence.establishment.current_staff)
    )
    return "、".join(s.name for s in check.uncovered)


def _staff_problems(member) -> str:
    licences = member.establishment.current_licences
    ids = top_ids(licences[0].subjects.all()) if licences else set()
    return "；".join(member.problems(ids))


MEDICAL_LICENCES = Table(
    Column(
        "registration_number",
        "登记号",
        attrgetter("registration_number"),
        ("registration_number",),
        link=True,
        width=22,
    ),
    unit(),
    township("establishment", html=False, order_by=()),
    Column("subjects", "诊疗科目", _subjects, width=40),
    # a tablet shows the state (过期, 校验逾期) in place of the dates; the export has them
    Column("beds", "核定床位", attrgetter("beds"), ("beds",), kind=count, width=8, html=False),
    date_column("valid_until", "有效期至", html=False),
    date_column("verification_due_on", "下次校验"),
    Column(
        "state",
        "状态",
        lambda x: x.state_on(timezone.localdate()) if x.is_current else "已被取代",
        width=12,
    ),
    Column("uncovered", "无相应执业人员的科目", _uncovered, width=30),
    Column("principal", "主要负责人", attrgetter("principal"), html=False),
    date_column("valid_from", "有效期自", html=False),
    date_column("verified_on", "最近校验", html=False),
    Column("change_reason", "变更原因", attrgetter("change_reason"), html=False, width=30),
)

MEDICAL_STAFF = Table(
    Column(
        "name",
        "姓名",
        attrgetter("practitioner.name"),
        ("practitioner__name",),
        link=True,
        width=10,
    ),
    unit(),
    township("establishment", html=False, order_by=()),
    Column(
        "practice_type",
        "执业类别",
        lambda m: m.get_practice_type_display(),
        ("practice_type",),
        width=16,
    ),
    # a tablet shows the type, the certificate and the findings; the export has the rest
    Column("scope", "执业范围", lambda m: m.scope.name if m.scope_id else "", width=20, html=False),
    Column("certificate_number", "执业证书编号", attrgetter("certificate_number"), width=20),
    date_column("started_on", "执业起", html=False),
    date_column("left_on", "离开日期", html=False),
    Column("problems", "资质问题", _staff_problems, width=36),
)


def _provision(field):
    return lambda r: getattr(r, f"get_{field}_display")()


INFECTION_CONTROLS = Table(
    unit(link=True),
    township("establishment", html=False, order_by=()),
    date_column("checked_on", "检查日期"),
    Column("triage", "预检分诊", _provision("triage"), width=14),
    Column("fever_clinic", "发热门诊", _provision("fever_clinic"), html=False),
    Column("waste_storage", "医废暂存点", _provision("waste_storage"), html=False),
    Column("waste_disposer", "医废处置单位", attrgetter("waste_disposer"), html=False, width=24),
    date_column("waste_contract_until", "处置合同至"),
    Column(
        "vaccination",
        "接种单位",
        lambda r: (r.vaccination_designation or "是") if r.vaccination_site else "",
        html=False,
    ),
    date_column("vaccination_valid_until", "接种指定有效期至", html=False),
    Column("problems", "发现的问题", lambda r: "；".join(r.problems()), width=50),
)
