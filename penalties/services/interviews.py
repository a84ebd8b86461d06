"""询问笔录 of a case: made on the tablet as any on-site record (inspections.services.
records: edited until signed, signed page by page by the person questioned, frozen, corrected
by a new version), owned by the case through ``CaseInterview``.

``case_records`` lists what the case file holds of them: the 现场笔录 of the linked
inspection and every 询问笔录 of the case or of its inspection (current versions)."""

from django.db import transaction

from inspections.models import OnSiteRecord, PaperKind
from inspections.services.records import inquiry_record_make
from penalties.choices import CaseStatus
from penalties.models import CaseInterview
from penalties.services.base import case_lock, require_status


@transaction.atomic
def interview_make(*, case, user, officers, started_at, place="") -> CaseInterview:
    """A new 询问笔录 of ``case``, prefilled with the party; the officers edit the person
    questioned and the questions, then it is signed on the tablet."""
    case = case_lock(case)
    require_status(
        case, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.NOTIFIED, action="制作询问笔录"
    )
    record = inquiry_record_make(
        user=user,
        officers=officers,
        party_name=case.party_name,
        responsible_person=case.party_legal_representative,
        address=case.party_address,
        place=(place or "").strip() or "本机关询问室",
        started_at=started_at,
    )
    return CaseInterview.objects.create(case=case, record=record)


def case_records(case, *, kinds=(PaperKind.ONSITE, PaperKind.INQUIRY)) -> list[OnSiteRecord]:
    """The current (not superseded) 现场笔录 and 询问笔录 the case file holds: the linked
    inspection's and the case's own interviews (a correction of one follows it)."""
    from django.db.models import Q

    scope = Q(pk__in=[])
    if case.inspection_id:
        scope |= Q(inspection=case.inspection_id, kind__in=kinds)
    if PaperKind.INQUIRY in kinds:
        own = CaseInterview.objects.filter(case=case).values("record")
        scope |= Q(pk__in=own) | Q(supersedes__case_link__case=case)
        scope |= Q(supersedes__supersedes__case_link__case=case)
    return list(
        OnSiteRecord.objects.filter(scope, superseded_by__isnull=True)
        .select_related("inspection__establishment", "inspection__follows_opinion", "supersedes")
        .select_related("created_by", "questioner", "recorder")
        .prefetch_related("officers", "signatures")
        .order_by("kind", "started_at", "pk")
    )
