"""The 放射卫生 section of a unit's file (premises/unit_file.py): its radiation devices,
workers (masked ID numbers, 放射工作人员证, latest dose reading and examination) and
construction projects, with the links to register them. Shown for a unit of the radiation
domain (its main kind or a further domain) and for any unit holding such records."""

from django.urls import reverse
from django.utils import timezone

from premises.choices import EstablishmentStatus
from premises.unit_file import Action, Entry, Section

RADIATION = "radiation"


def radiation_section(establishment, request):
    user = request.user
    if not user.has_perm("premises.view_radiationworker"):
        return None
    today = timezone.localdate()
    devices = list(
        establishment.radiation_devices.order_by("retired_on", "practice_category", "pk")
    )
    workers = list(establishment.radiation_workers.order_by("left_on", "name").with_figures())
    projects = list(establishment.radiation_projects.order_by("-pk"))
    in_domain = (
        establishment.category.domain.code == RADIATION
        or establishment.supervisions.filter(domain__code=RADIATION).exists()
    )
    if not (in_domain or devices or workers or projects):
        return None
    for w in workers:
        w.id_display = w.id_number_masked  # never the full number in a list
        w.certified = w.certificate_valid_on(today)
    current = [w for w in workers if w.left_on is None]
    in_use = [d for d in devices if d.retired_on is None]
    entries = []
    for d in devices:
        if d.installed_on:
            entries.append(Entry(day=d.installed_on, title="放射设备启用", text=str(d)))
        if d.retired_on:
            entries.append(
                Entry(day=d.retired_on, title="放射设备停用", text=f"{d}：{d.retire_reason}")
            )
    for p in projects:
        for day, title in (
            (p.pre_assessed_on, "建设项目预评价"),
            (p.pre_approved_on, "建设项目预评价审核"),
            (p.control_assessed_on, "建设项目控制效果评价"),
            (p.accepted_on, "建设项目竣工验收"),
        ):
            if day:
                entries.append(Entry(day=day, title=title, text=p.name))
    for w in workers:
        for r in w.latest_readings:
            if r.over_limit:
                entries.append(
                    Entry(
                        day=r.period_end,
                        title="个人剂量超限",
                        text=f"{w.name}：{r.over_limit_reason}",
                        url=w.get_absolute_url(),
                        tone="alert",
                    )
                )
    expired = [w for w in current if not w.certified]
    over = [w for w in current if w.ever_over_limit]
    alerts = []
    if expired:
        alerts.append(f"{len(expired)} 人无有效证")
    if over:
        alerts.append(f"{len(over)} 人剂量超限")
    actions = []
    open_unit = establishment.status != EstablishmentStatus.CLOSED
    for perm, label, name in (
        ("premises.add_radiationdevice", "登记放射设备", "premises:radiation_device_add"),
        ("premises.add_radiationworker", "登记放射工作人员", "premises:radiation_worker_add"),
        ("premises.add_radiationproject", "登记建设项目", "premises:radiation_project_add"),
    ):
        if open_unit and user.has_perm(perm):
            actions.append(Action(label, reverse(name, args=[establishment.pk])))
    query = f"?establishment={establishment.pk}"
    return Section(
        title="放射卫生",
        template="premises/unit_file/_radiation.html",
        context={
            "devices": devices,
            "workers": workers,
            "projects": projects,
            "in_use": len(in_use),
            "current": len(current),
            "may_retire": user.has_perm("premises.change_radiationdevice"),
            "may_edit_project": user.has_perm("premises.change_radiationproject"),
            "device_list": reverse("premises:radiation_device_list") + query,
            "worker_list": reverse("premises:radiation_worker_list") + query,
            "project_list": reverse("premises:radiation_project_list") + query,
        },
        count=len(in_use) + len(current),
        alert="，".join(alerts),
        entries=entries,
        actions=actions,
    )


def register():
    from premises.unit_file import register_section

    register_section("radiation", radiation_section, order=65, label="放射卫生")
