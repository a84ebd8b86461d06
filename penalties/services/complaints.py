"""Link a penalty case to the complaint (投诉举报) it grew from."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from inspections.services.complaints import CLOSED, may_handle
from penalties.models import CaseComplaint, PenaltyCase


@transaction.atomic
def case_complaint_link(*, user, complaint, case) -> CaseComplaint:
    """The case was opened on what the complaint reported. Made by whoever handles the
    complaint (its officer or a manager) while it is open, for a case of the unit it names."""
    if not may_handle(user, complaint):
        raise PermissionDenied("只有承办人或管理者可以关联案件。")
    if complaint.is_voided:
        raise ValidationError("该投诉举报已作废。")
    if complaint.is_closed:
        raise ValidationError(CLOSED)
    case = PenaltyCase.objects.filter(pk=getattr(case, "pk", None)).first()
    if case is None:
        raise ValidationError({"case": "请选择案件。"})
    if complaint.establishment_id and case.establishment_id not in (
        None,
        complaint.establishment_id,
    ):
        raise ValidationError({"case": "该案件的当事人不是被投诉单位。"})
    if CaseComplaint.objects.filter(case=case, complaint=complaint).exists():
        raise ValidationError({"case": "该案件已关联。"})
    return CaseComplaint.objects.create(case=case, complaint=complaint, linked_by=user)
