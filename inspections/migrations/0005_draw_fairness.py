"""Draws that prove their fairness (docs/draws.md): the seed is derived from the candidate
snapshot and a server secret (method 2); draws made before keep method 1 ("seed entered"),
which the new field's default gives every existing row. Substitutions of drawn inspectors
are recorded, by managers (and administrators)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.roles import grant_role_permissions

GRANTS = {
    "inspector": ["inspections.view_drawsubstitution"],
    "clerk": ["inspections.view_drawsubstitution"],
    "manager": ["inspections.view_drawsubstitution", "inspections.add_drawsubstitution"],
    "administrator": ["inspections.view_drawsubstitution", "inspections.add_drawsubstitution"],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_inspection_inspection_unit_time"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="randomdraw",
            name="method",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "旧方法：随机种子由抽取人填写或系统随机生成"),
                    (2, "快照哈希 + 服务器秘密值（SHA-256）"),
                ],
                default=1,
                verbose_name="抽取方法",
            ),
        ),
        migrations.AddField(
            model_name="randomdraw",
            name="snapshot",
            field=models.JSONField(blank=True, default=dict, verbose_name="候选快照（规范形式）"),
        ),
        migrations.AddField(
            model_name="randomdraw",
            name="snapshot_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="快照 SHA-256"),
        ),
        migrations.AddField(
            model_name="randomdraw",
            name="commitment",
            field=models.CharField(blank=True, max_length=64, verbose_name="秘密值承诺 SHA-256"),
        ),
        migrations.AddField(
            model_name="randomdraw",
            name="secret",
            field=models.CharField(blank=True, max_length=64, verbose_name="秘密值"),
        ),
        migrations.CreateModel(
            name="DrawSubstitution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(max_length=200, verbose_name="替换原因")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "approved_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="批准人",
                    ),
                ),
                (
                    "assignment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="substitutions",
                        to="inspections.drawassignment",
                        verbose_name="抽查任务",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="记录人",
                    ),
                ),
                (
                    "replaced",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="被替换人",
                    ),
                ),
                (
                    "substitute",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="替换人",
                    ),
                ),
            ],
            options={
                "verbose_name": "抽查人员替换",
                "verbose_name_plural": "抽查人员替换",
                "ordering": ["assignment", "recorded_at", "id"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
