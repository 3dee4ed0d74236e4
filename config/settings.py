"""Maillage settings: one file, driven by the environment.

Defaults give the embedded set-up of `make run` (SQLite under var/, emails as files under
var/mail/). Production sets DEBUG=0, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, EMAIL_URL, REDIS_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MAILLAGE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
DEVELOPMENT_SECRET_KEY = "maillage-development-only-secret-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production refuses to start with the default.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (0: none, REMOTE_ADDR is the client). Rate limits and the audit trail read it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "maillage.territories.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "maillage.core",
    "maillage.accounts",
    "maillage.territories",
    "maillage.editions",
    "maillage.meetings",
    "maillage.themes",
    "maillage.business",
    "maillage.surveys",
    "maillage.reports",
    "maillage.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maillage.core.middleware.FrenchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "maillage.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "maillage.core.middleware.NoStoreForAuthenticatedMiddleware",
    "maillage.privacy.middleware.CharterRequiredMiddleware",
    # Last: it serves a kept page instead of its view (see the module).
    "maillage.core.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Django's renderer, with the choice widgets written in Python (see the module).
FORM_RENDERER = "maillage.core.form_renderer.FormRenderer"

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
                "django.template.context_processors.csp",
                "maillage.core.context_processors.navigation",
            ],
            # Django's {% url %}, remembering its answers (see the module).
            "builtins": ["maillage.core.templatetags.remembered_url"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it costs more than it saves on the short queries of web pages (on the
    # national dataset it compiled 200 ms for 20 ms of work). See docs/PERFORMANCE.md.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
# Each user's roles (memberships, staff assignments) are kept in the cache between requests,
# checked against a counter that every write to them moves (editions.permissions.roles_of).
# Only with a cache all processes share (Redis): a per-process cache would not see another
# process's writes. 0 reads them on every request.
ROLES_CACHE_SECONDS = int(os.environ.get("ROLES_CACHE_SECONDS", "120" if REDIS_URL else "0"))

# Pages kept per session for at most this many seconds, while nothing they read has changed
# (core.page_cache). Only with Redis, as for the roles; 0: every page is made on each request.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "maillage.accounts.passwords.StaffMinimumLengthValidator"},  # staff: 15 characters
]
MAGIC_LINK_VALIDITY_SECONDS = 600
# Sessions are server-side (SESSION_ENGINE); their lifetimes, in seconds, depend on the role:
# idle (no request for that long) and absolute (since the login). See docs/security.md.
SESSION_LIFETIMES = {
    "staff": {"idle": 30 * 60, "absolute": 12 * 3600},
    "member": {"idle": 14 * 86400, "absolute": 30 * 86400},
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (company logos, meeting documents) live under MEDIA_ROOT, outside the static files,
# under generated names; no URL serves this folder: permission-checked views do (core.uploads).
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
UPLOAD_MAX_BYTES = {"logo": 1_000_000, "document": 10_000_000}
# In development and tests, serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_URL = os.environ.get("EMAIL_URL", f"file://{VAR_DIR / 'mail'}")


def mailer_from_url(url: str) -> dict[str, object]:
    """EMAIL_URL (smtp://user:pass@host:587/?tls=True, file:///path, console:) → MAILERS."""
    parsed = dj_email_url.parse(url)
    options: dict[str, object] = {}
    if url.startswith("file://"):
        # The path as written (dj-email-url drops the leading "/" of file:///abs/path).
        options["file_path"] = url.removeprefix("file://").split("?")[0]
    if "smtp" in parsed["EMAIL_BACKEND"]:
        options.update(
            host=parsed["EMAIL_HOST"],
            port=parsed["EMAIL_PORT"],
            use_tls=parsed["EMAIL_USE_TLS"],
            use_ssl=parsed["EMAIL_USE_SSL"],
            timeout=parsed["EMAIL_TIMEOUT"] or 30,
        )
        if parsed["EMAIL_HOST_USER"]:
            options.update(
                username=parsed["EMAIL_HOST_USER"], password=parsed["EMAIL_HOST_PASSWORD"]
            )
    return {"BACKEND": parsed["EMAIL_BACKEND"], "OPTIONS": options}


MAILERS = {"default": mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Maillage <noreply@maillage.test>")

# Content-Security-Policy (Django's own): no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

NINJA_PAGINATION_PER_PAGE = 50
DIRECTORY_PAGE_SIZE = 25


def _retention_months(kind: str, default: int | None = None) -> int | None:
    """`RETENTION_<KIND>_MONTHS` from the environment; empty or unset: the default."""
    value = os.environ.get(f"RETENTION_{kind.upper()}_MONTHS", "")
    return int(value) if value else default


# How long each kind of data is kept, in months (None: kept); `manage.py apply_retention` applies
# it daily. Audit addresses count from the entry, the others from the edition's closing date.
# See maillage/privacy/retention.py and docs/privacy.md.
RETENTION: dict[str, int | None] = {
    "audit_addresses": _retention_months("audit_addresses", 12),
    "minutes": _retention_months("minutes"),
    "applications": _retention_months("applications"),
    "documents": _retention_months("documents"),
    "ideas": _retention_months("ideas"),
    "survey_answers": _retention_months("survey_answers"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
