"""Django settings for Doléances, read from the environment (see DESIGN.md, "Public contract")."""

from datetime import timedelta
from email.utils import formataddr, parseaddr
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

# Key of the audit trail's HMAC chain. It must not live in the database (nor, in production, on
# the database host): whoever can write the database but lacks this key cannot recompute a chain.
# Without DOLEANCES_AUDIT_KEY, a random key is kept in DOLEANCES_AUDIT_KEY_FILE (default
# DATA_DIR/audit_key, mode 0600). Lose it and the keyed links can no longer be verified.
DOLEANCES_AUDIT_KEY = env.str("DOLEANCES_AUDIT_KEY", default="").encode()
if not DOLEANCES_AUDIT_KEY:
    audit_key_file = Path(env.str("DOLEANCES_AUDIT_KEY_FILE", default=str(DATA_DIR / "audit_key")))
    if not audit_key_file.exists():
        import secrets

        audit_key_file.touch(mode=0o600)
        audit_key_file.write_text(secrets.token_hex(32))
    DOLEANCES_AUDIT_KEY = audit_key_file.read_text().strip().encode()
# Where `doleances audit anchor` appends the chain heads (point it outside the database host).
DOLEANCES_AUDIT_ANCHOR_DIR = Path(env.str("DOLEANCES_AUDIT_ANCHOR_DIR", default=str(DATA_DIR / "anchors")))
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "doleances.core",
    "doleances.complaints",
    "doleances.quality",
    "doleances.analytics",
    "doleances.analysis",
    "doleances.routing",
    "doleances.intake",
    "doleances.answers",
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
    # Refuses an oversized body before anything reads it, in the visitor's language.
    "doleances.core.http_limits.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "doleances.agent.signin.middleware.SessionLimitsMiddleware",
    "doleances.agent.signin.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every password while a username+address pair is locked out.
    "axes.backends.AxesStandaloneBackend",
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
# PostgreSQL: the app connects through DATABASE_URL as a role that may only INSERT and SELECT the
# audit trail; `doleances migrate` connects through this URL instead, as the tables' owner.
DOLEANCES_MIGRATION_DATABASE_URL = env.str("DOLEANCES_MIGRATION_DATABASE_URL", default="")
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
# Counters (rate limits) must be shared by every process: Redis (every process and machine)
# when REDIS_URL is set; otherwise one SQLite file in the data folder, whose increments are
# atomic across the gunicorn workers of the embedded mode.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "counters": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "doleances"},
        "counters": {
            "BACKEND": "doleances.core.counter_cache.SQLiteCounterCache",
            "LOCATION": str(DATA_DIR / "counters.sqlite3"),
        },
    }
RATELIMIT_USE_CACHE = "counters"
# The public form, per client address ("20/h": twenty complaints an hour from one address).
PUBLIC_FORM_RATE = env.str("DOLEANCES_PUBLIC_FORM_RATE", default="20/h")
# Acknowledgement mails to one address: beyond this many per period ("5/d": five a day; s, m,
# h, d), a complaint is still registered and shown, but its acknowledgement is not mailed.
ACKNOWLEDGEMENT_RATE = env.str("DOLEANCES_ACKNOWLEDGEMENT_RATE", default="5/d")
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
# The sender of our mail: one address, a display name per language chosen by the recipient's
# language. A display name written in DOLEANCES_FROM_EMAIL ("Acme <x@acme.example>") stands for
# every language whose DOLEANCES_FROM_NAME_<LANG> is not set.
_from_name, DOLEANCES_FROM_ADDRESS = parseaddr(env.str("DOLEANCES_FROM_EMAIL", default="reclamations@doleances.localhost"))
DOLEANCES_FROM_NAMES = {
    "fr": env.str("DOLEANCES_FROM_NAME_FR", default=_from_name or "Service réclamations"),
    "en": env.str("DOLEANCES_FROM_NAME_EN", default=_from_name or "Complaints department"),
}
# What Django itself sends (error mails to admins) goes out under the default language's name.
DEFAULT_FROM_EMAIL = formataddr((DOLEANCES_FROM_NAMES["fr"], DOLEANCES_FROM_ADDRESS), charset="utf-8")
EMAIL_TIMEOUT = 20

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Our formats come before Django's: English dates read "16 December 2026, 14:05" (formats/en).
FORMAT_MODULE_PATH = ["doleances.formats"]
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

