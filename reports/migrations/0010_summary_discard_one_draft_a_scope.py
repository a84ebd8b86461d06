"""Summaries: a draft may be discarded (已废弃, with its reason), and a scope has at most one
draft. Where an office has two drafts of one scope already, the newest stays the draft and
the older are discarded with a reason saying so (their history records it)."""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


REASON = "升级时自动废弃：同一统计期间和范围有较新的草稿"


def discard_older_drafts(apps, schema_editor):
    Summary = apps.get_model("reports", "SummaryReport")
    History = apps.get_model("reports", "HistoricalSummaryReport")
    newest = {}
    for report in Summary.objects.filter(status="draft").order_by("-created_at", "-pk"):
        key = (report.start, report.end, report.domain_id, report.township_id)
        if key not in newest:
            newest[key] = report
            continue
        report.status, report.discard_reason = "discarded", REASON
        report.save(update_fields=["status", "discard_reason"])
        History.objects.create(
            id=report.pk,
            title=report.title,
            start=report.start,
            end=report.end,
            domain_id=report.domain_id,
            township_id=report.township_id,
            narrative=report.narrative,
            figures=report.figures,
            computed_at=report.computed_at,
            status=report.status,
            published_at=report.published_at,
            discard_reason=report.discard_reason,
            created_by_id=report.created_by_id,
            created_at=report.created_at,
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON,
        )


def restore_drafts(apps, schema_editor):
    """Unapplied (the one-draft index already dropped): discarded summaries are drafts
    again, as the status the old check allows."""
    Summary = apps.get_model("reports", "SummaryReport")
    Summary.objects.filter(status="discarded").update(status="draft", discard_reason="")


class Migration(migrations.Migration):

    dependencies = [
        ('premises', '0015_post_aliases'),
        ('reports', '0009_rollupcell_office_counts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='summaryreport',
            name='summary_status_valid',
        ),
        migrations.AddField(
            model_name='historicalsummaryreport',
            name='discard_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='废弃原因'),
        ),
        migrations.AddField(
            model_name='summaryreport',
            name='discard_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='废弃原因'),
        ),
        migrations.AlterField(
            model_name='historicalsummaryreport',
            name='status',
            field=models.CharField(choices=[('draft', '草稿'), ('published', '已发布'), ('discarded', '已废弃')], default='draft', max_length=10, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='summaryreport',
            name='status',
            field=models.CharField(choices=[('draft', '草稿'), ('published', '已发布'), ('discarded', '已废弃')], default='draft', max_length=10, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='summaryreport',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'published', 'discarded'])), name='summary_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='summaryreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('discard_reason__gt', ''), ('status', 'discarded')), models.Q(models.Q(('status', 'discarded'), _negated=True), ('discard_reason', '')), _connector='OR'), name='summary_discarded_with_reason'),
        ),
        migrations.RunPython(discard_older_drafts, restore_drafts),
        migrations.AddConstraint(
            model_name='summaryreport',
            constraint=models.UniqueConstraint(models.F('start'), models.F('end'), django.db.models.functions.comparison.Coalesce('domain', 0), django.db.models.functions.comparison.Coalesce('township', 0), condition=models.Q(('status', 'draft')), name='summary_one_draft_a_scope', violation_error_message='该统计期间和范围已有一份草稿。'),
        ),
    ]
