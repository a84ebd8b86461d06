"""premises' own sections of the unit's file (premises/unit_file.py): its particulars with
their history and status changes, and its practitioners."""

from django.urls import reverse
from django.utils import timezone

from core.history import history_entries
from core.personal_data import masked_unless, may_reveal
from premises.choices import EstablishmentStatus, StatusChangeKind
from premises.forms import StatusChangeForm
from premises.models import Establishment
from premises.unit_file import Action, Entry, Section, group_by_day, local_day, register_section
from premises.views import occupational

# Changes shown by their status change (开业/停业/复业/关闭), not again as an edit.
_STATUS_FIELDS = {
    str(Establishment._meta.get_field(name).verbose_name) for name in ("status", "closed_on")
}
_CLOSING = {StatusChangeKind.CLOSED, StatusChangeKind.SUSPENDED}


def particulars_section(establishment, request):
    status_changes = list(establishment.status_changes.select_related("recorded_by"))
    # A person's ID number: masked, in the history too, unless asked for (reveal/, logged).
    full = getattr(request, "reveal_id_number", False)
    history = history_entries(establishment, display={"id_number": masked_unless(full)})
    entries = []
    for entry in history:
        fields = [label for label, _old, _new in entry.changes]
        if entry.action == "新建":
            title, text = "建档", ""
        elif fields and set(fields) <= _STATUS_FIELDS:
            continue
        else:
            title, text = "修改单位信息", "、".join(f for f in fields if f not in _STATUS_FIELDS)
            if entry.reason:  # e.g. a change of permit applied to the unit's record
                text = f"{text}（{entry.reason}）" if text else entry.reason
        entries.append(Entry(day=local_day(entry.when), moment=entry.when, title=title, text=text))
    for change in status_changes:
        entries.append(
            Entry(
                day=change.date,
                title=change.get_kind_display(),
                text=change.reason,
                tone="alert" if change.kind in _CLOSING else "",
            )
        )
    supervisions = list(
        establishment.supervisions.select_related("category__parent", "domain", "recorded_by")
    )
    for s in supervisions:
        entries.append(Entry(day=s.started_on, title="纳入监管", text=str(s)))
        if s.ended_on:
            entries.append(
                Entry(day=s.ended_on, title="终止监管", text=f"{s}：{s.end_reason}", tone="alert")
            )
    actions = []
    if request.user.has_perm("premises.change_establishment"):
        actions.append(
            Action("修改", reverse("premises:establishment_edit", args=[establishment.pk]))
        )
    if (
        request.user.has_perm("premises.add_supervision")
        and establishment.status != EstablishmentStatus.CLOSED
    ):
        actions.append(
            Action(
                "登记其他监督专业",
                reverse("premises:supervision_add", args=[establishment.pk]),
            )
        )
    return Section(
        title="基本信息",
        template="premises/unit_file/_particulars.html",
        context={
            "object": establishment,
            "status_changes": status_changes,
            "supervisions": supervisions,
            "status_form": StatusChangeForm(
                status=establishment.status, initial={"date": timezone.localdate()}
            ),
            "history": history,
            "id_display": establishment.id_number if full else establishment.id_number_masked,
            "revealed": full,
            "may_reveal": may_reveal(request.user),
        },
        entries=entries,
        actions=actions,
    )


def practitioners_section(establishment, request):
    everyone = list(establishment.practitioners.select_related("post").order_by("name", "pk"))
    today = timezone.localdate()
    # Practitioner.objects.employed_on(today), without a second query.
    current = [
        p for p in everyone if p.hired_on <= today and (p.left_on is None or p.left_on > today)
    ]
    for p in current:
        # A list: never the full number (each person's page can show it on request).
        p.id_display = p.id_number_masked
    url = reverse("premises:practitioner_list") + f"?establishment={establishment.pk}"
    entries = group_by_day(
        everyone, lambda p: p.hired_on, title="从业人员入职", name_of=lambda p: p.name, url=url
    ) + group_by_day(
        everyone, lambda p: p.left_on, title="从业人员离职", name_of=lambda p: p.name, url=url
    )
    actions = []
    if (
        request.user.has_perm("premises.add_practitioner")
        and establishment.status != EstablishmentStatus.CLOSED
    ):
        actions.append(
            Action("登记从业人员", reverse("premises:practitioner_add", args=[establishment.pk]))
        )
    return Section(
        title=f"在职从业人员（{len(current)}）",
        template="premises/unit_file/_practitioners.html",
        context={"practitioners": current, "list_url": url},
        count=len(current),
        entries=entries,
        actions=actions,
    )


def register():
    register_section("particulars", particulars_section, order=0, label="基本信息")
    register_section("practitioners", practitioners_section, order=60, label="从业人员")
    occupational.register()
