"""One-time submission keys of form pages: a form saved once is not saved again.

Back + Save after saving, a slow double click, a retry after an answer lost on the way (a
weak signal in the field): each would otherwise post the same form twice and record a
second, identical visit, sample or case. So every form page carries a key made when it
is rendered (``_submission``, templates/core/_submission_key.html; random, 24 characters).

- The first POST with a key that saves (answers with a redirect and no error message)
  records the key, the user, the path and the saved record's address in the same
  transaction as the save (core.models.IdempotencyKey, keys prefixed ``page:`` beside the
  API's own ``Idempotency-Key`` values; pruned with them after IDEMPOTENCY_KEY_HOURS).
- The same key POSTed again by the same user saves nothing: the answer is a redirect to
  the record saved the first time, with REPLAYED_MESSAGE.
- Two POSTs with one key at the same moment: the key's row is taken before the save, so
  the second waits for the first and then gets its record (one record, not two).
- A POST that saves nothing (a refusal shown on the form, a redirect with an error
  message, an exception) frees the key: the corrected form is sent with it again.
- The same key sent with other input (Back after saving, a change, Save) is not that
  submission again. An edit page (it carries the record's version, core/locking.py) is
  handled as sent: the version check refuses a page based on the version before the save
  as stale and keeps the input on the form.
  A create page opens the first record, saying the change was not saved (saving it would
  record a second visit, sample or case).
- A POST without a key (a page loaded before this rule, a script of our own) is accepted
  as before and logged at INFO ("weijian.submissions"): refusing it would throw away the
  input of every form open at the moment of a deploy.

Known limit: a key is remembered for IDEMPOTENCY_KEY_HOURS (24 h); a page kept open longer
than that and sent twice is saved twice.
"""

import hashlib
import logging
import secrets
from typing import TYPE_CHECKING

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.views import View

from core.locking import VERSION_FIELD
from core.models import IdempotencyKey

if TYPE_CHECKING:
    _View = View
else:
    _View = object

logger = logging.getLogger("weijian.submissions")

FIELD = "_submission"
PREFIX = "page:"
REPLAYED_MESSAGE = "此表单已提交过，已打开上次保存的记录（没有重复保存）。"
CHANGED_MESSAGE = (
    "这张表单保存过一次，现在打开的是那次保存的记录，没有再保存一份；"
    "之后在表单中改动的内容（如返回后修改）没有保存，如需修改，请在本记录中修改。"
)
# Not part of what was typed: the page's tokens, and the record's version (a page rendered
# again carries the version now with the key of the page first sent: core/locking.py).
UNTYPED = frozenset({"csrfmiddlewaretoken", FIELD, VERSION_FIELD})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def new_key() -> str:
    return secrets.token_urlsafe(18)


def submitted_key(request) -> str | None:
    """The key the form was sent with, or None (no key, or not one of ours)."""
    key = request.POST.get(FIELD, "").strip()
    if not key or len(key) > 100 or not key.isascii() or not key.isprintable():
        return None
    return key


def form_fingerprint(request) -> str:
    """A digest of what the form sent (its fields and the names and sizes of its files),
    the page's tokens apart: the same form sent twice has the same digest."""
    digest = hashlib.sha256()
    for name, values in sorted(request.POST.lists()):
        if name not in UNTYPED:
            digest.update(repr((name, values)).encode())
    for name, files in sorted(request.FILES.lists()):
        digest.update(repr((name, [(f.name, f.size) for f in files])).encode())
    return digest.hexdigest()


def _has_error_message(request) -> bool:
    """Whether the page queued an error message: a redirect that refuses (nothing saved)."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


def saved_location(response, request) -> str | None:
    """Where a POST that saved sent the user: its redirect, unless it refused."""
    if response.status_code not in REDIRECTS or not response.has_header("Location"):
        return None
    if _has_error_message(request):
        return None
    return response["Location"]


def replay(request, record: IdempotencyKey, *, changed: bool = False):
    location = record.headers.get("Location") or request.path
    if changed:
        messages.warning(request, CHANGED_MESSAGE)
    else:
        messages.info(request, REPLAYED_MESSAGE)
    logger.info("form POST replayed: user %s, %s -> %s", request.user.pk, request.path, location)
    return redirect(location)


class SubmitOnce(_View):
    """Mixed into ServiceFormView after the role check (the user is known) and before the
    version check (a page sent again after its save is answered with the saved record,
    not refused as stale): wraps the whole POST handler, so pages that write their own
    ``post`` are covered too."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        key = submitted_key(request)
        if key is None:
            logger.info("form POST without a submission key: %s", request.path)
            return super().dispatch(request, *args, **kwargs)
        fingerprint = form_fingerprint(request)
        claim: IdempotencyKey | None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    # Taken first: a second POST with this key waits here until the first
                    # one's transaction ends, then finds its record.
                    claim = IdempotencyKey.objects.create(
                        user=request.user,
                        key=PREFIX + key,
                        method="POST",
                        path=request.path[:500],
                        fingerprint=fingerprint,
                        status_code=0,
                    )
            except IntegrityError:
                first = IdempotencyKey.objects.get(user=request.user, key=PREFIX + key)
                changed = first.fingerprint not in ("", fingerprint)  # "": saved before digests
                if not (changed and request.POST.get(VERSION_FIELD)):
                    return replay(request, first, changed=changed)
                claim = None  # an edit sent again with other input: the version check decides
            response = super().dispatch(request, *args, **kwargs)
            if claim is None:
                return response
            location = saved_location(response, request)
            if location is None:
                claim.delete()  # nothing saved: the key is free again
                return response
            claim.status_code = response.status_code
            claim.headers = {"Location": location}
            claim.save(update_fields=["status_code", "headers"])
        return response
