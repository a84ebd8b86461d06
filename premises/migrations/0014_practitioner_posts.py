# Posts (岗位) as data (issue #19): whether a practitioner must hold a health certificate
# (健康合格证明) follows from their post, "直接为顾客服务" (《公共场所卫生管理条例》第七条,
# 《公共场所卫生管理条例实施细则》第十条), no longer from a flag typed per person.
#
# The shipped posts say their source in ``basis``; a classification the office has not
# checked against the regulation reads 未核实 there.
#
# Existing practitioners: their free-text 岗位 is mapped to the post of the same name (or of
# a known synonym: 前台 → 前台接待, 搓澡工 → 浴室搓澡工 ...). A text no shipped post matches
# becomes a post of its own, serving customers and inactive (kept for the rows that hold it,
# not offered for new ones; 未核实 in its basis), so no one silently drops out of the 体检率's
# denominator. The per-person flag ``serves_customers`` is dropped: where it said 否 for a
# person whose post serves customers, the post now decides (the administrator corrects the
# post table, not the person).

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.migration_triggers import triggers_set_aside
from core.roles import grant_role_permissions

DIRECT = "《公共场所卫生管理条例》第七条、《实施细则》第十条：直接为顾客服务的从业人员"
NOT_DIRECT = "不直接为顾客服务"
UNVERIFIED = "未核实"

# (name, serves customers, basis)
POSTS = [
    ("服务员", True, f"{DIRECT}（场所内为顾客提供服务）"),
    ("客房服务员", True, f"{DIRECT}（旅店客房，接触床上用品等公共用品）"),
    ("前台接待", True, f"{DIRECT}（接待、登记顾客）"),
    ("收银员", True, f"{DIRECT}（当面为顾客收银）；{UNVERIFIED}：收银是否属直接服务以本所认定为准"),
    ("理发师", True, f"{DIRECT}（理发店）"),
    ("美发师", True, f"{DIRECT}（美发店）"),
    ("美容师", True, f"{DIRECT}（美容店）"),
    ("美甲师", True, f"{DIRECT}（美容美发场所）"),
    ("浴室搓澡工", True, f"{DIRECT}（公共浴室）"),
    ("修脚师", True, f"{DIRECT}（公共浴室、足浴）"),
    ("按摩师", True, f"{DIRECT}（浴室、足浴）；{UNVERIFIED}：按摩另有从业资格规定"),
    ("游泳场所救生员", True, f"{DIRECT}（游泳场所）"),
    (
        "保洁员",
        True,
        f"{UNVERIFIED}：清洗消毒公共用品用具、进出客房，按直接为顾客服务计",
    ),
    ("网吧网管", True, f"{UNVERIFIED}：在场所内为顾客上机服务，按直接为顾客服务计"),
    ("工作人员", True, f"{UNVERIFIED}：岗位不明，按直接为顾客服务计，请登记具体岗位"),
    ("技术员", True, f"{UNVERIFIED}：岗位不明（如供、管水人员另须体检），按须持证计"),
    ("管理员", True, f"{UNVERIFIED}：岗位不明，按直接为顾客服务计，请登记具体岗位"),
    (
        "医师",
        True,
        f"{UNVERIFIED}：医疗机构人员不属公共场所从业人员，直接为患者服务，按须持证计",
    ),
    ("会计", False, f"{NOT_DIRECT}（财务）"),
    ("保安", False, f"{NOT_DIRECT}（安保）；{UNVERIFIED}：如兼任接待应改登记接待岗位"),
    ("锅炉工", False, f"{NOT_DIRECT}（设备操作）"),
    ("维修工", False, f"{NOT_DIRECT}（水电、设备维修）"),
    ("司机", False, NOT_DIRECT),
    ("仓库管理员", False, NOT_DIRECT),
    ("行政管理人员", False, f"{NOT_DIRECT}（不接触顾客的管理岗位）"),
    (
        "厨师",
        False,
        f"{UNVERIFIED}：不在公共场所内直接为顾客服务；供餐的，健康证明另按《食品安全法》第四十五条",
    ),
]
SYNONYMS = {
    "前台": "前台接待",
    "接待": "前台接待",
    "前台接待员": "前台接待",
    "客房": "客房服务员",
    "搓澡工": "浴室搓澡工",
    "搓背工": "浴室搓澡工",
    "救生员": "游泳场所救生员",
    "发型师": "美发师",
    "财务": "会计",
    "出纳": "会计",
    "电工": "维修工",
    "水电工": "维修工",
    "网管": "网吧网管",
}
MIGRATED = f"{UNVERIFIED}：由原登记的岗位名称迁移，是否直接为顾客服务未核实，按须持证计"


