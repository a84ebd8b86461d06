"""The unit file's section of health certificates and training (premises/unit_file.py):
each practitioner now employed with their latest certificate and its state today, and
the training they attended; examinations and training sessions on the timeline. Three
queries whatever the number of practitioners."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from core.validators import mask_id_number
from licensing.health.models import HealthCertificate, HealthResult, HealthRule, TrainingSession
from premises.choices import EstablishmentStatus
from premises.unit_file import Entry, Section, group_by_day, register_section


def health_section(establishment, request):
    if not request.user.has_perm("licensing.view_healthcertificate"):
        return None
    today = timezone.localdate()
    notice_days = HealthRule.current().expiring_notice_days
    everyone = list(
        establishment.practitioners.order_by("name", "pk")
        .select_related("post")
        .prefetch_related(
            Prefetch(
                "health_certificates",
                queryset=HealthCertificate.objects.order_by("-exam_date", "-id"),
            ),
            Prefetch(
                "training_sessions", queryset=TrainingSession.objects.order_by("-date", "-id")
            ),
        )
    )
    closed = establishment.status == EstablishmentStatus.CLOSED
    current, certificates, sessions = [], [], {}
    for p in everyone:
        certificates += [(p, c) for c in p.health_certificates.all()]
        for session in p.training_sessions.all():
            sessions.setdefault(session, []).append(p.name)
        if p.hired_on > today or (p.left_on is not None and p.left_on <= today):
            continue
        p.id_display = mask_id_number(p.id_number)
        latest = next(iter(p.health_certificates.all()), None)
        valid = next((c for c in p.health_certificates.all() if c.is_valid_on(today)), None)
        shown = valid or latest
        p.certificate = shown
        p.certificate_state = shown.state_on(today, notice_days) if shown else "无"
        p.last_training = next(iter(p.training_sessions.all()), None)
        p.missing = p.serves_customers and valid is None and not closed
        current.append(p)
    missing = [p for p in current if p.missing]
    entries = group_by_day(
        certificates,
        lambda pc: pc[1].exam_date,
        title="健康体检",
        name_of=lambda pc: (
            pc[0].name + ("" if pc[1].result == HealthResult.PASSED else "（不合格）")
        ),
    )
    for session, names in sessions.items():
        shown = "、".join(names[:6]) + (f" 等 {len(names)} 人" if len(names) > 6 else "")
        entries.append(
            Entry(
                day=session.date,
                title="卫生培训",
                text=f"{session.topic}（{shown}）",
                url=session.get_absolute_url(),
            )
        )
    return Section(
        title="健康证明与卫生培训",
        template="licensing/unit_file/_health.html",
        context={
            "practitioners": current,
            "missing": missing,
            "establishment": establishment,
            "missing_url": reverse("licensing:certificate_missing")
            + f"?establishment={establishment.pk}",
            "can_add": request.user.has_perm("licensing.add_healthcertificate"),
        },
        alert=f"{len(missing)} 人无有效健康证明" if missing else "",
        entries=entries,
    )


def register():
    register_section("health", health_section, order=65, label="健康证明")
