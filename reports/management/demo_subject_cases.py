"""The demo's case against a person found practising without a licence (无证行医, seed
000: 查处取缔无证行医; 没收违法所得3875元, 罚款21500元): filed from a complaint and
investigated, so the officer can carry it on. Called by ``seed_demo_activity``."""

import datetime

from penalties import services as penalties
from penalties.choices import CaseSource, EvidenceKind
from penalties.models import ApprovalKind, PenaltyCase, Violation
from premises.choices import SubjectKind
from premises.models import Establishment

DAY = datetime.timedelta(days=1)


def subject_case(activity) -> int:
    """File and investigate the case against the demo person; 0 when none or done."""
    person = Establishment.objects.filter(subject_kind=SubjectKind.PERSON).order_by("pk").first()
    if person is None or PenaltyCase.objects.filter(establishment=person).exists():
        return 0
    filed = activity.today - 20 * DAY
    case = penalties.case_file(
        user=activity.team[0],
        source=CaseSource.COMPLAINT,
        source_note="群众来电举报",
        violation=Violation.objects.get(code="illegal-practice"),
        occurred_on=filed - 30 * DAY,
        filed_on=filed,
        continuing=True,
        ended_on=filed,
        facts=f"{person.name}未取得医师资格证书和医师执业证书，在其住处为村民输液、开药，"
        "违法所得3875元。",
        officers=activity.team,
        establishment=person,
    )
    activity.approve(case.approvals.get(kind=ApprovalKind.FILING), filed)
    case.refresh_from_db()
    case = penalties.case_investigate(case=case, user=activity.team[0], done_on=filed + DAY)
    penalties.evidence_add(
        case=case,
        user=activity.team[0],
        kind=EvidenceKind.RECORD,
        title="现场笔录",
        collected_on=filed + DAY,
    )
    return 1