def load_and_map(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # the foreign keys set here are checked now, so the columns can be dropped after
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Post = apps.get_model("premises", "Post")
    Practitioner = apps.get_model("premises", "Practitioner")
    HistoricalPractitioner = apps.get_model("premises", "HistoricalPractitioner")
    by_name = {}
    for order, (name, serves, basis) in enumerate(POSTS, start=1):
        by_name[name], _ = Post.objects.get_or_create(
            name=name, defaults={"serves_customers": serves, "basis": basis, "order": order}
        )

    def post_of(text, create):
        text = (text or "").strip()
        if not text:
            return None
        name = SYNONYMS.get(text, text)
        if name not in by_name and create:
            by_name[name], _ = Post.objects.get_or_create(
                name=name[:50],
                defaults={
                    "serves_customers": True,
                    "basis": MIGRATED,
                    "order": 900,
                    "is_active": False,
                },
            )
        return by_name.get(name)

    for text in Practitioner.objects.values_list("post", flat=True).distinct():
        post = post_of(text, create=True)
        if post is not None:
            Practitioner.objects.filter(post=text).update(post_ref=post)
    for text in HistoricalPractitioner.objects.values_list("post", flat=True).distinct():
        post = post_of(text, create=False)
        if post is not None:
            HistoricalPractitioner.objects.filter(post=text).update(post_ref=post.pk)


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            "inspector": ["premises.view_post"],
            "clerk": ["premises.view_post"],
            "manager": ["premises.view_post"],
            "administrator": [
                f"premises.{action}_post" for action in ("view", "add", "change", "delete")
            ],
        },
    )


drop_triggers, restore_triggers = triggers_set_aside()


class Migration(migrations.Migration):
    dependencies = [
        ("premises", "0013_subject_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        drop_triggers,
        migrations.CreateModel(
            name="Post",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="岗位名称")),
                (
                    "serves_customers",
                    models.BooleanField(
                        default=True,
                        help_text="是：本岗位从业人员直接为顾客服务，须每年体检、取得健康合格证明后上岗，计入体检率的分母。",
                        verbose_name="直接为顾客服务（须取得健康合格证明）",
                    ),
                ),
                (
                    "basis",
                    models.CharField(blank=True, max_length=200, verbose_name="依据 / 来源说明"),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
            ],
            options={
                "verbose_name": "从业人员岗位",
                "verbose_name_plural": "从业人员岗位",
                "ordering": ["order", "name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalPost",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=50, verbose_name="岗位名称")),
                (
                    "serves_customers",
                    models.BooleanField(
                        default=True,
                        help_text="是：本岗位从业人员直接为顾客服务，须每年体检、取得健康合格证明后上岗，计入体检率的分母。",
                        verbose_name="直接为顾客服务（须取得健康合格证明）",
                    ),
                ),
                (
                    "basis",
                    models.CharField(blank=True, max_length=200, verbose_name="依据 / 来源说明"),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="排序")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical 从业人员岗位",
                "verbose_name_plural": "historical 从业人员岗位",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="practitioner",
            name="post_ref",
            field=models.ForeignKey(
                help_text="岗位是否直接为顾客服务（须持健康合格证明）由岗位表决定。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="practitioners",
                to="premises.post",
                verbose_name="岗位",
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitioner",
            name="post_ref",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="岗位是否直接为顾客服务（须持健康合格证明）由岗位表决定。",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="premises.post",
                verbose_name="岗位",
            ),
        ),
        migrations.RunPython(load_and_map, migrations.RunPython.noop),
        migrations.RemoveField(model_name="practitioner", name="serves_customers"),
        migrations.RemoveField(model_name="historicalpractitioner", name="serves_customers"),
        migrations.RemoveField(model_name="practitioner", name="post"),
        migrations.RemoveField(model_name="historicalpractitioner", name="post"),
        migrations.RenameField(model_name="practitioner", old_name="post_ref", new_name="post"),
        migrations.RenameField(
            model_name="historicalpractitioner", old_name="post_ref", new_name="post"
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
        restore_triggers,
    ]
