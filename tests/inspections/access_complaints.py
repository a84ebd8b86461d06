"""Who may open each URL of the complaints register (投诉举报), pages and API (walked by
tests/test_url_permissions.py). The walk's complaint is registered and assigned to the
inspector persona, not yet accepted."""

from tests.roles import ALL, PLANNERS

REGISTRARS = {"clerk", "administrator"}
HANDLERS = {"inspector", "manager", "administrator"}  # the assigned officer, managers

ACCESS = {
    "inspections:complaint_list": ("get", ALL, 200),
    "inspections:complaint_add": ("get", REGISTRARS, 200),
    "inspections:complaint_detail": ("get", ALL, 200),
    # The complainant's particulars: view_complainant (clerk, manager) or the assigned officer.
    "inspections:complaint_reveal": ("post", ALL, 200),
    "inspections:complaint_assign": ("get", PLANNERS, 200),
    "inspections:complaint_accept": ("get", HANDLERS, 200),
    "inspections:complaint_extend": ("get", PLANNERS, 200),
    "inspections:complaint_link": ("get", HANDLERS, 200),
    "inspections:complaint_reply": ("get", HANDLERS, 200),
    "inspections:complaint_close": ("get", HANDLERS, 200),
    # Open: who registers it or handles it; closed: managers only.
    "inspections:complaint_amend": ("get", ALL, 200),
    "inspections:complaint_void": ("get", PLANNERS, 200),
    "penalties:complaint_case_link": ("get", HANDLERS, 200),
    # API: empty bodies, so those allowed get field errors (400), not 403.
    "complaint-list": ("get", ALL, 200),
    "complaint-detail": ("get", ALL, 200),
    "complaint-assign": ("post", PLANNERS, 400),
    "complaint-accept": ("post", HANDLERS, 400),
    "complaint-extend": ("post", PLANNERS, 400),
    "complaint-link-inspection": ("post", HANDLERS, 400),
    "complaint-reply": ("post", HANDLERS, 400),
    "complaint-close": ("post", HANDLERS, 400),
    "complaint-void": ("post", PLANNERS, 400),
}

SEGMENTS = {"complaints": "complaint"}


def make_objects(objects):
    import datetime

    from django.utils import timezone

    from inspections.models import ComplaintTimeLimit
    from inspections.models.complaints import ComplaintSource
    from inspections.services.complaints import complaint_assign, complaint_register
    from premises.models import Establishment
    from tests.conftest import make_persona

    for limit in ComplaintTimeLimit.objects.all():
        limit.save()  # reference rows loaded by a migration have no history entry yet
    clerk, manager = make_persona("clerk"), make_persona("manager")
    complaint = complaint_register(
        user=clerk,
        received_at=timezone.now() - datetime.timedelta(hours=2),
        source=ComplaintSource.HOTLINE_12345,
        establishment=Establishment.objects.get(pk=objects["establishment"]),
        content="理发店毛巾不消毒。",
        complainant_name="王小明",
        complainant_phone="13812345678",
    )
    complaint_assign(user=manager, complaint=complaint, assigned_to=make_persona("inspector"))
    return {"complaint": complaint.pk}
