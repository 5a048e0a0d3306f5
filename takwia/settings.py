"""Takwia settings: one module, every value read through django-environ.

The defaults give a self-contained development setup (SQLite file, Celery tasks
run in-process, e-mails printed on the console). Setting DATABASE_URL switches to
PostgreSQL, CELERY_BROKER_URL to real Celery workers. With DJANGO_DEBUG=false the
module refuses to start without a secret key and allowed hosts, and turns on the
HTTPS protections that ``manage.py check --deploy`` expects.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from takwia.periodic import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def env_bool(name: str, *, default: bool) -> bool:
    """A boolean read strictly: a typo must stop start-up, not silently mean True."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


DEBUG = env_bool("DJANGO_DEBUG", default=True)
# Django's technical error pages (every URL, the settings) for a developer who asks;
# otherwise the site's own pages, as in production (takwia/errors.py).
TAKWIA_TECHNICAL_ERRORS = DEBUG and env_bool("TAKWIA_TECHNICAL_ERRORS", default=False)
CSRF_FAILURE_VIEW = "takwia.errors.csrf_failure"

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="dev-only-insecure-key-4b1d7f0e2c9a8b6d5e3f1a0c9b8d7e6f5a4b3c2d1e0f",
    )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # No default: a production server without its secret must not start.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "simple_history",
    "django_filters",
    # Before rest_framework: its catalog keeps Django's wording for the form messages
    # DRF translates too (takwia/api/locale).
    "takwia.api",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files, served from our own static files (no CDN).
    "drf_spectacular_sidecar",
    "csp",
    "takwia",
    "associations",
    "diagnostics",
    "volunteers",
    "partnerships",
    "takwia.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The site's error pages in place of Django's technical ones (takwia/errors.py).
    "takwia.errors.ErrorPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL in a query value reached PostgreSQL and answered 500: refused here with 400.
    "takwia.middleware.QueryStringGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything needs a login except the views marked @login_not_required
    # (login, password reset, language switch, health check).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns lockouts into the French lockout page.
    "axes.middleware.AxesMiddleware",
    # Records the user behind each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Without a broker, runs the periodic tasks that are due after a request.
    "takwia.periodic.PeriodicTasksMiddleware",
]

ROOT_URLCONF = "takwia.urls"
WSGI_APPLICATION = "takwia.wsgi.application"
ASGI_APPLICATION = "takwia.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "takwia.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: opening one per request halved the pages' throughput (bench/).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction pooling (docs/deploy.md): a server-side cursor
# (QuerySet.iterator()) cannot outlive the transaction that PgBouncer lends.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Two requests writing at once: with IMMEDIATE transactions the second waits for
    # the lock (up to the timeout) instead of failing with "database is locked" when
    # its read turns into a write; WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests with threads (simultaneous POSTs to a live server) need a real file: the
    # in-memory test database is one shared cache where a second writer fails at once.
    # One file per test process, so that two runs side by side do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "takwia.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any other check.
    "axes.backends.AxesStandaloneBackend",
    # Django's backend plus the permissions each role grants (takwia/roles.py).
    "takwia.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "takwia.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True
# Dates as people in Morocco write them (dd/mm/yyyy), in both languages.
FORMAT_MODULE_PATH = ["takwia.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
if DEBUG:
    # whitenoise warns on every start when the collected-static folder is missing.
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Generated and uploaded files. Default: the local folder MEDIA_ROOT (one machine, or a
# folder every node mounts: TAKWIA_SHARED_MEDIA=true). With several nodes, S3-compatible
# object storage through django-storages:
#   TAKWIA_STORAGE_URL=s3://BUCKET/PREFIX?endpoint_url=https://...&region_name=...
# credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3 itself).
TAKWIA_STORAGE_URL = env.str("TAKWIA_STORAGE_URL", default="")
# How many machines run the web or the workers (takwia/checks.py refuses node-local
# caches and files in production when there are several).
TAKWIA_NODES = env.int("TAKWIA_NODES", default=1)
TAKWIA_SHARED_MEDIA = env_bool("TAKWIA_SHARED_MEDIA", default=False)


def storage_from_url(url: str) -> dict:
    """STORAGES["default"] for TAKWIA_STORAGE_URL ("" -> the local folder)."""
    from urllib.parse import parse_qsl, urlsplit

    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            f"TAKWIA_STORAGE_URL must read s3://BUCKET[/PREFIX][?options], not {url!r}"
        )
    allowed = {"endpoint_url", "region_name", "addressing_style", "signature_version"}
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - allowed
    if unknown:
        raise ImproperlyConfigured(f"TAKWIA_STORAGE_URL: unknown options {sorted(unknown)}")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            **options,
        },
    }


