"""The tables of health certificates, practitioners without a valid one and training
sessions, as their list pages and exports show them (core.tables)."""

from operator import attrgetter

from core.tables import Column, Table, count, date, date_column, text, township, unit
from core.validators import mask_id_number
from premises.tables import PRACTITIONERS, category


def date_or_text(value) -> str:
    """A day, or the text standing in for none (无)."""
    return text(value) if isinstance(value, str) else date(value)


CERTIFICATES = Table(
    Column(
        "name",
        "姓名",
        attrgetter("practitioner.name"),
        ("practitioner__name",),
        link=True,
    ),
    # Never the full number in a list or an export.
    Column("id_number", "身份证号码", lambda c: mask_id_number(c.practitioner.id_number), width=22),
    unit("practitioner.establishment", "所在单位"),
    township("practitioner.establishment"),
    date_column("exam_date", "体检日期"),
    Column("institution", "体检机构", attrgetter("institution"), ("institution",), width=24),
    Column("number", "证明编号", attrgetter("number"), width=16),
    Column("result", "结论", lambda c: c.get_result_display(), ("result",), width=8),
    date_column("expires_on", "有效期至"),
    # Annotated by the list's queryset (licensing.health.views.certificates.with_state).
    Column("state", "状态", attrgetter("state_label"), width=10),
)

# Practitioners serving customers without a valid certificate: the registry's columns, with
# their unit's kind and township, their phone and the end of their last certificate.
MISSING_CERTIFICATES = PRACTITIONERS.pick("name", "sex", "id_number", "establishment") + (
    category("establishment", "单位类别"),
    township("establishment"),
    PRACTITIONERS.column("post"),
    Column("phone", "联系电话", attrgetter("phone"), html=False),
    PRACTITIONERS.column("hired_on"),
    # Annotated by the list's queryset (latest_expiry).
    Column(
        "last_expiry",
        "原证明有效期至",
        lambda p: p.last_expiry or "无",
        ("last_expiry",),
        width=14,
        kind=date_or_text,
    ),
)

TRAININGS = Table(
    date_column("date", "培训日期"),
    Column("topic", "培训内容", attrgetter("topic"), ("topic",), link=True, width=30),
    Column("place", "培训地点", attrgetter("place"), width=20),
    Column("organiser", "组织单位", attrgetter("organiser"), ("organiser",), width=20),
    # Annotated by the list's queryset (attendee_count).
    Column(
        "attendees",
        "参训人数",
        attrgetter("attendee_count"),
        ("attendee_count",),
        width=10,
        kind=count,
    ),
)
