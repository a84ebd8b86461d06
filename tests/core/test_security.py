"""Security headers, the Content Security Policy, session limits and sign-in throttling."""

import base64
import hashlib
import html
import json
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.urls import reverse

from core.middleware import SESSION_SEEN, SESSION_STARTED, TIMED_OUT
from tests.core.test_settings_and_login import run_manage
from tests.factories import EstablishmentFactory, PractitionerFactory, UserFactory
from tests.penalties.factories import file_case

pytestmark = pytest.mark.django_db

# A <script> element with no src attribute: inline code.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*("[^"]*"|'[^']*')""", re.I)
# <script type="application/json"> (json_script) holds data, which browsers never run.
DATA_TYPES = re.compile(r"""\btype=["']?application/(ld\+)?json""", re.I)


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def blocked_inline_code(page: str, policy: dict) -> list[str]:
    """Inline scripts and event handlers on the page that ``policy`` would not run."""
    allowed = set(policy["script-src"])
    blocked = [
        code[:60]
        for attributes, code in INLINE_SCRIPT.findall(page)
        if not DATA_TYPES.search(attributes) and sha256(code) not in allowed
    ]
    if "'unsafe-hashes'" not in allowed:
        allowed = set()
    blocked += [
        handler
        for handler in (html.unescape(h[1:-1]) for h in EVENT_HANDLER.findall(page))
        if sha256(handler) not in allowed
    ]
    return blocked


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    # Scripts and styles only from our own files: nothing inline runs or applies.
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


# ---------------------------------------------------------------- headers


