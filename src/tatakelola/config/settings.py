"""Settings, read from the environment.

The embedded default needs nothing: a SQLite file under ``var/`` and Celery tasks run
in-process. Production sets ``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL``
(RabbitMQ or Redis); the code is the same.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tatakelola.config.env import broker_url, database_config, env_bool, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("TATAKELOLA_HOME") or Path.cwd())

DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("TATAKELOLA_PRODUCTION", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when TATAKELOLA_PRODUCTION is true.")
    # A fixed development key keeps sessions valid across restarts of the embedded default;
    # it is refused in production mode above.
    SECRET_KEY = "tatakelola-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the Swagger UI assets locally instead of from a CDN
    "tatakelola.web",
    "tatakelola.audit",
    "tatakelola.orgs",
    "tatakelola.api",
    "tatakelola.exports",
    "tatakelola.notifications",
    "tatakelola.monitoring",
    "tatakelola.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tatakelola.web.middleware.NulByteGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tatakelola.web.middleware.LoginRequiredMiddleware",
    "tatakelola.web.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tatakelola.config.urls"
WSGI_APPLICATION = "tatakelola.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tatakelola.web.context_processors.navigation",
                "tatakelola.web.context_processors.csp_nonce",
            ],
        },
    },
]

DATABASES = {"default": database_config(env_str("DATABASE_URL"), base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (orgs/login_throttle.py): growing delays after 5 failures, a lock after this many.
TATAKELOLA_LOGIN_LOCK_AFTER = int(env_str("TATAKELOLA_LOGIN_LOCK_AFTER", "30") or 30)
TATAKELOLA_LOGIN_LOCK_MINUTES = int(env_str("TATAKELOLA_LOGIN_LOCK_MINUTES", "15") or 15)
# How many of our own proxies add themselves to X-Forwarded-For (0: the client is REMOTE_ADDR).
TATAKELOLA_PROXY_COUNT = int(env_str("TATAKELOLA_PROXY_COUNT", "0") or 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Bahasa Indonesia and English everywhere a person reads.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
LANGUAGE_COOKIE_NAME = "tatakelola_language"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Production mode means HTTPS (behind a TLS proxy): cookies only over TLS, and HSTS.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = int(env_str("TATAKELOLA_HSTS_SECONDS", "31536000") or 0) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TATAKELOLA_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False  # preloading is a decision for the domain's owner, not a default
# The TLS proxy in front of gunicorn says the request came over HTTPS (only trusted in production mode).
if PRODUCTION and env_bool("TATAKELOLA_BEHIND_TLS_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("TATAKELOLA_SSL_REDIRECT", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own
# static files, no inline script, no inline event handler, no style attribute, no eval. A template
# that cannot avoid an inline <script> or <style> gives it nonce="{{ csp_nonce }}" (see
# CONTRIBUTING.md). data: images are Tabler's SVG form controls.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp-report/"],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Celery: one configuration for client and worker (namespace CELERY_).
CELERY_BROKER_URL = broker_url(env_str("CELERY_BROKER_URL"))
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or ("rpc://" if CELERY_BROKER_URL else None)
# With no broker the embedded default runs every task in-process, same code path.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# One queue per deployment (or per test run) so workers never pick up another's tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("TATAKELOLA_TASK_QUEUE") or "celery"
CELERY_BEAT_SCHEDULE = {
    "audit-chain-verify-daily": {
        "task": "tatakelola.audit.tasks.audit_chain_verify",
        "schedule": 24 * 60 * 60,
    },
    # A signed checkpoint of the chain's head outside the database (skipped when the head has not moved).
    "audit-checkpoint": {
        "task": "tatakelola.audit.tasks.audit_checkpoint_write",
        "schedule": float(env_str("TATAKELOLA_AUDIT_CHECKPOINT_SECONDS", "60") or 60),
    },
    # Each account has its own interval; this only looks every minute for the ones that are due.
    "monitoring-poll-due-accounts": {
        "task": "tatakelola.monitoring.tasks.accounts_poll_due",
        "schedule": 60,
    },
    # SLA warnings and escalations: the same pass as ``tatakelola sla check``.
    "cases-sla-check": {
        "task": "tatakelola.cases.tasks.sla_check",
        "schedule": float(env_str("TATAKELOLA_SLA_CHECK_SECONDS", "60") or 60),
    },
    # Messages stored by a worker that died before it queued their scan are picked up here.
    "monitoring-scan-sweep": {
        "task": "tatakelola.monitoring.tasks.messages_scan_sweep",
        "schedule": 5 * 60,
    },
}

# The audit key (outside the database) keys the hash chain and signs its checkpoints: comma-separated
# secrets, the first current; empty: read from the key file, created with a random key when missing.
TATAKELOLA_AUDIT_KEY = env_str("TATAKELOLA_AUDIT_KEY")
TATAKELOLA_AUDIT_KEY_FILE = Path(env_str("TATAKELOLA_AUDIT_KEY_FILE") or BASE_DIR / "var" / "audit.key")
# Signed checkpoints of the chain's head, one JSON line each; a copy goes to syslog when an address is set
# ("/dev/log" or "host:514").
TATAKELOLA_AUDIT_CHECKPOINT_FILE = Path(
    env_str("TATAKELOLA_AUDIT_CHECKPOINT_FILE") or BASE_DIR / "var" / "audit-checkpoints.jsonl"
)
TATAKELOLA_AUDIT_SYSLOG = env_str("TATAKELOLA_AUDIT_SYSLOG")

# Monitoring: connector credentials are encrypted with this Fernet key (comma-separated for
# rotation; the first encrypts). Empty: a key derived from SECRET_KEY.
TATAKELOLA_CREDENTIALS_KEY = env_str("TATAKELOLA_CREDENTIALS_KEY")
# Rule packs the ingestion pipeline scans with (comma-separated ids); empty: all built-in packs.
TATAKELOLA_SCAN_PACKS = env_list("TATAKELOLA_SCAN_PACKS", [])
# Score messages with the shipped classifiers that the packs' classifier rules reference.
TATAKELOLA_CLASSIFIERS = env_bool("TATAKELOLA_CLASSIFIERS", True)
# The Indonesian abuse/hate models are trained on CC BY-NC-SA data: false switches them off for every
# organisation (a hard off); true leaves it to each organisation's setting, which is off until allowed.
TATAKELOLA_NONCOMMERCIAL_MODELS = env_bool("TATAKELOLA_NONCOMMERCIAL_MODELS", True)
# Files uploaded for import wait here until their import job has read them.
TATAKELOLA_IMPORT_DIR = BASE_DIR / "var" / "imports"
# Case evidence files (never served statically: a permission-checked view streams them).
MEDIA_ROOT = Path(env_str("TATAKELOLA_MEDIA_DIR") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
# Ed25519 signing keys (deletion certificates, evidence packages, certificates): outside the database.
TATAKELOLA_KEY_DIR = Path(env_str("TATAKELOLA_KEY_DIR") or BASE_DIR / "var" / "keys")
# Links in e-mails and webhook payloads point here.
TATAKELOLA_BASE_URL = env_str("TATAKELOLA_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tatakelola@localhost")
# Outgoing webhooks go only to public addresses; these host names (exact, comma-separated) are exempt,
# for receivers inside an on-premise network (see utilities/netsafe.py).
TATAKELOLA_WEBHOOK_ALLOW_HOSTS = env_list("TATAKELOLA_WEBHOOK_ALLOW_HOSTS", [])
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

NINJA_PAGINATION_PER_PAGE = 50
# Bounded page numbers everywhere (an unbounded page overflows OFFSET): see api/errors.py.
NINJA_PAGINATION_CLASS = "tatakelola.api.errors.BoundedPageNumberPagination"
