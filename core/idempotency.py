"""Idempotent API writes: the same request sent twice is done once.

A client that does not know whether its request arrived (a timeout, a lost signal, a retry
by a proxy) sends it again with the same ``Idempotency-Key`` header. Every state-changing
request to the API (POST, PUT, PATCH, DELETE under /api/) honours it:

- the first request with a key runs in one transaction that also records the key, the
  request's fingerprint (method, path, query and body) and the answer given;
- a request with a key already used by the same user within ``IDEMPOTENCY_KEY_HOURS``
  (24) gets that first answer again, with ``Idempotent-Replayed: true``, and writes
  nothing; a key reused for a different request is refused with 422;
- two requests with one key at the same moment: the second waits for the first (the
  key's unique row) and is answered with its result; where it cannot wait (requests that
  share one database connection, as the test server's threads on in-memory SQLite do) it
  finds the first still at work and is told so with 503 and ``Retry-After``, never a
  made-up answer;
- an answer of 5xx is not kept (the key is free again: nothing was done); nor is a
  refusal that a retry may not meet (401, 403 — an expired session, a missing CSRF token —
  409, 412, 429); any other refusal (400, 404, 422) is kept, and nothing it tried to
  write is.

Without the header a request runs as before. Pages refuse replays by their own form
tokens (core.submissions: a one-time key in every form, kept in the same table under a
``page:`` prefix); this is the API's equivalent.
"""

import datetime
import hashlib
import hmac
import json
from typing import cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/"
# Refusals of this moment, not of the request: sent again, it may go through.
TRANSIENT = frozenset({401, 403, 409, 412, 429})
# Headers of the first answer that a replay repeats.
KEPT_HEADERS = ("Location", "ETag", "Content-Disposition", "Content-Language")


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {HEADER: [message]}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= 255 and key.isascii() and key.isprintable()


def api_user(request):
    """The user the API will take the request to be from, or None when it is anonymous or
    its credentials are refused (the view then answers 401/403). Read without side effects:
    the request keeps its user, and the view authenticates it again its own way (with its
    CSRF check for a session)."""
    forced = getattr(request, "_force_auth_user", None)  # DRF's test client (force_authenticate)
    if forced is not None:
        return forced
    if request.headers.get("Authorization"):
        # A token: the API's authenticators other than the session, asked directly (DRF's
        # Request.user would set an anonymous user on the request when one refuses).
        drf_request = Request(request)
        authenticators = cast(
            "list[type[BaseAuthentication]]", api_settings.DEFAULT_AUTHENTICATION_CLASSES
        )  # classes by now (the stubs type the setting as written: dotted paths)
        for authenticator_class in authenticators:
            if issubclass(authenticator_class, SessionAuthentication):
                continue
            try:
                found = authenticator_class().authenticate(drf_request)
            except APIException:
                return None
            if found is not None:
                return found[0] if found[0].is_active else None
        return None
    user = getattr(request, "user", None)  # the session's (AuthenticationMiddleware)
    return user if user is not None and user.is_authenticated else None


def fingerprint(request) -> str:
    """What makes two requests the same: method, path, query and body (for multipart,
    the form's fields and each file's name and content). Keyed with the SECRET_KEY: a
    body holding an ID number cannot be found again by trying numbers against it."""
    digest = hmac.new(
        salted_hmac("core.idempotency", "fingerprint").digest(), digestmod=hashlib.sha256
    )
    digest.update(
        f"{request.method} {request.path}?{request.META.get('QUERY_STRING', '')}".encode()
    )
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        fields = sorted((k, request.POST.getlist(k)) for k in request.POST)
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"\0{name}\0{upload.name}\0{upload.size}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(b"\0" + content_type.split(";")[0].strip().encode() + b"\0")
        digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyKey, request_fingerprint: str) -> HttpResponse:
    if record.fingerprint != request_fingerprint:
        return _refuse(
            f"该 {HEADER} 已于 {timezone.localtime(record.created_at):%Y-%m-%d %H:%M:%S} "
            f"用于另一请求（{record.method} {record.path}，内容不同）；新的请求请使用新的键。",
            422,
        )
    if not record.status_code:  # taken, not yet answered: the first request is at work
        busy = _refuse("同一请求正在处理，请稍后再试（不会重复保存）。", 503)
        busy["Retry-After"] = "1"
        return busy
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type or None
    )
    for name, value in record.headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method not in UNSAFE or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        key = key.strip()
        if not _valid_key(key):
            return _refuse(f"{HEADER} 须为 1–255 个可见的 ASCII 字符（建议使用 UUID）。", 400)
        user = api_user(request)
        if user is None:
            return self.get_response(request)  # the view refuses it (401/403)
        try:
            request_fingerprint = fingerprint(request)
        except Exception:  # noqa: BLE001 - a body that cannot be read: the view refuses it
            return self.get_response(request)
        kept_since = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
        with transaction.atomic():
            IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=kept_since).delete()
            try:
                with transaction.atomic():
                    # Taken first: a second request with this key waits here until the
                    # first one's transaction ends, then finds its answer.
                    record = IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        method=request.method,
                        path=request.path[:500],
                        fingerprint=request_fingerprint,
                        status_code=0,
                    )
            except IntegrityError:
                return _replay(IdempotencyKey.objects.get(user=user, key=key), request_fingerprint)
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 400:
                    transaction.set_rollback(True)  # a refusal writes nothing
            if response.status_code >= 500 or response.status_code in TRANSIENT:
                transaction.set_rollback(True)  # nothing done, nothing kept: retry with the key
                return response
            if response.streaming or "no-store" in response.get("Cache-Control", ""):
                # Done, but not kept to be answered again: a stream cannot be, and an answer
                # no cache may store (a new API token, a full ID number) must not be.
                record.delete()
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "headers", "body"])
        return response


def idempotency_prune(*, now=None) -> int:
    """Forget answers older than IDEMPOTENCY_KEY_HOURS (run daily with prune_jobs)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=since).delete()
    return deleted