def test_a_page_carries_the_security_headers_and_the_policy(client_as, inspector):
    response = client_as(inspector).get(reverse("premises:establishment_list"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_answer_carries_them_too(client_as, inspector):
    response = client_as(inspector).get(reverse("establishment-list"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert_security_headers(response)


def test_so_do_the_sign_in_page_refusals_and_errors(client, client_as, outsider):
    assert_security_headers(client.get(reverse("login")))
    assert_security_headers(client.get(reverse("premises:establishment_list")))  # → login
    assert_security_headers(client_as(outsider).get(reverse("premises:establishment_list")))
    assert_security_headers(client.get("/no-such-page/"))


def test_hsts_with_subdomains_over_https_in_production(client_as, inspector, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client_as(inspector).get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client_as(inspector).get(reverse("home"))


def test_production_settings_secure_cookies_hsts_and_headers():
    """What supervision.settings_production sets, read from a fresh process."""
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "SESSION_COOKIE_AGE",
        "SESSION_IDLE_TIMEOUT",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "MIDDLEWARE",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        env_extra={
            "DJANGO_SETTINGS_MODULE": "supervision.settings_production",
            "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-" + "z" * 20,
            "ALLOWED_HOSTS": "weijian.county.example",
            "SESSION_IDLE_TIMEOUT": "900",
        },
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert values["SESSION_IDLE_TIMEOUT"] == 900  # from the environment
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert "core.middleware.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]
    assert "core.middleware.SessionTimeoutMiddleware" in values["MIDDLEWARE"]


# ---------------------------------------------------------------- the policy and the pages


def persona_clerk():
    from tests.conftest import make_persona

    return make_persona("clerk")


def _key_pages(manager, inspector):
    unit = EstablishmentFactory(name="悦来理发店")
    PractitionerFactory(establishment=unit)
    return [
        (manager, reverse("home")),  # the dashboard, with its SVG charts
        (inspector, reverse("home")),
        (inspector, reverse("premises:establishment_list")),
        (inspector, reverse("premises:practitioner_list")),
        (inspector, unit.get_absolute_url()),
        (manager, reverse("reports:summary")),
        (manager, reverse("reports:summary") + "?period=year&year=2024&domain=public_places"),
        (persona_clerk(), reverse("premises:establishment_add")),
    ]


def test_key_pages_have_no_inline_script_at_all(client_as, manager, inspector):
    for user, url in _key_pages(manager, inspector):
        response = client_as(user).get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        inline = [code for attributes, code in INLINE_SCRIPT.findall(page)]
        assert inline == [], f"{url}: inline <script> {inline[0][:80]!r}"
        assert EVENT_HANDLER.findall(page) == [], f"{url}: inline event handler"
        # Widgets write attributes too (not in the templates): style="" would be refused.
        assert STYLE_ATTRIBUTE.findall(page) == [], f"{url}: style attribute"
        assert not blocked_inline_code(page, csp(response)), url


def test_a_script_the_policy_does_not_know_is_blocked(client_as, persona):
    """The case-review form's behaviour comes from static/js/forms.js; an inline script
    on the page would not run."""
    from penalties.choices import CaseStatus
    from tests.penalties.factories import case_at

    case = case_at(CaseStatus.CLOSED)
    response = client_as(persona("manager")).get(reverse("penalties:case_review", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-click="load-checklist"' in page and "js/forms.js" in page
    assert blocked_inline_code(page, csp(response)) == []
    assert blocked_inline_code(page + "<script>alert(1)</script>", csp(response)) == ["alert(1)"]


def test_the_admin_allows_its_inline_styles_only(client_as, persona):
    response = client_as(persona("administrator")).get(reverse("admin:index"))
    policy = csp(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]


def _template_files():
    folders = []
    for engine in engines.all():
        folders += [Path(d) for d in engine.template_dirs]
    project = Path(settings.BASE_DIR)
    return sorted(
        path
        for folder in folders
        if folder.is_relative_to(project) and ".venv" not in folder.parts
        for path in folder.rglob("*.html")
    )


STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_no_template_of_ours_has_inline_script_handler_or_style():
    """A new inline script, on...="" handler or style="" in a page template fails here:
    behaviours go to static/js/forms.js (data attributes), looks to static/css/app.css.
    Printable documents (templates/documents/, rendered by WeasyPrint) are not pages."""
    found = []
    for path in _template_files():
        if "documents" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for attributes, code in INLINE_SCRIPT.findall(text):
            if not DATA_TYPES.search(attributes):
                found.append(f"{path}: <script> {code.strip()[:60]!r}")
        found += [f"{path}: handler {h}" for h in EVENT_HANDLER.findall(text)]
        found += [f"{path}: style attribute" for _ in STYLE_ATTRIBUTE.findall(text)]
        found += [f"{path}: <style>" for _ in STYLE_ELEMENT.findall(text)]
    assert not found, "\n".join(found)


def test_the_api_docs_page_has_its_own_policy_and_works(client_as, inspector):
    """Swagger UI starts from an inline script written per request: the docs page alone
    may run inline scripts; its files are ours (vendored, drf-spectacular-sidecar)."""
    response = client_as(inspector).get(reverse("api_docs"))
    assert response.status_code == 200
    page = response.content.decode()
    policy = csp(response)
    # No hash in the list: a hash would make browsers ignore 'unsafe-inline'.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "SwaggerUIBundle" in page
    for url in sources:  # vendored: found among our static files, nothing from elsewhere
        assert finders.find(url.removeprefix("/" + settings.STATIC_URL.lstrip("/"))), url
    schema = client_as(inspector).get(reverse("api_schema"))
    assert schema.status_code == 200
    assert csp(schema)["script-src"][0] == "'self'"  # the schema: the main policy


def test_a_pdf_gets_a_policy_that_pdf_viewers_accept(client_as, inspector):
    case = file_case()
    response = client_as(inspector).get(reverse("penalties:case_filing_pdf", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    policy = csp(response)
    assert policy == {
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    assert response["X-Frame-Options"] == "DENY"


def test_report_only_mode_sends_the_policy_as_report_only(client_as, inspector, settings):
    settings.CSP_REPORT_ONLY = True
    response = client_as(inspector).get(reverse("home"))
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


# ---------------------------------------------------------------- sessions


def sign_in(client, username="clerk9", password="right-password-9"):
    UserFactory(username=username, password=password, role="clerk")
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return response


def set_session(client, **values):
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_session_settings_in_effect():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_ends_with_the_browser_and_is_http_only(client):
    response = sign_in(client)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    started = client.session[SESSION_STARTED]
    assert abs(started - time.time()) < 5 and client.session[SESSION_SEEN] == started


def test_idle_for_longer_than_the_timeout_signs_out(client):
    sign_in(client)
    assert client.get(reverse("home")).status_code == 200
    set_session(client, **{SESSION_SEEN: int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5})
    response = client.get(reverse("premises:establishment_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.get(response["Location"])
    assert TIMED_OUT in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # signed out for good
    assert client.get(reverse("establishment-list")).status_code in (401, 403)


def test_activity_keeps_the_session_and_is_written_at_most_once_a_minute(client):
    sign_in(client)
    now = int(time.time())
    set_session(client, **{SESSION_SEEN: now - settings.SESSION_IDLE_TIMEOUT + 60})
    assert client.get(reverse("home")).status_code == 200
    assert abs(client.session[SESSION_SEEN] - now) < 5  # the idle clock starts again
    set_session(client, **{SESSION_SEEN: now - 10})
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_SEEN] == now - 10  # not rewritten within the minute


def test_a_working_day_after_signing_in_the_session_ends_however_active(client):
    sign_in(client)
    now = int(time.time())
    set_session(
        client, **{SESSION_STARTED: now - settings.SESSION_COOKIE_AGE - 5, SESSION_SEEN: now}
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_no_idle_limit_when_set_to_zero(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    sign_in(client)
    set_session(client, **{SESSION_SEEN: int(time.time()) - 6 * 60 * 60})
    assert client.get(reverse("home")).status_code == 200


def test_an_api_token_does_not_go_through_the_session_clock(client, clerk):
    from core.tokens import token_issue

    _, token = token_issue(user=clerk)
    response = client.get(reverse("establishment-list"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


# ---------------------------------------------------------------- sign-in throttling


def test_a_lock_out_is_for_the_user_name_from_that_address_only(client):
    UserFactory(username="clerk7", password="right-password-7", role="clerk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clerk7", "password": "wrong"})
    right = {"username": "clerk7", "password": "right-password-7"}
    assert client.post(reverse("login"), right).status_code == 429
    elsewhere = client.post(reverse("login"), right, REMOTE_ADDR="10.0.0.8")
    assert elsewhere.status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client):
    from knox.models import AuthToken

    UserFactory(username="clerk8", password="right-password-8", role="clerk")
    url = reverse("api_token")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "clerk8", "password": "wrong"}).status_code == 400
    # The failure that reaches the limit locks the name out, as on the sign-in page.
    assert client.post(url, {"username": "clerk8", "password": "wrong"}).status_code == 429
    response = client.post(url, {"username": "clerk8", "password": "right-password-8"})
    assert response.status_code == 429
    assert "token" not in response.json()
    assert not AuthToken.objects.filter(user__username="clerk8").exists()


def test_behind_the_proxy_each_computer_is_locked_out_alone(client, settings):
    """nginx forwards every request from 127.0.0.1: with it trusted, the lock-out is for
    the computer the proxy names (X-Forwarded-For), not for everyone at once."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    UserFactory(username="clerk9", password="right-password-9", role="clerk")
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "clerk9", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="10.1.1.5",
            **via_proxy,
        )
    right = {"username": "clerk9", "password": "right-password-9"}
    locked = client.post(reverse("login"), right, HTTP_X_FORWARDED_FOR="10.1.1.5", **via_proxy)
    assert locked.status_code == 429
    other = client.post(reverse("login"), right, HTTP_X_FORWARDED_FOR="10.1.1.6", **via_proxy)
    assert other.status_code == 302


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(rf, settings):
    from core.middleware import client_ip

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    spoofed = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="10.1.1.5")
    assert client_ip(spoofed) == "10.9.9.9"
    chain = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.1.5")
    assert client_ip(chain) == "10.1.1.5"  # the rightmost address not one of our proxies
    settings.TRUSTED_PROXIES = []
    assert client_ip(chain) == "127.0.0.1"


def test_a_form_opened_before_signing_in_again_says_so_in_chinese(client, clerk):
    """A form kept open across a sign-out and a sign-in in another tab carries an old CSRF
    token: the refusal is the site's own page, in Chinese, saying nothing was saved (it was
    Django's bare page, its style blocked by the CSP; found by the tired user's walk)."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    response = browser.post(reverse("licensing:permit_register"), {"csrfmiddlewaretoken": "old"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "本次提交没有保存" in page and "<style" not in page
    assert not blocked_inline_code(page, csp(response))
