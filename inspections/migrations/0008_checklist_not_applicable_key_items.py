"""Checklists: items not applicable (合理缺项) and key items (※); a problem type's default
requirement text for the supervision opinion."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0007_sample_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklistitem",
            name="is_key",
            field=models.BooleanField(
                default=False,
                help_text="关键项（※）不符合的，无论总分多少，评分结果均为不合格。",
                verbose_name="关键项",
            ),
        ),
        migrations.AddField(
            model_name="checklistscore",
            name="not_applicable",
            field=models.BooleanField(
                default=False,
                help_text="合理缺项：该项不计入应得分，得分记为 0。",
                verbose_name="不适用",
            ),
        ),
        migrations.AddField(
            model_name="historicalchecklistscore",
            name="not_applicable",
            field=models.BooleanField(
                default=False,
                help_text="合理缺项：该项不计入应得分，得分记为 0。",
                verbose_name="不适用",
            ),
        ),
        migrations.AddField(
            model_name="problemtype",
            name="requirement",
            field=models.TextField(
                blank=True,
                help_text="下达意见书时，勾选此问题的检查预先填入的整改要求（可在意见书中修改）。",
                verbose_name="默认整改要求",
            ),
        ),
    ]
