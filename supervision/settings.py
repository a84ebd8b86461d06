"""Settings for Weijian.

Everything that differs between machines comes from the environment:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, OFFICE_NAME. The defaults are safe for
local use (SQLite file beside the code, DEBUG on, localhost only). Production uses
``supervision.settings_production`` which refuses to start without a real SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "core.admin_site.OfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring (core/tokens.py)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "premises",
    "inspections",
    "licensing",
    "penalties",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (Django 5.2 has none built in).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after SESSION_IDLE_TIMEOUT without a request or SESSION_COOKIE_AGE in all.
    "core.middleware.SessionTimeoutMiddleware",
    # A form sent by static/js/drafts.js learns in JSON that the session has ended (401).
    "core.middleware.FormSubmitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The API's Idempotency-Key: a state-changing request sent twice is done once.
    "core.idempotency.IdempotencyMiddleware",
    # A document that cannot be rendered, the database out of reach: a clear 503 page.
    "core.errors.FailureMiddleware",
    # Axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "supervision.urls"
WSGI_APPLICATION = "supervision.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.office",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Wait for a concurrent writer instead of failing at once ("database is locked").
            "timeout": 20,
            # Write-ahead log: pages keep reading while a long import or a background job
            # writes (one writer at a time still); synchronous=NORMAL is safe with WAL.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            # A transaction that will write takes the write lock when it begins, so two
            # never deadlock on upgrading a read lock (they wait their turn instead).
            "transaction_mode": "IMMEDIATE",
        }
    )
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT spends over a second compiling the summary's queries and saves
    # nothing on queries of this size (bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Summaries of a year, a half or a quarter read kept counts (reports/counting/rollup.py); off (e.g.
# against a read-only replica) they are counted from the records every time.
REPORTS_ROLLUP = os.environ.get("REPORTS_ROLLUP", "1") not in ("0", "false", "False", "")
# The dashboard and the home page's panel count "this year so far" from the records (not a
# kept period): the count is reused from the shared cache for this many seconds (0: every
# time).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "120"))
# The cache the web processes share: the dashboard's figures and the public pages' rate
# limit. "database" (the default): a table of the database (core migration 0017), so N
# gunicorn workers count the dashboard once and limit an address once; "memory": one cache
# per process (each worker counts for itself).
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "database")
if CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "weijian_cache",
        }
    }
elif CACHE_BACKEND == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_BACKEND must be 'database' or 'memory'.")
# PostgreSQL memory for the hashes of one report query (SET LOCAL, reports only).
REPORTS_WORK_MEM = os.environ.get("REPORTS_WORK_MEM", "64MB")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- background jobs
# Long work (large imports, summaries over many units, batches of PDFs) runs as a job
# (core.jobs). "embedded": threads in the web process, nothing else to start; "database":
# django-tasks-db keeps the queue in the database and `manage.py db_worker` runs it.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "embedded")
if TASKS_BACKEND not in ("embedded", "database"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'embedded' or 'database'.")
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        if TASKS_BACKEND == "database"
        else {
            "BACKEND": "core.task_backends.ThreadBackend",
            "OPTIONS": {"MAX_WORKERS": int(os.environ.get("TASKS_THREADS", "2"))},
        }
    )
}
# Each process marks the jobs it holds (running, or waiting in its embedded pool) as alive
# this often; one silent for JOB_STALE_SECONDS is taken as cut off (a restart).
JOB_HEARTBEAT_SECONDS = int(os.environ.get("JOB_HEARTBEAT_SECONDS", "30"))
# A running job writes its progress at most this often (seconds), besides each new step.
JOB_PROGRESS_INTERVAL = float(os.environ.get("JOB_PROGRESS_INTERVAL", "0.5"))
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", str(5 * 60)))
# Finished jobs and their files are deleted after this many days (manage.py prune_jobs).
JOB_KEEP_DAYS = int(os.environ.get("JOB_KEEP_DAYS", "30"))
# Imports of more data rows than this run as a job; smaller ones at once.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
# Saved summaries are made as a job when the registry holds more units than this.
SUMMARY_BACKGROUND_UNITS = int(os.environ.get("SUMMARY_BACKGROUND_UNITS", "20000"))
# A batch of PDFs holds at most this many documents.
PDF_BATCH_MAX = int(os.environ.get("PDF_BATCH_MAX", "500"))
# Most pages merged into one PDF (合并打印): WeasyPrint holds every page while it writes,
# about 1 MB and 0.16 s per permit page (250 permits: 40 s, +260 MB).
PDF_COMBINED_MAX = int(os.environ.get("PDF_COMBINED_MAX", "200"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded spreadsheets: a 10,000-row ledger is about 1 MB; allow generous headroom.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# Checked in the .xlsx before it is read (core/import_limits.py): what its parts unpack to
# (the 10,000-unit bench workbook: 5 MB; 50,000 rows: 27 MB), its data rows, its distinct
# strings; an import refused lists its first IMPORT_MAX_ERRORS problems and counts them all.
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS", "600000"))
IMPORT_MAX_ERRORS = int(os.environ.get("IMPORT_MAX_ERRORS", "1000"))
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(10 * 1024 * 1024)))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(50 * 1024 * 1024)))
# Photos and image evidence: refused above this many pixels, from the header, before decoding.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))

# The office's full name as printed on every document, county included (行政执法文书 name
# the organ in full). Under 委托 it is the 委托机关's name (DOCUMENTS.md §0). The default
# is seed 000's county; every office sets its own.
OFFICE_NAME = os.environ.get("OFFICE_NAME", "万载县卫生健康综合监督执法局")
# Where a licensing decision can be challenged, printed on 不予受理 / 不予许可 / 撤销 /
# 注销 decisions: the 行政复议机关 (since the 2023 行政复议法, the county people's
# government for a county department) and the 人民法院 of first instance.
REVIEW_ORGAN = os.environ.get("REVIEW_ORGAN", "万载县人民政府")
COURT_NAME = os.environ.get("COURT_NAME", "万载县人民法院")
# The address the public reaches this server at (scheme and host, no trailing slash): the
# QR code on a permit points at PUBLIC_URL + the verification page. Production defaults to
# https://<first ALLOWED_HOSTS entry>.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The public verification page: at most this many look-ups per address per minute.
PERMIT_VERIFY_PER_MINUTE = int(os.environ.get("PERMIT_VERIFY_PER_MINUTE", "20"))
# Where fines are paid, printed on penalty decisions (e.g. "中国农业银行某县支行").
PENALTY_PAYMENT_BANK = os.environ.get("PENALTY_PAYMENT_BANK", "")
# Reporting upward: units, inspections and cases whose event is before this day (YYYY-MM-DD)
# are not listed as due or late — set it to the day the office starts recording its cards.
REPORTING_SINCE = os.environ.get("REPORTING_SINCE", "")

# Login throttling (django-axes): five failures for one user name from one address lock
# that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client's address behind a reverse proxy (core.middleware.client_ip): the proxies'
# own addresses, comma-separated (nginx on the same server: 127.0.0.1). Empty: the
# direct peer is the client.
TRUSTED_PROXIES = [a.strip() for a in os.environ.get("TRUSTED_PROXIES", "").split(",") if a.strip()]
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"

# ---------------------------------------------------------------- security headers
# On every response; the production settings add HSTS and HTTPS-only cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by scripts: the API docs (Swagger UI) send it back in a
# header when trying requests with the session. The session cookie is what matters.
CSRF_COOKIE_HTTPONLY = False

# Sessions end SESSION_IDLE_TIMEOUT seconds after the last request (0: no idle limit),
# SESSION_COOKIE_AGE seconds after signing in however active (core.middleware), and when
# the browser is closed (the cookie is a browser-session cookie).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Content-Security-Policy (core.middleware.ContentSecurityPolicyMiddleware). Scripts and
# styles come from our own static files only: no inline script, event handler or style=""
# attribute in our templates (behaviours are data attributes read by static/js/forms.js;
# tests/core/test_security.py fails on any inline code). Charts are inline SVG.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # The field page's service worker and web app manifest (inspections.views.field).
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Pages (by URL name) whose directives differ: drf-spectacular's Swagger UI starts from an
# inline script written per request.
CONTENT_SECURITY_POLICY_VIEWS = {
    "api_docs": {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    },
}
# Pages under a path whose directives differ: Django's admin and django-simple-history's
# pages in it write style="" attributes.
CONTENT_SECURITY_POLICY_PATHS = {
    "/admin/": {"style-src": ["'self'", "'unsafe-inline'"]},
}
# PDFs: only what browsers' built-in PDF viewers accept (a viewer page is subject to the
# PDF's policy and needs inline styles and its plugin).
CONTENT_SECURITY_POLICY_PDF = {
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}
# 1: the browser only reports what the policy would block (Report-Only header).
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# What a record may hold (core.input_rules): dates from RECORD_DATE_MIN to
# RECORD_DATE_YEARS_AHEAD years after today; free text up to TEXT_MAX_CHARS characters.
RECORD_DATE_MIN = os.environ.get("RECORD_DATE_MIN", "1949-01-01")
RECORD_DATE_YEARS_AHEAD = int(os.environ.get("RECORD_DATE_YEARS_AHEAD", "10"))
TEXT_MAX_CHARS = int(os.environ.get("TEXT_MAX_CHARS", "20000"))

# An API request repeated with the same Idempotency-Key within this many hours gets the
# first answer again and writes nothing (core.idempotency).
IDEMPOTENCY_KEY_HOURS = int(os.environ.get("IDEMPOTENCY_KEY_HOURS", "24"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request then gets 401 with a WWW-Authenticate header.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with a bound on nesting (core.api.JSONParser), forms and uploads.
    "DEFAULT_PARSER_CLASSES": [
        "core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

# API tokens (django-rest-knox, core/tokens.py): stored as a digest, shown once, valid this
# many days; revoked when the user's password changes or the user is deactivated.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
if API_TOKEN_TTL_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be 1 or more: tokens always expire.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # "Authorization: Token <token>", as before
    "AUTO_REFRESH": False,  # a token ends on its date, however much it is used
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Weijian API",
    "DESCRIPTION": "卫监：县卫生监督所业务系统接口",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "InspectionKindEnum": "inspections.choices.InspectionKind",
        "StatusChangeKindEnum": "premises.choices.StatusChangeKind",
        "HealthResultEnum": "licensing.health.choices.HealthResult",
        "InspectionResultEnum": "inspections.choices.InspectionResult",
        "CaseStatusEnum": "penalties.choices.CaseStatus",
        "CaseSourceEnum": "penalties.choices.CaseSource",
        "PartyKindEnum": "penalties.choices.PartyKind",
        "SeverityEnum": "penalties.choices.Severity",
        "PenaltyKindEnum": "penalties.choices.PenaltyKind",
        "PaymentKindEnum": "penalties.choices.PaymentKind",
        "EvidenceKindEnum": "penalties.choices.EvidenceKind",
        "ServiceMethodEnum": "penalties.choices.ServiceMethod",
        "TimeLimitCodeEnum": "penalties.choices.TimeLimitCode",
        "PermitStateEnum": "licensing.choices.PermitState",
        "IntakeOutcomeEnum": "licensing.choices.IntakeOutcome",
        "CaseOutcomeEnum": "penalties.choices.CaseOutcome",
        "ApprovalKindEnum": "penalties.models.approvals.ApprovalKind",
        "DiscussionKindEnum": "penalties.models.approvals.DiscussionKind",
        "LegalReviewTriggerEnum": "penalties.choices.LegalReviewTrigger",
        "MeasureKindEnum": "penalties.choices.MeasureKind",
        "ComplaintSourceEnum": "inspections.models.complaints.ComplaintSource",
        "ComplaintOutcomeEnum": "inspections.models.complaints.ComplaintOutcome",
        "ReplyMethodEnum": "inspections.models.complaints.ReplyMethod",
        "ReviewResultEnum": "licensing.choices.ReviewResult",
        "PostCheckResultEnum": "licensing.choices.PostCheckResult",
        "DoseResultEnum": "premises.models.radiation.DoseResult",
        "StageStatusEnum": "premises.models.occupational.StageStatus",
        "ProvisionEnum": "premises.models.medical_infection.Provision",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Idempotency-Key on every write; 412 wherever If-Match is accepted.
        "core.api_docs.document_write_headers",
    ],
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
