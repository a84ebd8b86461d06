"""Production settings: ``DJANGO_SETTINGS_MODULE=supervision.settings_production``.

Requires SECRET_KEY and ALLOWED_HOSTS from the environment; ``manage.py check --deploy``
is clean with these. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER_ENABLED=1.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) this office serves.")
# The QR code on printed permits points here; by default the first host, over HTTPS.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
if not PUBLIC_URL:
    if ALLOWED_HOSTS[0].startswith((".", "*")):
        raise ImproperlyConfigured("PUBLIC_URL must name the address printed in permit QR codes.")
    PUBLIC_URL = f"https://{ALLOWED_HOSTS[0]}"

# Cookies only over HTTPS; the session cookie never readable by scripts.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Also set for every environment in settings.py (with the Content-Security-Policy and
# the session limits, SESSION_COOKIE_AGE and SESSION_IDLE_TIMEOUT); repeated here so this
# file reads as the whole list of what production relies on.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