STORAGES = {
    "default": storage_from_url(TAKWIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The REST API (/api/v1/, takwia/api/): tokens for scripts and Power BI, the session
# (with CSRF) for the browser; permissions from ROLE_PERMISSIONS (takwia/api/permissions.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: an unauthenticated request is then a 401 with a "Token" challenge.
        "takwia.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["takwia.api.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "takwia.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # A Power BI refresh pages through 250,000 associations 500 at a time: 500 pages.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="30/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "takwia.api.exceptions.french_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Takwia",
    "DESCRIPTION": (
        "Registre, diagnostics, résultats, plans, volontariat et partenariats, dans le "
        "périmètre et avec les droits de l'utilisateur du jeton."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AssociationStatusEnum": "associations.models.Association.Status",
        "ActionStatusEnum": "diagnostics.models.Action.Status",
        "ActionKindEnum": "diagnostics.models.Action.Kind",
        "AgreementStatusEnum": "partnerships.models.Agreement.Status",
        "AgreementKindEnum": "partnerships.models.Agreement.Kind",
        "PlacementStatusEnum": "volunteers.models.Placement.Status",
        "PlanStatusEnum": "diagnostics.models.Plan.Status",
        "CampaignStatusEnum": "diagnostics.models.Campaign.Status",
        "VolunteerStatusEnum": "volunteers.models.Volunteer.Status",
        "DiagnosticStatusEnum": "diagnostics.models.Diagnostic.Status",
        "ProvinceKindEnum": "associations.models.Province.Kind",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Takwia <no-reply@takwia.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker URL every task runs in-process, at once, and its
# errors propagate; with one (Redis), tasks go to real workers.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_KB", default=400_000)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "takwia"
# Reports (WeasyPrint) on their own queue: `make worker-reports` consumes it one task per
# process (prefetch 1, acks late), so a long report never delays e-mails or imports.
CELERY_REPORTS_QUEUE = "reports"
CELERY_TASK_ROUTES = {"takwia.tasks.render_report": {"queue": CELERY_REPORTS_QUEUE}}
CELERY_TIMEZONE = TIME_ZONE
# One schedule for both setups (takwia/periodic.py): with a broker, beat sends the
# tasks (`make serve` starts it beside the worker); without one, the web process runs
# those due after answering a request (PeriodicTasksMiddleware).
CELERY_BEAT_SCHEDULE = beat_schedule()
TAKWIA_PERIODIC_IN_PROCESS = env_bool("TAKWIA_PERIODIC_IN_PROCESS", default=not CELERY_BROKER_URL)

# Content-Security-Policy (django-csp): scripts, styles, images, fonts and requests from
# the app itself only; no inline script, no inline style (style attributes included:
# widths are set by the static scripts or drawn in SVG). data: images are Bootstrap's
# own icons (select arrows, check marks), written as data URIs in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: everything `manage.py check --deploy` asks for.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# Browser and service tests: when true, a test whose service (PostgreSQL, Redis,
# Chromium) is missing fails instead of being skipped. CI sets it.
TAKWIA_REQUIRE_SERVICES = env_bool("TAKWIA_REQUIRE_SERVICES", default=False)
