"""The procedure rules as dated data, the 负责人's approval permission, and the cases filed
before approvals existed.

- 卫生行政处罚程序（卫生部令第53号，1997）as amended in 2006 (卫政法发〔2006〕68号 changed
  art. 29): the decision within three months of filing; an extension approved by the
  上级卫生行政机关 (a provincial organ: its collective discussion). In force until 2025-05-31.
- 卫生健康行政处罚程序规定（国家卫生健康委令第13号）, in force from 2025-06-01. Its text on the
  decision limit and the extension was not read: the defaults are 行政处罚法第六十条 (ninety
  days from filing; "法律、法规、规章另有规定的，从其规定") and approval by the 本机关负责人 —
  UNVERIFIED, to be checked against the published rule.
- The manager role approves (penalties.approve_case).
- Cases that exist already were filed before approvals: their 立案 counts as approved, and
  each runs under the rule in force on its filing date.
"""

import datetime

from django.db import migrations

from core.roles import grant_role_permissions

RULES = [
    {
        "code": "moh-53",
        "name": "卫生行政处罚程序（卫生部令第53号）",
        "effective_from": datetime.date(1997, 6, 19),
        "effective_to": datetime.date(2025, 5, 31),
        "decision_limit": 3,
        "decision_limit_unit": "months",
        "extension_approver": "上级卫生行政机关",
        "extension_by_superior": True,
        "filing_limit_days": 7,
        "basis": "第二十九条（2006年修改）：卫生行政机关应当自立案之日起三个月内作出行政处罚决定。"
        "因特殊原因，需要延长前款规定的时间的，应当报请上级卫生行政机关批准。省级卫生行政机关需要延长时间的，"
        "由省级卫生行政机关负责集体讨论决定。立案期限七日（DOCUMENTS.md §2.2）。",
        "source": "卫生部关于修改《卫生行政处罚程序》第二十九条的通知（2006年2月13日）",
        "verified": True,
    },
    {
        "code": "nhc-13",
        "name": "卫生健康行政处罚程序规定（国家卫生健康委令第13号）",
        "effective_from": datetime.date(2025, 6, 1),
        "effective_to": None,
        "decision_limit": 90,
        "decision_limit_unit": "days",
        "extension_approver": "本机关负责人",
        "extension_by_superior": False,
        "filing_limit_days": None,
        "basis": "未核实：本规定关于办案期限和延期审批的条文未能核对原文，暂按行政处罚法第六十条"
        "（自立案之日起九十日内作出决定；法律、法规、规章另有规定的，从其规定）和本机关负责人批准设置，"
        "请对照公布文本修改。",
        "source": "国家卫生健康委员会令第13号（2025年3月31日公布，2025年6月1日施行）；行政处罚法第六十条",
        "verified": False,
    },
]


def forward(apps, schema_editor):
    ProcedureRule = apps.get_model("penalties", "ProcedureRule")
    PenaltyCase = apps.get_model("penalties", "PenaltyCase")
    for row in RULES:
        ProcedureRule.objects.update_or_create(code=row["code"], defaults=row)
    for rule in ProcedureRule.objects.all():
        cases = PenaltyCase.objects.filter(
            procedure_rule__isnull=True, filed_on__gte=rule.effective_from
        )
        if rule.effective_to:
            cases = cases.filter(filed_on__lte=rule.effective_to)
        cases.update(procedure_rule=rule)
    PenaltyCase.objects.filter(filing_approved__isnull=True).update(filing_approved=True)
    grant_role_permissions(apps, {"manager": ["penalties.approve_case"]})


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="penalties", codename="approve_case"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name="manager"):
            group.permissions.remove(permission)
    apps.get_model("penalties", "PenaltyCase").objects.update(procedure_rule=None)
    apps.get_model("penalties", "ProcedureRule").objects.filter(
        code__in=[r["code"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("penalties", "0010_approvals_procedure_rules")]

    operations = [migrations.RunPython(forward, backward)]
