"""Security the settings alone do not give: a Content Security Policy on every response
(Django 5.2 has none built in) and sessions that end after inactivity and after a working
day whatever the activity; and answers a form sent by script can read when the session
has ended under it (FormSubmitMiddleware)."""

import ipaddress
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import resolve_url

CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def client_ip(request) -> str | None:
    """The address of the computer a request came from (sign-in throttling, the log of ID
    reveals). Behind nginx every request comes from 127.0.0.1: when the direct peer is one
    of TRUSTED_PROXIES, the address it was forwarded for (X-Forwarded-For, read from the
    right, skipping our own proxies) is taken instead; a header sent by anyone else is
    ignored, so a client cannot choose its address."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXIES
    if not trusted or remote not in trusted:
        return remote
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    for address in reversed(forwarded):
        if address not in trusted:
            return address if _is_ip(address) else remote  # nginx writes addresses only
    return remote


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def policy_text(directives: dict) -> str:
    """{"default-src": ["'self'"], ...} → "default-src 'self'; ..." (empty lists left out)."""
    return "; ".join(
        " ".join([name, *sources]) for name, sources in directives.items() if sources is not None
    )


def policy_for(request, response) -> str:
    """The policy of a response: PDFs get one that browsers' built-in PDF viewers accept;
    a page under a path of CONTENT_SECURITY_POLICY_PATHS or named in
    CONTENT_SECURITY_POLICY_VIEWS gets the main policy with those directives replaced;
    everything else the main policy."""
    if response.get("Content-Type", "").split(";")[0].strip() == "application/pdf":
        return policy_text(settings.CONTENT_SECURITY_POLICY_PDF)
    directives = dict(settings.CONTENT_SECURITY_POLICY)
    for prefix, changes in settings.CONTENT_SECURITY_POLICY_PATHS.items():
        if request.path.startswith(prefix):
            directives.update(changes)
    match = getattr(request, "resolver_match", None)
    if match is not None:
        directives.update(settings.CONTENT_SECURITY_POLICY_VIEWS.get(match.view_name, {}))
    return policy_text(directives)


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (settings.CONTENT_SECURITY_POLICY) to every
    response that does not carry one already. With CSP_REPORT_ONLY the browser only
    reports what the policy would block (Content-Security-Policy-Report-Only), for trying
    out a stricter policy without breaking pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = CSP_REPORT_ONLY_HEADER if settings.CSP_REPORT_ONLY else CSP_HEADER
        if CSP_HEADER not in response and CSP_REPORT_ONLY_HEADER not in response:
            response[header] = policy_for(request, response)
        return response


# Keys in the session: when the user signed in, and when the last request came.
SESSION_STARTED = "_session_started"
SESSION_SEEN = "_session_seen"
# Activity is written to the session at most once a minute, not on every request.
SEEN_RESOLUTION = 60
TIMED_OUT = "由于长时间未操作或已超过一个工作日，您已自动退出，请重新登录。"


def session_started(sender, request, user, **kwargs):
    """On signing in (user_logged_in, connected in core.apps): the session's clock starts,
    without a session write on the first request after."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    """Signs the user out after SESSION_IDLE_TIMEOUT seconds without a request (0: never)
    and SESSION_COOKIE_AGE seconds after the session began, however active. The next
    page then asks to sign in again (the API answers 401/403).

    Sits after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_STARTED)
        if started is None:  # a session begun before this rule
            session[SESSION_STARTED] = session[SESSION_SEEN] = now
            return
        seen = session.get(SESSION_SEEN, started)
        idle = settings.SESSION_IDLE_TIMEOUT
        if (idle and now - seen > idle) or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, TIMED_OUT, fail_silently=True)
            return
        if now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN] = now


# A form sent by static/js/drafts.js (fetch) rather than by the browser: it says so with
# this header and is answered in JSON where the browser would have followed a redirect.
FORM_SUBMIT_HEADER = "X-Form-Submit"
FORM_OUTCOME_HEADER = "X-Form-Outcome"
SIGN_IN_AGAIN = (
    "登录已失效（长时间未操作或已在别处退出），请重新登录；填写的内容没有丢失，登录后将自动提交。"
)


class FormSubmitMiddleware:
    """Answers a form POST sent by script (header X-Form-Submit) so that the script can
    tell what happened without following redirects blindly:

    - a redirect to the sign-in page (the session has expired: SessionTimeoutMiddleware,
      or the cookie is gone) → 401 {"signin": login URL, "message": ...};
    - a refused CSRF token (the token changed when the user signed in again, in another
      tab) → 403 {"csrf": true, "signin": login URL or null};
    - any other redirect (the record is saved, or was already: core.submissions) →
      200 {"location": URL};
    - anything else (a form shown again with errors, 429 of a locked-out sign-in) as is.

    The outcome is also in the X-Form-Outcome header (signin, csrf, redirect). Without
    the header nothing changes: forms sent by the browser itself work as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or not request.headers.get(FORM_SUBMIT_HEADER):
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if response.status_code == 403 and not getattr(request, "csrf_processing_done", False):
            return self.answer(
                {"csrf": True, "signin": None if signed_in else login_url}, 403, "csrf"
            )
        if response.status_code in (301, 302, 303, 307, 308) and response.has_header("Location"):
            location = response["Location"]
            if not signed_in and urlsplit(location).path == login_url:
                # The sign-in form in place says it: the timeout's own message
                # (SessionTimeoutMiddleware) would otherwise greet the saved record.
                for _message in messages.get_messages(request):
                    pass
                return self.answer({"signin": login_url, "message": SIGN_IN_AGAIN}, 401, "signin")
            answer = self.answer({"location": location}, 200, "redirect")
            for cookie in response.cookies.values():  # a new session, CSRF token after sign-in
                answer.cookies[cookie.key] = cookie
            return answer
        return response

    @staticmethod
    def answer(data, status, outcome):
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
        response[FORM_OUTCOME_HEADER] = outcome
        response["Cache-Control"] = "no-store"
        return response
