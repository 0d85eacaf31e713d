"""Django settings for Doléances, read from the environment (see DESIGN.md, "Public contract")."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()
DATA_DIR = Path(env.str("DOLEANCES_DATA_DIR", default="var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DOLEANCES_DEBUG", default=False)
SECRET_KEY = env.str("DOLEANCES_SECRET_KEY", default="")
if not SECRET_KEY:
    # No key given: keep a random one in the data folder so sessions survive restarts
    # without a secret ever living in git.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()
# The address customers and staff use: links in mail and in the API, and, when it is https://, the
# production security settings below. `doleances serve` sets it for its processes from --host and
# --port when the environment does not.
DOLEANCES_PUBLIC_URL = env.str("DOLEANCES_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")
_public = urlsplit(DOLEANCES_PUBLIC_URL)
if _public.scheme not in ("http", "https") or not _public.hostname:
    raise ImproperlyConfigured(f"DOLEANCES_PUBLIC_URL must be like https://complaints.example.org, not {DOLEANCES_PUBLIC_URL!r}")
_public_host = f"[{_public.hostname}]" if ":" in _public.hostname else _public.hostname
ALLOWED_HOSTS = env.list(
    "DOLEANCES_ALLOWED_HOSTS",
    default=list(dict.fromkeys([_public_host, "127.0.0.1", "localhost", "[::1]", "testserver"])),
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "rules.apps.AutodiscoverRulesConfig",
    "doleances.core",
    "doleances.complaints",
    "doleances.quality",
    "doleances.analytics",
    "doleances.routing",
    "doleances.intake",
    "doleances.sla",
    "doleances.messaging",
    "doleances.agent",
    "doleances.portal",
    "doleances.api",
    "doleances.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "doleances.private_answers.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "doleances.urls"
WSGI_APPLICATION = "doleances.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite in the data folder unless DATABASE_URL says otherwise ------------
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'doleances.sqlite3'}",
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DOLEANCES_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + synchronous=FULL: an acknowledged complaint survives a power cut (DESIGN.md).
    # IMMEDIATE transactions avoid "database is locked" upgrades under concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work: Huey (SQLite queue by default, Redis when REDIS_URL is set) -------
REDIS_URL = env.str("REDIS_URL", default="")
HUEY_IMMEDIATE = env.bool("DOLEANCES_HUEY_IMMEDIATE", default=False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "doleances",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "doleances",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# --- Cache and rate limits ---------------------------------------------------------------
# Counters of the rate limits live in the cache: Redis (shared by every process and machine)
# when REDIS_URL is set; otherwise each process counts for itself, so the embedded mode lets
# through at most the limit times the number of gunicorn workers.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "doleances"}}
# The public form, per client address ("20/h": twenty complaints an hour from one address).
PUBLIC_FORM_RATE = env.str("DOLEANCES_PUBLIC_FORM_RATE", default="20/h")
# The API, per key.
API_RATE = env.str("DOLEANCES_API_RATE", default="600/m")
# Behind a reverse proxy, the request header carrying the client's address (e.g.
# HTTP_X_REAL_IP); only set it when the proxy always overwrites that header.
if env.str("DOLEANCES_CLIENT_IP_HEADER", default=""):
    RATELIMIT_IP_META_KEY = env.str("DOLEANCES_CLIENT_IP_HEADER")

# --- Email -----------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Default mode: each outgoing message becomes one .eml file in DATA_DIR/mail, listed
    # for staff on the "sent mail" page.
    EMAIL_BACKEND = "doleances.messaging.backends.EmlFileBackend"
MAIL_DIR = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DOLEANCES_FROM_EMAIL", default="Service réclamations <reclamations@doleances.localhost>")
EMAIL_TIMEOUT = 20

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("DOLEANCES_TIME_ZONE", default="Europe/Paris")
USE_TZ = True

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# base.css, portal.css and agent.css live in the package itself, which is not an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "agent:login"
LOGIN_REDIRECT_URL = "agent:complaint_list"
LOGOUT_REDIRECT_URL = "agent:login"

# --- Security --------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production behind a TLS reverse proxy (docs/deployment.md). The proxy talks plain HTTP to
# gunicorn and says in this header (request.META name, e.g. HTTP_X_FORWARDED_PROTO) that the
# browser used https. Set it only when the proxy always overwrites the header.
PROXY_SSL_HEADER = env.str("DOLEANCES_PROXY_SSL_HEADER", default="")
if PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (PROXY_SSL_HEADER, "https")
SERVED_OVER_HTTPS = _public.scheme == "https"
# Browsers send `Origin: https://…`; the proxy may hand Django another Host.
CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SERVED_OVER_HTTPS
# Redirecting needs to know the scheme the browser used: only with the proxy header.
SECURE_SSL_REDIRECT = env.bool("DOLEANCES_SSL_REDIRECT", default=SERVED_OVER_HTTPS and bool(PROXY_SSL_HEADER))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("DOLEANCES_HSTS_SECONDS", default=365 * 24 * 3600 if SERVED_OVER_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DOLEANCES_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DOLEANCES_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole registered domain for years; the organisation decides it
    # (DOLEANCES_HSTS_PRELOAD=1), so its absence is not a deployment fault.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Scripts, styles, images and fonts from our own origin only: no inline script or style, no
# eval, no third party (the API docs' Swagger UI is served from the sidecar package). Data: images
# are Swagger UI's and the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# No page of ours uses these browser features; nothing embedded may ask for them either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

# --- Doléances -------------------------------------------------------------------------
DOLEANCES_REFERENCE_PREFIX = env.str("DOLEANCES_REFERENCE_PREFIX", default="REC")
DOLEANCES_ORGANISATION = env.str("DOLEANCES_ORGANISATION", default="Doléances")
# Amounts (claimed amounts, customer values) are in this currency.
DOLEANCES_CURRENCY_SYMBOL = env.str("DOLEANCES_CURRENCY_SYMBOL", default="€")
DOLEANCES_MAX_ATTACHMENT_BYTES = env.int("DOLEANCES_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
DOLEANCES_MAX_ATTACHMENTS = 5
DOLEANCES_MAX_DESCRIPTION_CHARS = 20_000
# Business calendar of the complaint desk (public holidays come from `holidays`).
DOLEANCES_CALENDAR_COUNTRY = env.str("DOLEANCES_CALENDAR_COUNTRY", default="FR")
DOLEANCES_OUTBOX_MAX_ATTEMPTS = 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"doleances": {"level": "INFO"}},
}
# Default service policy; regulatory profiles come with the SLA module.
DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS = env.int("DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS", default=2)
DOLEANCES_RESPONSE_BUSINESS_DAYS = env.int("DOLEANCES_RESPONSE_BUSINESS_DAYS", default=10)

# --- REST API (DRF + drf-spectacular; docs served from the sidecar package, no CDN) -----------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "doleances.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": API_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Doléances API",
    "DESCRIPTION": "Complaint intake and follow-up. Authenticate with `Authorization: Bearer <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
