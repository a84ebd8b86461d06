"""The 医疗卫生 section of a unit's file (premises/unit_file.py): the current 执业许可证 with its
诊疗科目 and 校验 (due or overdue flagged), the medical staff checked against the 诊疗科目,
and the latest infection-control particulars with their problems. Shown for a unit of the
medical domain (its main kind or a further domain) and for any unit holding such records."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from premises.choices import EstablishmentStatus
from premises.models import ClinicalSubject
from premises.models.medical import MEDICAL
from premises.services.medical import staff_check, staff_prefetch
from premises.unit_file import Action, Entry, Section


def medical_section(establishment, request):
    user = request.user
    if not user.has_perm("premises.view_medicallicence"):
        return None
    today = timezone.localdate()
    licences = list(
        establishment.medical_licences.order_by("-is_current", "-valid_from", "-pk")
        .select_related("recorded_by")
        .prefetch_related(Prefetch("subjects", queryset=ClinicalSubject.objects.all()))
    )
    current = next((lic for lic in licences if lic.is_current), None)
    staff = list(
        establishment.medical_staff.order_by("left_on", "practice_type", "pk")
        .select_related("practitioner", "scope")
        .prefetch_related(staff_prefetch())
    )
    working = [s for s in staff if s.left_on is None]
    controls = list(establishment.infection_controls.order_by("-checked_on", "-pk")[:5])
    in_domain = (
        establishment.category.domain.code == MEDICAL
        or establishment.supervisions.filter(domain__code=MEDICAL).exists()
    )
    if not (in_domain or licences or staff or controls):
        return None
    check = staff_check(establishment, licence=current, staff=working)
    latest = controls[0] if controls else None
    problems = latest.problems(today) if latest else []
    state = current.state_on(today) if current else "无执业许可证记录"

    entries = []
    for lic in licences:
        title = "执业许可证变更" if lic.supersedes_id else "执业许可证登记"
        text = lic.registration_number + (f"：{lic.change_reason}" if lic.change_reason else "")
        entries.append(Entry(day=lic.valid_from, title=title, text=text))
        if lic.verified_on:
            entries.append(
                Entry(day=lic.verified_on, title="执业许可证校验", text=lic.registration_number)
            )
    for record in controls:
        found = record.problems(today) if record is not latest else problems
        entries.append(
            Entry(
                day=record.checked_on,
                title="传染病防治情况",
                text="；".join(found) or "未发现问题",
                tone="alert" if found else "",
            )
        )
    alerts = []
    if state:
        alerts.append(state)
    if check.misfits:
        alerts.append(f"{len(check.misfits)} 名人员资质问题")
    if check.uncovered and current:
        alerts.append(f"{len(check.uncovered)} 个科目无相应人员")
    if problems:
        alerts.append(f"传染病防治 {len(problems)} 项问题")

    actions = []
    if establishment.status != EstablishmentStatus.CLOSED:
        if user.has_perm("premises.add_medicallicence"):
            label = "登记执业许可证变更" if current else "登记执业许可证"
            actions.append(
                Action(label, reverse("premises:medical_licence_add", args=[establishment.pk]))
            )
        if user.has_perm("premises.add_medicalstaff"):
            actions.append(
                Action(
                    "登记医务人员", reverse("premises:medical_staff_add", args=[establishment.pk])
                )
            )
        if user.has_perm("premises.add_infectioncontrol"):
            actions.append(
                Action(
                    "登记传染病防治情况",
                    reverse("premises:infection_control_add", args=[establishment.pk]),
                )
            )
    query = f"?establishment={establishment.pk}"
    return Section(
        title="医疗卫生",
        template="premises/unit_file/_medical.html",
        context={
            "current": current,
            "state": state,
            "former": [lic for lic in licences if not lic.is_current],
            "check": check,
            "staff": staff,
            "working": len(working),
            "latest": latest,
            "problems": problems,
            "may_edit_staff": user.has_perm("premises.change_medicalstaff"),
            "licence_list": reverse("premises:medical_licence_list") + query + "&current=all",
            "staff_list": reverse("premises:medical_staff_list") + query,
            "control_list": reverse("premises:infection_control_list") + query,
        },
        count=len(working),
        alert="，".join(alerts),
        entries=entries,
        actions=actions,
    )


def register():
    from premises.unit_file import register_section

    register_section("medical", medical_section, order=62, label="医疗卫生")
