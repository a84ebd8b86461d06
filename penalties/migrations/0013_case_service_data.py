"""Service records from what the cases already hold, and the two new time limits.

- Every case with a notice gets a service of its current 事先告知书: served on the notice's
  day by 直接送达, noted "迁移：原记录无送达信息" (the windows stored were counted from that
  day, so they stay as they were).
- Every case with a served decision gets a service of its 决定书 from served_on,
  service_method and service_recipient (the officers: the case's officers).
- TimeLimit rows 告知书送达期限 (notice_service) and 公告送达期间 (public_service)."""

from django.db import migrations

MIGRATED = "迁移：原记录无送达信息"

TIME_LIMITS = [
    (
        "notice_service",
        7,
        True,
        3,
        "未见法定期限（未核实）：参照行政处罚法第六十一条决定书七日内送达，本机关办案要求",
    ),
    (
        "public_service",
        30,
        False,
        0,
        "民事诉讼法第九十五条（2021年修正）：自发出公告之日起经过三十日即视为送达（原为六十日）",
    ),
]


def forward(apps, schema_editor):
    TimeLimit = apps.get_model("penalties", "TimeLimit")
    PenaltyCase = apps.get_model("penalties", "PenaltyCase")
    CaseService = apps.get_model("penalties", "CaseService")
    for code, days, working, warn, basis in TIME_LIMITS:
        TimeLimit.objects.get_or_create(
            code=code,
            defaults={"days": days, "working_days": working, "warn_days": warn, "basis": basis},
        )
    cases = PenaltyCase.objects.exclude(notice_number=None).exclude(notice_number="")
    for case in cases.prefetch_related("officers").iterator(chunk_size=200):
        officers = list(case.officers.all())
        if (
            case.notified_on
            and not CaseService.objects.filter(
                case=case, document="notice", document_number=case.notice_number
            ).exists()
        ):
            service = CaseService.objects.create(
                case=case,
                document="notice",
                document_title="行政处罚事先告知书",
                document_number=case.notice_number,
                method="direct",
                served_on=case.notified_on,
                recipient=case.party_name[:100],
                note=MIGRATED,
                recorded_by_id=case.created_by_id,
            )
            service.officers.set(officers)
        if (
            case.served_on
            and case.decision_number
            and not CaseService.objects.filter(
                case=case, document="decision", document_number=case.decision_number
            ).exists()
        ):
            service = CaseService.objects.create(
                case=case,
                document="decision",
                document_title="行政处罚决定书",
                document_number=case.decision_number,
                method=case.service_method or "direct",
                served_on=case.served_on,
                recipient=(case.service_recipient or case.party_name)[:100],
                signer=case.service_recipient or "",
                note="迁移：由案件原送达记录（日期、方式、受送达人）生成",
                recorded_by_id=case.created_by_id,
            )
            service.officers.set(officers)


def backward(apps, schema_editor):
    apps.get_model("penalties", "CaseService").objects.all().delete()
    apps.get_model("penalties", "TimeLimit").objects.filter(
        code__in=[row[0] for row in TIME_LIMITS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("penalties", "0012_case_service")]

    operations = [migrations.RunPython(forward, backward)]
