"""The permit window made trustworthy (issue #16).

- A permit's validity has its own start (有效期自: a renewal continues from the old expiry)
  and keeps the holder's particulars as printed; existing permits start on their issue day
  and take their unit's particulars of today.
- At most one current permit per unit and type, and one open application: where old data
  holds more, the older are settled first (a permit superseded by the newer one, an
  application marked withdrawn by the upgrade with that reason).
- The licensing documents' number series (one per document, editable in the admin).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_triggers import triggers_set_aside

SET_ASIDE = triggers_set_aside()

SERIES = [
    ("licensing-acceptance", "受理通知书", "卫许受〔{year}〕第{number:04d}号"),
    ("licensing-correction", "补正材料通知书", "卫许补〔{year}〕第{number:04d}号"),
    ("licensing-not_accepted", "不予受理决定书", "卫许不受〔{year}〕第{number:04d}号"),
    ("licensing-commitment", "告知承诺书", "卫许诺〔{year}〕第{number:04d}号"),
    ("licensing-grant", "准予行政许可决定书", "卫许准〔{year}〕第{number:04d}号"),
    ("licensing-refusal", "不予行政许可决定书", "卫许不准〔{year}〕第{number:04d}号"),
    ("licensing-cancellation", "注销行政许可决定书", "卫许注〔{year}〕第{number:04d}号"),
    ("licensing-revocation", "撤销行政许可决定书", "卫许撤〔{year}〕第{number:04d}号"),
]
OPEN = ["correction", "received", "reviewed", "approved"]


def fill_and_settle(apps, schema_editor):
    Permit = apps.get_model("licensing", "Permit")
    Application = apps.get_model("licensing", "Application")
    HistoricalPermit = apps.get_model("licensing", "HistoricalPermit")
    HistoricalPermit.objects.filter(valid_from__isnull=True).update(
        valid_from=models.F("issued_on")
    )
    for permit in Permit.objects.select_related("establishment").filter(valid_from__isnull=True):
        unit = permit.establishment
        Permit.objects.filter(pk=permit.pk).update(
            valid_from=permit.issued_on,
            holder_name=unit.name,
            legal_representative=unit.legal_representative,
            address=unit.address,
        )
    # More than one current permit of a type for a unit: the newest stays current, each
    # older one is superseded (and linked as its predecessor where the chain is free).
    groups = {}
    for permit in Permit.objects.filter(status="valid").order_by("issued_on", "id"):
        groups.setdefault((permit.establishment_id, permit.permit_type_id), []).append(permit)
    for permits in groups.values():
        for older, newer in zip(permits, permits[1:], strict=False):
            Permit.objects.filter(pk=older.pk).update(status="superseded")
            has_next = Permit.objects.filter(previous_id=older.pk).exists()
            if newer.previous_id is None and not has_next:
                Permit.objects.filter(pk=newer.pk).update(previous_id=older.pk)
    groups = {}
    for application in Application.objects.filter(status__in=OPEN).order_by("received_on", "id"):
        key = (application.establishment_id, application.permit_type_id)
        groups.setdefault(key, []).append(application)
    for applications in groups.values():
        for older in applications[:-1]:
            Application.objects.filter(pk=older.pk).update(
                status="withdrawn",
                withdrawn_on=older.received_on,
                withdraw_reason="系统升级：同一单位同类许可有多份未办结申请，保留最新一份",
            )


def series_load(apps, schema_editor):
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    for code, name, pattern in SERIES:
        DocumentSeries.objects.get_or_create(code=code, defaults={"name": name, "pattern": pattern})


def series_unload(apps, schema_editor):
    apps.get_model("core", "DocumentSeries").objects.filter(
        code__in=[s[0] for s in SERIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0010_onsite_records_and_photo_evidence"),
        ("licensing", "0008_application_review_inspection_related_name"),
        ("core", "0012_officer_certificate"),
        ("premises", "0006_statuschange_until_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        SET_ASIDE[0],
        migrations.CreateModel(
            name="LicensingDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("acceptance", "受理通知书"),
                            ("correction", "补正材料通知书"),
                            ("not_accepted", "不予受理决定书"),
                            ("commitment", "告知承诺书"),
                            ("grant", "准予行政许可决定书"),
                            ("refusal", "不予行政许可决定书"),
                            ("cancellation", "注销行政许可决定书"),
                            ("revocation", "撤销行政许可决定书"),
                        ],
                        max_length=20,
                        verbose_name="文书",
                    ),
                ),
                ("number", models.CharField(max_length=60, verbose_name="文号")),
                ("year", models.PositiveIntegerField(verbose_name="年度")),
                ("sequence", models.PositiveIntegerField(verbose_name="序号")),
                ("issued_on", models.DateField(verbose_name="日期")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
            ],
            options={
                "verbose_name": "许可文书",
                "verbose_name_plural": "许可文书",
                "ordering": ["issued_on", "id"],
            },
        ),
        migrations.AlterModelOptions(
            name="application",
            options={
                "ordering": ["-received_on", "-id"],
                "permissions": [
                    ("decide_application", "作出许可决定（负责人）"),
                    ("review_application", "审核许可申请"),
                    ("check_application", "承诺制发证后核查"),
                ],
                "verbose_name": "许可申请",
                "verbose_name_plural": "许可申请",
            },
        ),
        migrations.RemoveConstraint(
            model_name="application",
            name="application_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="permit",
            name="permit_expires_after_issue",
        ),
        migrations.RemoveConstraint(
            model_name="permit",
            name="permit_status_valid",
        ),
        migrations.AddField(
            model_name="application",
            name="competent_organ",
            field=models.CharField(
                blank=True,
                help_text="不属本机关职权范围的，告知申请人向有关机关申请。",
                max_length=100,
                verbose_name="有权机关",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="correction_items",
            field=models.TextField(blank=True, verbose_name="需补正材料"),
        ),
        migrations.AddField(
            model_name="application",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="决定人",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="new_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="变更后地址"),
        ),
        migrations.AddField(
            model_name="application",
            name="new_legal_representative",
            field=models.CharField(blank=True, max_length=50, verbose_name="变更后法定代表人"),
        ),
        migrations.AddField(
            model_name="application",
            name="new_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="变更后单位名称"),
        ),
        migrations.AddField(
            model_name="application",
            name="not_accepted_reason",
            field=models.TextField(blank=True, verbose_name="不予受理理由"),
        ),
        migrations.AddField(
            model_name="application",
            name="post_check_done_on",
            field=models.DateField(blank=True, null=True, verbose_name="核查日期"),
        ),
        migrations.AddField(
            model_name="application",
            name="post_check_inspection",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="permit_post_checks",
                to="inspections.inspection",
                verbose_name="核查检查记录",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="post_check_note",
            field=models.TextField(blank=True, verbose_name="核查情况"),
        ),
        migrations.AddField(
            model_name="application",
            name="post_check_result",
            field=models.CharField(
                blank=True,
                choices=[("passed", "核查属实"), ("failed", "承诺不实")],
                max_length=20,
                verbose_name="核查结论",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="审核人",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="reviewed_on",
            field=models.DateField(blank=True, null=True, verbose_name="审核日期"),
        ),
        migrations.AddField(
            model_name="application",
            name="withdraw_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="撤回原因"),
        ),
        migrations.AddField(
            model_name="application",
            name="withdrawn_on",
            field=models.DateField(blank=True, null=True, verbose_name="撤回日期"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="competent_organ",
            field=models.CharField(
                blank=True,
                help_text="不属本机关职权范围的，告知申请人向有关机关申请。",
                max_length=100,
                verbose_name="有权机关",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="correction_items",
            field=models.TextField(blank=True, verbose_name="需补正材料"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="决定人",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="new_address",
            field=models.CharField(blank=True, max_length=200, verbose_name="变更后地址"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="new_legal_representative",
            field=models.CharField(blank=True, max_length=50, verbose_name="变更后法定代表人"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="new_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="变更后单位名称"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="not_accepted_reason",
            field=models.TextField(blank=True, verbose_name="不予受理理由"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="post_check_done_on",
            field=models.DateField(blank=True, null=True, verbose_name="核查日期"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="post_check_inspection",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="inspections.inspection",
                verbose_name="核查检查记录",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="post_check_note",
            field=models.TextField(blank=True, verbose_name="核查情况"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="post_check_result",
            field=models.CharField(
                blank=True,
                choices=[("passed", "核查属实"), ("failed", "承诺不实")],
                max_length=20,
                verbose_name="核查结论",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="审核人",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="reviewed_on",
            field=models.DateField(blank=True, null=True, verbose_name="审核日期"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="withdraw_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="撤回原因"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="withdrawn_on",
            field=models.DateField(blank=True, null=True, verbose_name="撤回日期"),
        ),
        migrations.AddField(
            model_name="historicalpermit",
            name="address",
            field=models.CharField(blank=True, max_length=200, verbose_name="地址（证载）"),
        ),
        migrations.AddField(
            model_name="historicalpermit",
            name="holder_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="单位名称（证载）"),
        ),
        migrations.AddField(
            model_name="historicalpermit",
            name="legal_representative",
            field=models.CharField(blank=True, max_length=50, verbose_name="法定代表人（证载）"),
        ),
        migrations.AddField(
            model_name="historicalpermit",
            name="valid_from",
            field=models.DateField(null=True, verbose_name="有效期自"),
        ),
        migrations.AddField(
            model_name="historicalpermittype",
            name="review_on_site",
            field=models.BooleanField(
                default=True,
                help_text="勾选后，审核须关联一次现场检查（现场审查）记录。",
                verbose_name="审核须现场审查",
            ),
        ),
        migrations.AddField(
            model_name="historicalpermittype",
            name="single_person_window",
            field=models.BooleanField(
                default=False,
                help_text="勾选后，受理人也可作出许可决定（须持有“作出许可决定”权限）。不勾选时，决定须由受理人以外的负责人作出。",
                verbose_name="一人办结",
            ),
        ),
        migrations.AddField(
            model_name="historicalpermittype",
            name="validity_end",
            field=models.CharField(
                choices=[
                    ("day_before", "届满日前一日（如 2026-12-03 至 2030-12-02）"),
                    ("same_date", "届满同日（如 2026-12-03 至 2030-12-03）"),
                ],
                default="same_date",
                help_text="有效期 4 年自 2026-12-03 起：写至 2030-12-03（同日，按民法典第二百零一条“开始的当日不计入”计算）或 2030-12-02（前一日，部分地方惯例）。",
                max_length=20,
                verbose_name="有效期届满日写法",
            ),
        ),
        migrations.AddField(
            model_name="permit",
            name="address",
            field=models.CharField(blank=True, max_length=200, verbose_name="地址（证载）"),
        ),
        migrations.AddField(
            model_name="permit",
            name="holder_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="单位名称（证载）"),
        ),
        migrations.AddField(
            model_name="permit",
            name="legal_representative",
            field=models.CharField(blank=True, max_length=50, verbose_name="法定代表人（证载）"),
        ),
        migrations.AddField(
            model_name="permit",
            name="valid_from",
            field=models.DateField(null=True, verbose_name="有效期自"),
        ),
        migrations.AddField(
            model_name="permittype",
            name="review_on_site",
            field=models.BooleanField(
                default=True,
                help_text="勾选后，审核须关联一次现场检查（现场审查）记录。",
                verbose_name="审核须现场审查",
            ),
        ),
        migrations.AddField(
            model_name="permittype",
            name="single_person_window",
            field=models.BooleanField(
                default=False,
                help_text="勾选后，受理人也可作出许可决定（须持有“作出许可决定”权限）。不勾选时，决定须由受理人以外的负责人作出。",
                verbose_name="一人办结",
            ),
        ),
        migrations.AddField(
            model_name="permittype",
            name="validity_end",
            field=models.CharField(
                choices=[
                    ("day_before", "届满日前一日（如 2026-12-03 至 2030-12-02）"),
                    ("same_date", "届满同日（如 2026-12-03 至 2030-12-03）"),
                ],
                default="same_date",
                help_text="有效期 4 年自 2026-12-03 起：写至 2030-12-03（同日，按民法典第二百零一条“开始的当日不计入”计算）或 2030-12-02（前一日，部分地方惯例）。",
                max_length=20,
                verbose_name="有效期届满日写法",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="received_on",
            field=models.DateField(
                help_text="材料需补正的，为收到申请之日；补正后受理的，为受理之日。",
                verbose_name="受理日期",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("correction", "待补正"),
                    ("received", "已受理"),
                    ("reviewed", "已审核"),
                    ("approved", "准予许可"),
                    ("refused", "不予许可"),
                    ("issued", "已发证"),
                    ("closed", "已办结"),
                    ("not_accepted", "不予受理"),
                    ("withdrawn", "已撤回"),
                ],
                default="received",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="received_on",
            field=models.DateField(
                help_text="材料需补正的，为收到申请之日；补正后受理的，为受理之日。",
                verbose_name="受理日期",
            ),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="status",
            field=models.CharField(
                choices=[
                    ("correction", "待补正"),
                    ("received", "已受理"),
                    ("reviewed", "已审核"),
                    ("approved", "准予许可"),
                    ("refused", "不予许可"),
                    ("issued", "已发证"),
                    ("closed", "已办结"),
                    ("not_accepted", "不予受理"),
                    ("withdrawn", "已撤回"),
                ],
                default="received",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpermit",
            name="cancel_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="注销（撤销）原因"),
        ),
        migrations.AlterField(
            model_name="historicalpermit",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="注销（撤销）日期"),
        ),
        migrations.AlterField(
            model_name="historicalpermit",
            name="status",
            field=models.CharField(
                choices=[
                    ("valid", "有效"),
                    ("superseded", "已换发"),
                    ("cancelled", "已注销"),
                    ("revoked", "已撤销"),
                ],
                default="valid",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpermittype",
            name="renewal_notice_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                help_text="有效期届满前至少多少日提出延续申请（行政许可法第五十条）。",
                verbose_name="延续申请提前天数",
            ),
        ),
        migrations.AlterField(
            model_name="permit",
            name="cancel_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="注销（撤销）原因"),
        ),
        migrations.AlterField(
            model_name="permit",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="注销（撤销）日期"),
        ),
        migrations.AlterField(
            model_name="permit",
            name="status",
            field=models.CharField(
                choices=[
                    ("valid", "有效"),
                    ("superseded", "已换发"),
                    ("cancelled", "已注销"),
                    ("revoked", "已撤销"),
                ],
                default="valid",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="permittype",
            name="renewal_notice_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                help_text="有效期届满前至少多少日提出延续申请（行政许可法第五十条）。",
                verbose_name="延续申请提前天数",
            ),
        ),
        migrations.RunPython(fill_and_settle, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="permit",
            name="valid_from",
            field=models.DateField(verbose_name="有效期自"),
        ),
        migrations.AlterField(
            model_name="historicalpermit",
            name="valid_from",
            field=models.DateField(verbose_name="有效期自"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "correction",
                            "received",
                            "reviewed",
                            "approved",
                            "refused",
                            "issued",
                            "closed",
                            "not_accepted",
                            "withdrawn",
                        ],
                    )
                ),
                name="application_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("status", "correction"),
                    ("status", "received"),
                    ("status", "reviewed"),
                    ("status", "approved"),
                    _connector="OR",
                ),
                fields=("establishment", "permit_type"),
                name="application_one_open_per_unit_and_type",
                violation_error_message="该单位已有一份同类许可申请正在办理。",
            ),
        ),
        migrations.AddConstraint(
            model_name="permit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "valid")),
                fields=("establishment", "permit_type"),
                name="permit_one_current_per_unit_and_type",
                violation_error_message="该单位已持有同类许可证（现行版本），不能再发一张。",
            ),
        ),
        migrations.AddConstraint(
            model_name="permit",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_on__gt", models.F("valid_from"))),
                name="permit_expires_after_start",
                violation_error_message="有效期至应晚于有效期起始日。",
            ),
        ),
        migrations.AddConstraint(
            model_name="permit",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["valid", "superseded", "cancelled", "revoked"])),
                name="permit_status_valid",
            ),
        ),
        migrations.AddField(
            model_name="licensingdocument",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="licensing.application",
                verbose_name="申请",
            ),
        ),
        migrations.AddField(
            model_name="licensingdocument",
            name="issued_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="经办人",
            ),
        ),
        migrations.AddField(
            model_name="licensingdocument",
            name="permit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="licensing.permit",
                verbose_name="许可证",
            ),
        ),
        migrations.AddConstraint(
            model_name="licensingdocument",
            constraint=models.UniqueConstraint(
                fields=("kind", "year", "sequence"), name="licensing_document_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="licensingdocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("application__isnull", False)),
                fields=("application", "kind"),
                name="licensing_document_once_per_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="licensingdocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("application__isnull", False), ("permit__isnull", False), _connector="OR"
                ),
                name="licensing_document_has_subject",
            ),
        ),
        migrations.RunPython(series_load, series_unload),
        SET_ASIDE[1],
    ]