# --- Staff sign-in (README, "Signing in") ---------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout (django-axes): after this many wrong passwords in a row for one username from one
# address, that pair is refused for the cool-off period; `doleances axes_reset_username NAME`
# (or the admin's "Access attempts") unlocks it at once.
AXES_FAILURE_LIMIT = env.int("DOLEANCES_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DOLEANCES_SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "doleances.agent.signin.views.locked_out"
AXES_VERBOSE = False  # our own security log says it (doleances.security)
AXES_CLIENT_IP_CALLABLE = "doleances.agent.signin.security_log.client_ip"
# Second factor (django-otp TOTP): members of these roles (and superusers when "administrator"
# is listed) must enrol an authenticator app and give its code after the password.
DOLEANCES_2FA_REQUIRED_ROLES = env.list("DOLEANCES_2FA_REQUIRED_ROLES", default=["administrator", "supervisor"])
OTP_TOTP_ISSUER = env.str("DOLEANCES_ORGANISATION", default="Doléances")
# Sessions end after this long without a request, and in any case this long after sign-in.
DOLEANCES_SESSION_IDLE_MINUTES = env.int("DOLEANCES_SESSION_IDLE_MINUTES", default=60)
DOLEANCES_SESSION_MAX_HOURS = env.int("DOLEANCES_SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = DOLEANCES_SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "doleances.core.sessions"  # database sessions, not written twice per request
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

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
# BoundedUploadHandler stores no file past DOLEANCES_MAX_ATTACHMENTS (the form then says how many
# may be attached and keeps the text); Django's own count (100 by default) would instead answer
# a bare 400 and lose the text, so it only stops absurd requests here.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
FILE_UPLOAD_HANDLERS = [
    "doleances.core.http_limits.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Doléances -------------------------------------------------------------------------
DOLEANCES_REFERENCE_PREFIX = env.str("DOLEANCES_REFERENCE_PREFIX", default="REC")
DOLEANCES_ORGANISATION = env.str("DOLEANCES_ORGANISATION", default="Doléances")
# Name of the team whose queue receives complaints that nothing routes elsewhere, when no team is
# flagged "intake team" in the admin (the flag wins).
DOLEANCES_INTAKE_TEAM = env.str("DOLEANCES_INTAKE_TEAM", default="")
# Amounts (claimed amounts, customer values) are in this currency (ISO 4217 code); its symbol
# and its name in each language come from doleances.core.currency. DOLEANCES_CURRENCY_SYMBOL
# overrides the symbol; set alone (as before the code existed), it also names the currency.
DOLEANCES_CURRENCY = env.str("DOLEANCES_CURRENCY", default="").upper()
DOLEANCES_CURRENCY_SYMBOL = env.str("DOLEANCES_CURRENCY_SYMBOL", default="")
DOLEANCES_MAX_ATTACHMENT_BYTES = env.int("DOLEANCES_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
DOLEANCES_MAX_ATTACHMENTS = 5
# The kinds of file accepted, recognised by their bytes (the list of known kinds, and how the forms
# describe them, is doleances.complaints.file_types.FILE_TYPES).
DOLEANCES_ATTACHMENT_TYPES = ["pdf", "jpg", "png", "gif", "webp", "heic", "tif", "docx", "xlsx", "pptx", "odt", "ods", "txt"]
# The largest request body accepted (checked on Content-Length before reading, and on the bytes
# received): every attachment at its largest, plus room for the typed text.
DOLEANCES_MAX_REQUEST_BYTES = env.int(
    "DOLEANCES_MAX_REQUEST_BYTES", default=DOLEANCES_MAX_ATTACHMENTS * DOLEANCES_MAX_ATTACHMENT_BYTES + 1024 * 1024
)
# The longest free text: a complaint's description (and remedy sought), a note, a reply, a
# customer's message. The services refuse more; the forms say so and their fields stop there.
DOLEANCES_MAX_DESCRIPTION_CHARS = 20_000
# Business calendar of the complaint desk (public holidays come from `holidays`).
DOLEANCES_CALENDAR_COUNTRY = env.str("DOLEANCES_CALENDAR_COUNTRY", default="FR")
DOLEANCES_OUTBOX_MAX_ATTEMPTS = 8

# --- Mail in (README, "Complaints by email") -----------------------------------------------------
# A larger message is not processed: it is kept in quarantine with its bytes, for an administrator.
DOLEANCES_MAX_INBOUND_MAIL_BYTES = env.int("DOLEANCES_MAX_INBOUND_MAIL_BYTES", default=25 * 1024 * 1024)
# A reply by mail to a complaint closed less than this many days ago reopens it; a later one opens a
# new complaint linked to the old one.
DOLEANCES_MAIL_REOPEN_DAYS = env.int("DOLEANCES_MAIL_REOPEN_DAYS", default=30)
# Messages read from one mailbox per poll (the next poll, a minute later, goes on).
DOLEANCES_MAIL_POLL_BATCH = env.int("DOLEANCES_MAIL_POLL_BATCH", default=200)
# Providers' inbound webhooks (django-anymail): the shared basic-auth secret ("user:password" in the
# webhook URL the provider calls) and, for Mailgun, its webhook signing key. A provider without its
# secret has no webhook (404).
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("DOLEANCES_INBOUND_WEBHOOK_SECRET", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("DOLEANCES_MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}

# --- Chat, social and review posts (issue 17; README, "Posts from chat, social networks and review sites")
# The largest body a source's signed webhook accepts (a larger one is refused with a 413).
DOLEANCES_MAX_WEBHOOK_BYTES = env.int("DOLEANCES_MAX_WEBHOOK_BYTES", default=256 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security": {"format": "%(asctime)s %(levelname)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Failed sign-ins, lockouts, second-factor failures and refusals (403), kept in the data folder.
        "security_file": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": str(DATA_DIR / "security.log"),
            "formatter": "security",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "doleances": {"level": "INFO"},
        "doleances.security": {"level": "INFO", "handlers": ["security_file"]},
    },
}
# Default service policy; regulatory profiles come with the SLA module.
DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS = env.int("DOLEANCES_ACKNOWLEDGE_BUSINESS_DAYS", default=2)
DOLEANCES_RESPONSE_BUSINESS_DAYS = env.int("DOLEANCES_RESPONSE_BUSINESS_DAYS", default=10)
# --- Deadlines (issue 19): the organisation's regulatory profile (one of core.regulatory.PROFILES;
# a segment, a category or a complaint may have its own, set in the admin), and how far into the
# answer period (share elapsed) the customer gets the automatic progress report.
DOLEANCES_REGULATORY_PROFILE = env.str("DOLEANCES_REGULATORY_PROFILE", default="iso-10002")
DOLEANCES_PROGRESS_REPORT_AT = env.float("DOLEANCES_PROGRESS_REPORT_AT", default=0.9)
# Alarms the deadline sweep handles per run (every minute); the rest waits for the next run.
DOLEANCES_SWEEP_BATCH = env.int("DOLEANCES_SWEEP_BATCH", default=2000)

# --- REST API (DRF + drf-spectacular; docs served from the sidecar package, no CDN) -----------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "doleances.api.problems.problem_exception_handler",
    # Counted in CACHES["counters"] with one atomic increment a request: exact across workers.
    "DEFAULT_THROTTLE_CLASSES": ["doleances.api.throttling.SharedUserRateThrottle"],
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


# Issue 20 — the answer to the customer: letters, the portal link, the satisfaction survey.
# Where the customer's answers to our mail go (default: the sender address, read by mail intake).
DOLEANCES_REPLY_TO = env.str("DOLEANCES_REPLY_TO", default="")
# A portal link of a case that is over (closed, withdrawn, merged) stops working after these days.
DOLEANCES_PORTAL_LINK_DAYS_AFTER_END = env.int("DOLEANCES_PORTAL_LINK_DAYS_AFTER_END", default=365)
# The survey is sent this many hours after closing; one reminder after this many days; the
# survey link works for this many days after it was sent.
DOLEANCES_SURVEY_DELAY_HOURS = env.int("DOLEANCES_SURVEY_DELAY_HOURS", default=24)
DOLEANCES_SURVEY_REMINDER_DAYS = env.int("DOLEANCES_SURVEY_REMINDER_DAYS", default=7)
DOLEANCES_SURVEY_VALID_DAYS = env.int("DOLEANCES_SURVEY_VALID_DAYS", default=30)
# A lost portal link may be asked for by email address this many times an hour per address.
DOLEANCES_LINK_REQUEST_RATE = env.str("DOLEANCES_LINK_REQUEST_RATE", default="10/h")
