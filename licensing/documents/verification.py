"""The verification code printed on every permit: a payload signed with the site's key
(number, holder, validity, status on the day of printing) inside a QR code pointing at the
public verification page (licensing.views.verify).

The payload carries no personal data (no legal representative, no ID number): the holder
is the unit as printed on the permit."""

import datetime
import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "licensing.permit-verification"


class PermitCodeInvalid(Exception):
    """A verification code that was not signed by this office or was altered."""


def permit_payload(permit, *, printed_on: datetime.date | None = None) -> dict:
    """What the code vouches for: the permit (id and number), the holder and the validity
    as printed, and its status on the day of printing. ``permit.state`` is read once (a
    ``with_state`` annotation when the query made one)."""
    return {
        "i": permit.pk,
        "n": permit.number,
        "u": permit.holder_name or permit.establishment.name,
        "f": permit.valid_from.isoformat(),
        # null: no end (长期有效，按校验管理)
        "t": permit.expires_on.isoformat() if permit.expires_on else None,
        "s": str(permit.state),
        "d": (printed_on or timezone.localdate()).isoformat(),
    }


def permit_code(permit, *, printed_on=None) -> str:
    """The signed, URL-safe token of a permit's payload."""
    return signing.dumps(permit_payload(permit, printed_on=printed_on), salt=SALT, compress=True)


def permit_code_read(token: str) -> dict:
    """The payload of a token signed here; PermitCodeInvalid if altered or foreign."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise PermitCodeInvalid from None
    if not isinstance(payload, dict) or not {"i", "n", "f", "t", "s", "d"} <= payload.keys():
        raise PermitCodeInvalid
    return payload


def verify_url(token: str) -> str:
    """The public page that checks a token: on PUBLIC_URL, as a phone scanning the paper
    reaches the office's server (not the address a clerk's browser happened to use)."""
    return settings.PUBLIC_URL + reverse("licensing:permit_verify", args=[token])


def qr_svg(text: str) -> str:
    """``text`` as a QR code (error correction M), an inline SVG scaled by its box."""
    buffer = io.BytesIO()
    segno.make(text, error="m", boost_error=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, border=2, omitsize=True
    )
    return buffer.getvalue().decode()


def permit_qr(permit, *, printed_on=None) -> dict:
    """The code of a permit for its PDF: {"url": ..., "svg": ...}."""
    url = verify_url(permit_code(permit, printed_on=printed_on))
    return {"url": url, "svg": qr_svg(url)}
