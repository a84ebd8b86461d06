"""Give the demo county (manage.py seed_demo) last year's and this year's activity, so that
the dashboard and the annual summary show meaningful figures: inspections (most units,
1–4 visits a year), opinions and follow-ups, pool-water samples, one campaign, permits
(registered, issued, on the commitment path, pending), consultations, health examinations,
a training session each year and a handful of penalty cases at various steps.

Opinions, follow-ups, samples, permits, training and cases go through the services;
routine visits and health certificates are written in bulk (with their history) after the
same checks. Deterministic for a given --seed and day."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.dates import add_years
from core.roster import roster
from inspections import services as inspecting
from inspections.choices import InspectionKind, InspectionResult
from inspections.models import (
    Inspection,
    PromotionPlan,
    PromotionStandard,
    PromotionTarget,
    StandardLimit,
)
from inspections.services.promotion import promotion_assess, subject_refusal
from licensing import services as licensing
from licensing.choices import ApplicationKind, ApplicationPath
from licensing.health import services as health
from licensing.health.models import HealthCertificate, HealthRule
from licensing.health.services import certificate_default_expiry
from licensing.models import Application, Permit, PermitType
from penalties import services as penalties
from penalties.choices import CaseSource, EvidenceKind, PaymentKind, Severity
from penalties.models import PenaltyCase, Violation
from penalties.models.approvals import ApprovalKind
from penalties.services import PenaltyInput
from premises.choices import EstablishmentStatus, StatusChangeKind
from premises.models import (
    Category,
    Domain,
    Establishment,
    EstablishmentStatusChange,
    Practitioner,
    Supervision,
    Township,
)
from premises.services import establishment_create
from reports.management.commands.seed_demo_plans import demo_plans
from reports.management.demo_subject_cases import subject_case
from reports.models import CardKind, InfoCardReport
from reports.models.cards import RULES

DAY = datetime.timedelta(days=1)
PROBLEMS = [
    ("未设置独立的清洗消毒间", "设置独立的清洗消毒间，配备清洗消毒设施"),
    ("部分从业人员未取得有效健康合格证明", "立即安排相关人员体检，取得健康合格证明后上岗"),
    ("未按规定公示卫生许可证和卫生信息公示栏", "在醒目位置公示卫生许可证和卫生信息"),
    ("顾客用品用具未按规定清洗消毒", "落实顾客用品用具一客一换一消毒制度"),
    ("空调通风系统未定期清洗", "委托有资质的机构清洗消毒空调通风系统"),
]


class Command(BaseCommand):
    help = "Give the demo county last year's and this year's activity (after seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="random seed")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if any inspection, application, permit, certificate or case exists",
        )

    def handle(self, *args, seed, if_empty, **options):
        if not Establishment.objects.exists():
            raise CommandError("还没有单位数据：请先运行 manage.py seed_demo。")
        if if_empty and has_activity():
            self.stdout.write("已有业务数据（检查、许可、健康证明或案件），跳过演示业务数据加载。")
            return
        with transaction.atomic():
            counts = Activity(seed).load()
        self.stdout.write(
            self.style.SUCCESS(
                "演示业务数据已加载：{visits} 户次检查，{opinions} 份意见书，{permits} 个许可证，"
                "{certificates} 份健康证明，{cases} 起案件。".format(**counts)
            )
        )


def has_activity() -> bool:
    return any(
        model.objects.exists()
        for model in (Inspection, Application, Permit, HealthCertificate, PenaltyCase)
    )


# 健康促进 settings filed for the demo (subjects without a credit code): kind, subject kind,
# name, head (户主 of a family; none for a place)
PROMOTION_SETTINGS = [
    ("hp.setting.community", "community", "城关社区", ""),
    ("hp.setting.community", "community", "东风社区", ""),
    ("hp.setting.village", "village", "石桥村", ""),
    ("hp.setting.village", "village", "新塘村", ""),
    ("hp.setting.village", "village", "下洲村", ""),
    ("hp.setting.family", "family", "刘建华家庭", "刘建华"),
    ("hp.setting.family", "family", "陈玉梅家庭", "陈玉梅"),
    ("hp.setting.family", "family", "黄志远家庭", "黄志远"),
]

# The 健康促进县 plan's targets (seed 004: by 30 September, 30% of 社区/村, ≥100 families,
# 60% of medical units, 50% of schools and of offices, 20% of enterprises).
PROMOTION_TARGETS = [
    ("community", Decimal("30"), None),
    ("family", None, 100),
    ("hospital", Decimal("60"), None),
    ("school", Decimal("50"), None),
    ("office", Decimal("50"), None),
    ("enterprise", Decimal("20"), None),
]


class Activity:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.last = self.today - DAY  # nothing is recorded in the future
        self.years = (self.today.year - 1, self.today.year)
        User = get_user_model()
        officers = list(roster())
        named = [u for u in officers if u.username in ("inspector", "inspector2")]
        self.team = (named if len(named) >= 2 else officers)[:2]
        if len(self.team) < 2:
            raise CommandError("监督员名录中不足两人：请先运行 manage.py seed_demo。")
        self.clerk = User.objects.filter(username="clerk").first() or self.team[0]
        self.manager = User.objects.filter(username="manager").first() or self.team[0]
        self.units = list(Establishment.objects.select_related("category__domain").order_by("pk"))
        # A unit supervised under further domains is visited under each in turn.
        self.kinds = {u.pk: [u.category] for u in self.units}
        for row in Supervision.objects.select_related("category__domain").order_by("pk"):
            self.kinds[row.establishment_id].append(row.category)
        self.stops = {}  # unit → first day it stopped operating (suspended or closed)
        for change in EstablishmentStatusChange.objects.filter(
            kind__in=[StatusChangeKind.SUSPENDED, StatusChangeKind.CLOSED]
        ).order_by("date"):
            self.stops.setdefault(change.establishment_id, change.date)
        self.counts = dict.fromkeys(("visits", "opinions", "permits", "certificates", "cases"), 0)

    # ---------------------------------------------------------------- helpers

    def day_between(self, first, last):
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day):
        at = datetime.time(self.rng.randint(9, 16), self.rng.choice((0, 15, 30, 45)))
        return datetime.datetime.combine(day, at, tzinfo=timezone.get_current_timezone())

    def window(self, unit, year):
        """The days of ``year`` (up to yesterday) on which ``unit`` was operating."""
        first = max(datetime.date(year, 1, 1), unit.opened_on)
        last = min(datetime.date(year, 12, 31), self.last)
        stop = self.stops.get(unit.pk)
        if stop is not None:
            last = min(last, stop - DAY)
        return (first, last) if first <= last else None

    def load(self) -> dict:
        self.campaign = self.make_campaign()
        for year in self.years:
            self.inspections(year)
        self.classrooms_and_water()
        self.permits()
        for year in self.years:
            self.health(year)
        self.consultations()
        self.cases()
        self.counts["cases"] += subject_case(self)  # 无证行医: a case against a person
        self.cards()
        demo_plans(user=self.manager, today=self.today)  # focused plans (seed 004)
        self.promotion()  # 健康促进 (seed 004)
        return self.counts

    # ---------------------------------------------------------------- inspections

    def make_campaign(self):
        year = self.today.year if self.last >= datetime.date(self.today.year, 4, 1) else None
        year = year or self.years[0]
        start = datetime.date(year, 3, 1)
        end = min(datetime.date(year, 6, 30), self.last)
        return inspecting.campaign_save(
            user=self.manager,
            name=f"{year}年公共场所卫生专项整治",
            start_date=start,
            end_date=end,
            description="重点检查住宿、沐浴场所的清洗消毒、从业人员健康证明和卫生许可证。",
            domains=[Domain.objects.get(code="public_places")],
        )

    def inspections(self, year):
        c = self.campaign
        planned = []
        for unit in self.units:
            days = self.window(unit, year)
            pool = unit.category.code == "pp.sports.swimming"  # always visited and sampled
            if days is None or (self.rng.random() > 0.9 and not pool):
                continue
            kinds = self.kinds[unit.pk]
            for n in range(self.rng.choices((1, 2, 3, 4), (30, 40, 20, 10))[0]):
                day = self.day_between(*days)
                kind = InspectionKind.ROUTINE
                if c.start_date <= day <= c.end_date and unit.category.domain.code == (
                    "public_places"
                ):
                    kind = InspectionKind.CAMPAIGN if self.rng.random() < 0.6 else kind
                elif self.rng.random() < 0.06:
                    kind = InspectionKind.COMPLAINT
                roll = self.rng.random()
                result = (
                    InspectionResult.OPINION if roll < 0.18
                    else InspectionResult.REFERRED if roll < 0.19
                    else InspectionResult.COMPLIANT
                )  # fmt: skip
                planned.append(
                    Inspection(
                        establishment=unit,
                        category=kinds[n % len(kinds)],
                        inspected_at=self.moment(day),
                        kind=kind,
                        campaign=c if kind == InspectionKind.CAMPAIGN else None,
                        person_present=f"{unit.legal_representative}（负责人）",
                        findings="现场检查卫生管理制度、设施设备和从业人员健康证明。",
                        result=result,
                        recorded_by=self.team[0],
                    )
                )
        planned.sort(key=lambda i: i.inspected_at)
        made = bulk_create_with_history(planned, Inspection, default_user=self.team[0])
        through = Inspection.inspectors.through
        through.objects.bulk_create(
            through(inspection_id=i.pk, user_id=u.pk) for i in made for u in self.team
        )
        self.counts["visits"] += len(made)
        limits = list(StandardLimit.objects.filter(sample_type="游泳池水", is_active=True)[:6])
        for inspection in made:
            if inspection.result == InspectionResult.OPINION:
                self.opinion(inspection)
            if inspection.establishment.category.code == "pp.sports.swimming" and limits:
                self.sample(inspection, limits)

    def opinion(self, inspection):
        issued = timezone.localdate(inspection.inspected_at)
        problems = self.rng.sample(PROBLEMS, self.rng.randint(1, 2))
        opinion = inspecting.opinion_issue(
            inspection=inspection,
            items=problems,
            deadline=issued + datetime.timedelta(days=15),
            user=self.team[0],
            issued_at=inspection.inspected_at,
        )
        self.counts["opinions"] += 1
        unit = inspection.establishment
        days = self.window(unit, opinion.deadline.year)
        if self.rng.random() < 0.8 and days is not None and days[0] <= opinion.deadline <= days[1]:
            rectified = self.rng.random() < 0.85
            inspecting.inspection_record(
                user=self.team[0],
                establishment=unit,
                inspected_at=self.moment(opinion.deadline),
                inspectors=self.team,
                kind=InspectionKind.FOLLOW_UP,
                person_present=f"{unit.legal_representative}（负责人）",
                result=InspectionResult.COMPLIANT if rectified else InspectionResult.REFERRED,
                follows_opinion=opinion,
                rectified=rectified,
            )
            self.counts["visits"] += 1

    def sample(self, inspection, limits):
        failing = self.rng.random() < 0.3
        results = []
        for n, limit in enumerate(limits):
            if limit.not_detected:
                results.append((limit, None, False))
                continue
            low = limit.minimum if limit.minimum is not None else Decimal("0")
            high = limit.maximum if limit.maximum is not None else low * 2 + 1
            value = (low + high) / 2
            if failing and n == 0:
                value = high * Decimal("1.5") if limit.maximum is not None else low / 2
            results.append((limit, value.quantize(Decimal("0.01")), None))
        inspecting.sample_record(
            inspection=inspection,
            sample_type="游泳池水",
            location="深水区",
            taken_at=inspection.inspected_at,
            results=results,
            user=self.team[0],
        )

    def classrooms_and_water(self):
        """A check of each school's classrooms (教室环境, one sample a classroom) this term,
        one school failing (its blackboards too dark, the air stale), and the water of a
        water works (出厂水 passing, 末梢水 failing on free chlorine)."""
        limits = {
            lim.parameter: lim
            for lim in StandardLimit.objects.filter(sample_type__in=("教室环境",), is_active=True)
        }
        good = {
            "课桌面平均照度": "326",
            "课桌面照度均匀度": "0.74",
            "黑板面平均照度": "530",
            "黑板面照度均匀度": "0.82",
            "窗地面积比": "0.22",
            "二氧化碳": "0.09",
            "噪声": "41",
        }
        schools = [
            u for u in self.units
            if u.category.code == "sc.school.primary_secondary" and self.window(u, self.today.year)
        ]  # fmt: skip
        for n, unit in enumerate(schools):
            first, last = self.window(unit, self.today.year)
            inspection = self.visit(unit, self.day_between(max(first, last - 60 * DAY), last))
            for room in ("一(1)班", "三(2)班", "五(1)班"):
                readings = dict(good)
                if n == 0 and room != "一(1)班":
                    readings.update({"黑板面平均照度": "360", "二氧化碳": "0.18"})
                results = [
                    (limits[k], Decimal(v) + Decimal(self.rng.randint(0, 20)) / 1000, None)
                    for k, v in readings.items()
                    if k in limits
                ]
                inspecting.sample_record(
                    inspection=inspection,
                    sample_type="教室环境",
                    location=room,
                    taken_at=inspection.inspected_at,
                    results=results,
                    user=self.team[0],
                    instrument="照度计、CO2检测仪、声级计",
                )
        works = [
            u for u in self.units
            if u.category.code == "dw.supply.central" and self.window(u, self.today.year)
        ]  # fmt: skip
        if works:
            unit = works[0]
            first, last = self.window(unit, self.today.year)
            inspection = self.visit(unit, self.day_between(max(first, last - 60 * DAY), last))
            for sample_type, chlorine, place in (
                ("出厂水", "0.6", "清水池出水口"),
                ("末梢水", "0.02", "城南社区龙头"),
            ):
                rows = StandardLimit.objects.filter(sample_type=sample_type, is_active=True)
                values = {
                    "浑浊度": "0.4",
                    "pH": "7.3",
                    "色度": "5",
                    "游离氯（使用氯消毒时）": chlorine,
                }
                results = [
                    (r, Decimal(values[r.parameter]), None) for r in rows if r.parameter in values
                ]
                results += [
                    (r, None, False)
                    for r in rows
                    if r.parameter.startswith(("臭和味", "肉眼可见物"))
                ]
                inspecting.sample_record(
                    inspection=inspection,
                    sample_type=sample_type,
                    location=place,
                    taken_at=inspection.inspected_at,
                    results=results,
                    user=self.team[0],
                )

    def visit(self, unit, day):
        inspection = inspecting.inspection_record(
            user=self.team[0],
            establishment=unit,
            inspected_at=self.moment(day),
            inspectors=self.team,
            kind=InspectionKind.ROUTINE,
            person_present=f"{unit.legal_representative}（负责人）",
            findings="检查教学环境与饮用水卫生。",
            result=InspectionResult.COMPLIANT,
            domain=unit.category.domain,
        )
        self.counts["visits"] += 1
        return inspection

    # ---------------------------------------------------------------- licensing

    def permits(self):
        types = {}  # kind → the permit type it needs (public places, radiation)
        for ptype in PermitType.objects.filter(is_active=True).order_by("code"):
            for kind in ptype.categories.values_list("pk", flat=True):
                types.setdefault(kind, ptype)
        start = datetime.date(self.years[0], 1, 1)
        for unit in self.units:
            # each type one of its kinds needs (a hospital: its 放射诊疗许可证, and the
            # public-place permit of its 候诊室)
            needed = {types[k.pk] for k in self.kinds[unit.pk] if k.pk in types}
            for ptype in sorted(needed, key=lambda t: t.code):
                self.permit(unit, ptype, start)

    def permit(self, unit, ptype, start):
        if unit.status == EstablishmentStatus.CLOSED:
            return
        roll = self.rng.random()
        if roll < 0.6 and unit.opened_on < start - 400 * DAY:
            # Issued before Weijian, still in force; some lapse this year and are renewed.
            issued = self.day_between(max(unit.opened_on, start - 1400 * DAY), start - DAY)
            old = licensing.permit_register(
                user=self.clerk,
                establishment=unit,
                permit_type=ptype,
                issued_on=issued,
                # A type without a term (放射诊疗许可证: 长期有效，按校验管理) has no end.
                expires_on=add_years(issued, ptype.term_years) if ptype.term_years else None,
                business_scope=unit.category.name,
            )
            if old.expires_on is None:
                return  # nothing to renew
            # In time for a renewal (the type's notice days before expiry), or earlier
            # when it ends this year.
            received = old.expires_on - (ptype.renewal_notice_days + 30) * DAY
            if old.expires_on.year <= self.today.year:
                received = min(received, self.last - 15 * DAY)
            if received <= self.last - 15 * DAY and self.rng.random() < 0.7:
                self.issue(unit, ptype, received, kind=ApplicationKind.RENEWAL, old=old)
            elif (late := old.expires_on + self.rng.randint(5, 40) * DAY) <= self.last - 15 * DAY:
                self.issue(unit, ptype, late)  # lapsed, then applied anew
        elif roll < 0.95:
            # Due: most get their permit in the first year they are due.
            first, last = max(start, unit.opened_on), self.last - 20 * DAY
            year_end = datetime.date(self.years[0], 12, 31)
            if first <= year_end and self.rng.random() < 0.85:
                last = min(last, year_end)
            else:
                first = max(first, year_end + DAY)
            if first <= last:
                received = self.day_between(first, last)
                path = ApplicationPath.COMMITMENT if self.rng.random() < 0.1 else None
                self.issue(unit, ptype, received, path=path)
        elif roll < 0.98 and unit.opened_on <= self.last - 10 * DAY:
            licensing.application_receive(
                user=self.clerk,
                establishment=unit,
                permit_type=ptype,
                kind=ApplicationKind.NEW,
                received_on=self.last - self.rng.randint(0, 10) * DAY,
                business_scope=unit.category.name,
            )  # still awaiting its decision

    def issue(self, unit, ptype, received, *, kind=ApplicationKind.NEW, old=None, path=None):
        application = licensing.application_receive(
            user=self.clerk,
            establishment=unit,
            permit_type=ptype,
            kind=kind,
            path=path or ApplicationPath.STANDARD,
            received_on=received,
            business_scope=unit.category.name,
            previous_permit=old,
        )
        if path == ApplicationPath.COMMITMENT:
            # 告知承诺制: the 负责人 decides on the day, the clerk issues; checked later.
            licensing.application_decide(
                application=application, user=self.manager, approve=True, decided_on=received
            )
            licensing.permit_issue(application=application, user=self.clerk, issued_on=received)
        else:
            # The clerk reviews with the on-site check; the 负责人 decides; the clerk issues.
            checked = received + self.rng.randint(1, 2) * DAY
            decided = checked + self.rng.randint(2, 10) * DAY
            site_check = inspecting.inspection_record(
                user=self.team[0],
                establishment=unit,
                inspected_at=self.moment(checked),
                inspectors=self.team,
                kind=InspectionKind.ROUTINE,
                person_present=f"{unit.legal_representative}（负责人）",
                result=InspectionResult.COMPLIANT,
            )
            self.counts["visits"] += 1
            licensing.application_review(
                application=application,
                user=self.clerk,
                note="申请材料齐全，现场审查符合卫生要求。",
                inspection=site_check,
                reviewed_on=checked,
            )
            licensing.application_decide(
                application=application, user=self.manager, approve=True, decided_on=decided
            )
            licensing.permit_issue(
                application=application, user=self.clerk, issued_on=decided + DAY
            )
        self.counts["permits"] += 1

    def consultations(self):
        topics = ["公共场所卫生许可办理条件", "许可证延续手续", "健康证明办理", "变更法定代表人"]
        for year in self.years:
            last = min(datetime.date(year, 12, 31), self.last)
            for _ in range(self.rng.randint(20, 30)):
                unit = self.rng.choice(self.units) if self.rng.random() < 0.5 else None
                licensing.consultation_log(
                    user=self.clerk,
                    topic=self.rng.choice(topics),
                    consulted_on=self.day_between(datetime.date(year, 1, 1), last),
                    visitor=f"{self.rng.choice('王李张刘陈')}先生",
                    establishment=unit,
                )

    # ---------------------------------------------------------------- practitioners

    def health(self, year):
        rule = HealthRule.current()
        first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), self.last)
        staff = list(
            Practitioner.objects.filter(hired_on__lte=last)
            .exclude(left_on__lte=first)
            .select_related("establishment")
            .order_by("pk")
        )
        certificates = []
        for person in staff:
            if self.rng.random() > 0.88:
                continue
            exam = self.day_between(max(first, person.hired_on), last)
            certificates.append(
                HealthCertificate(
                    practitioner=person,
                    exam_date=exam,
                    institution="县疾病预防控制中心",
                    number=f"JK{exam:%Y%m%d}{person.pk:05d}",
                    result="passed" if self.rng.random() < 0.98 else "failed",
                    expires_on=certificate_default_expiry(exam, rule),
                    recorded_by=self.clerk,
                )
            )
        bulk_create_with_history(certificates, HealthCertificate, default_user=self.clerk)
        self.counts["certificates"] += len(certificates)
        day = min(datetime.date(year, 7, 4), last)
        session = health.training_create(
            user=self.clerk,
            date=day,
            place="县党政大楼七楼会议室",
            topic="公共场所行业单位负责人及从业人员卫生知识培训",
            organiser="县卫生监督所",
        )
        present = [
            p
            for p in staff
            if p.hired_on <= day
            and (p.left_on is None or p.left_on > day)
            and self.rng.random() < 0.85
        ]
        health.training_add_attendance(session=session, user=self.clerk, practitioners=present)

    # ---------------------------------------------------------------- reporting upward

    def cards(self):
        """Most unit and inspection cards reported a few days after their event, as an
        office that keeps up would have; the rest show as due or late."""
        reports = []
        for kind, field in ((CardKind.UNIT, "establishment"), (CardKind.INSPECTION, "inspection")):
            for record in RULES[kind].records().order_by("pk"):
                reported_on = record.event_on + 3 * DAY
                if reported_on > self.today or self.rng.random() > 0.93:
                    continue
                reports.append(
                    InfoCardReport(
                        kind=kind,
                        reported_on=reported_on,
                        reported_by=self.clerk,
                        **{field: record},
                    )
                )
        InfoCardReport.objects.bulk_create(reports)
        self.counts["cards"] = len(reports)

    # ---------------------------------------------------------------- penalty cases

    def cases(self):
        candidates = [
            u
            for u in self.units
            if u.category.domain.code == "public_places" and u.status != "closed"
        ]
        # (step reached, days ago it was filed), oldest first so that case numbers follow
        # the filing dates: the first one went all the way last year.
        plan = [("closed", 400), ("closed", 150), ("served", 80), ("decided", 70),
                ("notified", 45), ("investigating", 30), ("filed", 5)]  # fmt: skip
        violation = Violation.objects.get(code="pp-no-permit")
        for unit, (step, ago) in zip(self.rng.sample(candidates, len(plan)), plan, strict=True):
            filed = self.today - ago * DAY
            case = penalties.case_file(
                user=self.team[0],
                source=CaseSource.COMPLAINT,
                violation=violation,
                occurred_on=filed - 7 * DAY,
                filed_on=filed,
                facts=f"{unit.name}未依法取得公共场所卫生许可证擅自营业。",
                officers=self.team,
                establishment=unit,
            )
            self.approve(case.approvals.get(kind=ApprovalKind.FILING), filed)
            case.refresh_from_db()
            self.walk(case, filed, step)
            self.counts["cases"] += 1

    def approve(self, approval, on):
        """The 负责人 (the demo's manager) approves what an officer asked on ``on``."""
        penalties.approval_decide(
            approval=approval, user=self.manager, decided_on=on, approved=True, opinion="同意。"
        )

    def walk(self, case, filed, step):
        steps = ["filed", "investigating", "notified", "decided", "served", "closed"]
        reach = steps.index(step)
        user = self.team[0]
        fine = Decimal(self.rng.choice((2000, 3000, 4000)))
        proposal = PenaltyInput(
            warning=True, fine_amount=fine, order_correct=True,
            correction_note="停止违法行为，依法整改到位", correction_due=filed + 30 * DAY,
        )  # fmt: skip
        if reach >= 1:
            case = penalties.case_investigate(case=case, user=user, done_on=filed + DAY)
            penalties.evidence_add(
                case=case, user=user, kind=EvidenceKind.RECORD, title="现场笔录",
                collected_on=filed + DAY,
            )  # fmt: skip
        if reach >= 2:
            case = penalties.case_notify(
                case=case, user=user, done_on=filed + 10 * DAY,
                severity=Severity.ORDINARY, penalties=proposal,
            )  # fmt: skip
            penalties.service_record(
                case=case, user=user, document="notice", method="direct",
                served_on=filed + 10 * DAY, recipient=case.party_name,
                signer=case.party_legal_representative or case.party_name,
                officers=list(case.officers.all()),
            )  # fmt: skip
        if reach >= 3:
            self.approve(penalties.decision_request(
                case=case, user=user, requested_on=filed + 24 * DAY,
                severity=Severity.ORDINARY, penalties=proposal, facts=case.facts,
                evidence="现场笔录、询问笔录、营业执照复印件", basis=case.violation.penalty_basis,
                discretion="首次被查处，能配合调查，按一般情节裁量。",
            ), filed + 24 * DAY)  # fmt: skip
            case = penalties.case_decide(
                case=case, user=user, done_on=filed + 25 * DAY,
                severity=Severity.ORDINARY, penalties=proposal,
            )  # fmt: skip
        if reach >= 4:
            case = penalties.case_serve(
                case=case, user=user, done_on=filed + 26 * DAY, method="direct",
                recipient=case.party_legal_representative or "负责人",
            )  # fmt: skip
        if reach >= 5:
            penalties.payment_record(
                case=case, user=user, kind=PaymentKind.FINE, paid_on=filed + 30 * DAY,
                amount=fine, receipt_number=f"FK{filed:%Y%m%d}",
            )  # fmt: skip
            case = penalties.case_execute(case=case, user=user, done_on=filed + 31 * DAY)
            self.approve(penalties.closing_request(
                case=case, user=user, requested_on=filed + 32 * DAY,
                summary="罚款已缴清，当事人已办理卫生许可证。",
            ), filed + 32 * DAY)  # fmt: skip
            penalties.case_close(
                case=case, user=user, done_on=filed + 32 * DAY,
                summary="罚款已缴清，当事人已办理卫生许可证。",
            )  # fmt: skip

    # ---------------------------------------------------------------- 健康促进 (seed 004)

    def promotion(self):
        """A plan for the demo year and a few assessments of medical units and schools (some
        达标, some not), dated before the plan's due date."""
        year = self.today.year
        due = datetime.date(year, 9, 30)
        plan, created = PromotionPlan.objects.get_or_create(
            year=year,
            defaults={
                "title": f"{year}年健康细胞建设（健康促进县）工作计划",
                "due_on": due,
                "source": "健康单位建设年度工作计划（省级健康促进县创建实施方案）一、总体目标",
            },
        )
        if not created:
            return
        standards = {s.group: s for s in PromotionStandard.objects.all()}
        for group, share, count in PROMOTION_TARGETS:
            if group in standards:
                PromotionTarget.objects.create(
                    plan=plan, standard=standards[group], share=share, count=count
                )
        last = min(due, self.last)
        kinds = {c.code: c for c in Category.objects.filter(code__startswith="hp.setting.")}
        townships = list(Township.objects.order_by("order", "code")[:3])
        for n, (kind, subject_kind, name, head) in enumerate(PROMOTION_SETTINGS):
            if kind not in kinds or not townships:
                continue
            self.units.append(
                establishment_create(
                    user=self.clerk,
                    opened_on=datetime.date(year - 1, 1, 1),
                    subject_kind=subject_kind,
                    name=name,
                    credit_code="",
                    legal_representative=head,
                    address=f"{townships[n % len(townships)].name}{name}",
                    township=townships[n % len(townships)],
                    category=kinds[kind],
                )
            )
        for group, how_many in (("community", 4), ("family", 3), ("hospital", 6), ("school", 5)):
            standard = standards.get(group)
            sheet = standard and standard.current_sheet()
            if sheet is None:
                continue
            items = list(sheet.items.all())
            subjects = [
                (u, days)
                for u in self.units
                if (days := self.window(u, year))
                and days[0] <= last
                and subject_refusal(u, standard, last) is None
            ][:how_many]
            for n, (unit, (first, until)) in enumerate(subjects):
                off = (0, 12, 35)[n % 3]  # 100, 88: 达标; 65: 未达标
                scores = {item.pk: (item.max_points, "") for item in items}
                left = Decimal(off)  # taken off the largest items first
                for item in sorted(items, key=lambda i: -i.max_points):
                    if left <= 0:
                        break
                    taken = min(left, item.max_points)
                    scores[item.pk] = (item.max_points - taken, "部分活动记录不全")
                    left -= taken
                promotion_assess(
                    user=self.team[n % 2],
                    subject=unit,
                    standard=standard,
                    sheet=sheet,
                    assessed_on=self.day_between(first, min(until, last)),
                    assessors="县健康教育所评估组、" + self.team[n % 2].get_full_name(),
                    scores=scores,
                )
