"""Officers' enforcement certificates (执法证, 行政处罚法 art. 42): which one each officer
held on a given day, and how an officer is named beside a signature on a document."""

import datetime
from collections.abc import Iterable

from core.models import OfficerCertificate
from core.people import display_name

NO_CERTIFICATE = "（无有效执法证）"


def certificates_on(users: Iterable, day: datetime.date) -> dict[int, OfficerCertificate]:
    """{user id: the certificate valid on ``day``}, one query (none when the users come
    with their certificates prefetched: a batch of documents); officers without one are
    absent. Of two valid the same day (a renewal overlapping), the later one."""
    users = list(users)
    found: dict[int, OfficerCertificate] = {}
    if not users:
        return found
    if all("certificates" in getattr(u, "_prefetched_objects_cache", {}) for u in users):
        rows = [
            c for u in users for c in u.certificates.all() if c.valid_from <= day <= c.valid_until
        ]
        rows.sort(key=lambda c: (c.valid_from, c.pk))
    else:
        rows = list(
            OfficerCertificate.objects.filter(
                user_id__in=[u.pk for u in users], valid_from__lte=day, valid_until__gte=day
            ).order_by("valid_from", "pk")
        )
    for certificate in rows:
        found[certificate.user_id] = certificate
    return found


def certificate_on(user, day: datetime.date) -> OfficerCertificate | None:
    return certificates_on([user], day).get(user.pk)


def latest_certificate(user) -> OfficerCertificate | None:
    return OfficerCertificate.objects.filter(user=user).order_by("-valid_until", "-pk").first()


def officer_rows(users: Iterable, day: datetime.date) -> list[dict]:
    """Each officer as printed beside a signature: name, certificate number (or None),
    in the order given."""
    users = list(users)
    held = certificates_on(users, day)
    return [
        {
            "user": u,
            "name": display_name(u),
            "certificate": held.get(u.pk),
            "number": held[u.pk].number if u.pk in held else "",
        }
        for u in users
    ]


def officer_label(row: dict) -> str:
    """ "王建国（执法证号 440101001）", or the name with the missing certificate named."""
    if row["number"]:
        return f"{row['name']}（执法证号 {row['number']}）"
    return f"{row['name']}{NO_CERTIFICATE}"


def missing_certificates(users: Iterable, day: datetime.date) -> list[str]:
    """Names of the officers holding no valid certificate on ``day``."""
    return [row["name"] for row in officer_rows(users, day) if not row["number"]]
