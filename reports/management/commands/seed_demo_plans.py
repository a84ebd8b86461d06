"""Demo focused inspection plans (重点监督检查计划, seed 004): this year's radiation plan,
its 汇总表 due to the city soon, and the occupational plan, its table past due and not sent.
Run by seed_demo_activity after the inspections; on its own: ``manage.py seed_demo_plans``."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from premises.models import Domain
from reports.models import FocusedPlan, PlanTable, TargetMeasure
from reports.services import plan_save


def demo_plans(*, user, today: datetime.date | None = None) -> list[FocusedPlan]:
    """The two plans, once (a plan of the same name this year is kept as it is)."""
    today = today or timezone.localdate()
    year = today.year
    made = []
    specs = [
        {
            "name": f"{year}年放射卫生重点监督检查",
            "document_number": f"市卫监督发〔{year}〕8号",
            "domains": [Domain.objects.get(code="radiation")],
            "tables": [PlanTable.RADIATION, PlanTable.GENERAL],
            "due_date": today + datetime.timedelta(days=10),
            "description": "对开展放射诊疗工作的医疗机构全面检查：放射工作人员职业健康监护、"
            "个人剂量监测、建设项目职业病危害评价、《放射诊疗许可证》和《放射工作人员证》。",
            "targets": [
                {
                    "item": "放射诊疗单位监督覆盖率",
                    "measure": TargetMeasure.COVERAGE,
                    "target": 100,
                },
                {"item": "查处违法行为", "measure": TargetMeasure.CASES, "target": 1},
            ],
        },
        {
            "name": f"{year}年职业卫生重点监督检查",
            "document_number": f"市卫监督发〔{year}〕9号",
            "domains": [Domain.objects.get(code="occupational")],
            "tables": [PlanTable.OCCUPATIONAL],
            "due_date": today - datetime.timedelta(days=5),
            "description": "以存在粉尘、石棉、有机溶剂职业病危害的中小企业为重点，检查职业健康监护"
            "和作业场所有害物质监测。",
            "targets": [
                {"item": "重点企业检查覆盖率", "measure": TargetMeasure.COVERAGE, "target": 100},
                {"item": "下达监督意见书", "measure": TargetMeasure.OPINIONS, "target": 2},
            ],
        },
    ]
    for spec in specs:
        existing = FocusedPlan.objects.filter(campaign__name=spec["name"], year=year).first()
        if existing is not None:
            made.append(existing)
            continue
        made.append(
            plan_save(
                user=user,
                year=year,
                issuer="市卫生健康委员会",
                start_date=datetime.date(year, 1, 1),
                end_date=datetime.date(year, 12, 31),
                categories=[],
                townships=[],
                remind_days=14,
                **spec,
            )
        )
    return made


class Command(BaseCommand):
    help = "加载演示用的重点监督检查计划（放射卫生即将到期，职业卫生已逾期）。"

    def handle(self, *args, **options):
        User = get_user_model()
        user = (
            User.objects.filter(username="manager").first() or User.objects.order_by("pk").first()
        )
        with transaction.atomic():
            plans = demo_plans(user=user)
        self.stdout.write(self.style.SUCCESS(f"演示重点监督检查计划：{len(plans)} 项。"))
