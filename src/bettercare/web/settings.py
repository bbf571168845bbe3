"""Settings of the assurance workspace, from environment variables with safe defaults.

BETTERCARE_DATA        the data folder (default ./bettercare-data): the SQLite file, uploads
                       (kept outside the static root under generated names), the secret key
DATABASE_URL           postgres://user:password@host:port/name to use PostgreSQL instead
BETTERCARE_SECRET_KEY  the secret key; else one is generated once and kept in the data folder
BETTERCARE_DEBUG       1 to show Django's debug pages (never in production; off by default)
BETTERCARE_HOSTS       allowed host names, comma-separated (default localhost names)
BETTERCARE_TLS         1 behind TLS: Secure cookies, HSTS, the proxy's X-Forwarded-Proto trusted
BETTERCARE_MAX_UPLOAD  largest upload in bytes (default 20 MB)
BETTERCARE_TASKS       "database" (default: a worker runs uploads) or "immediate" (in-process)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

WEB = Path(__file__).resolve().parent


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("BETTERCARE_DATA", "bettercare-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
UPLOAD_DIR = DATA_DIR / "uploads"
MAX_UPLOAD_BYTES = int(os.environ.get("BETTERCARE_MAX_UPLOAD", str(20 * 1024 * 1024)))


def _secret_key() -> str:
    given = os.environ.get("BETTERCARE_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _database(url: str | None) -> dict[str, Any]:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "bettercare.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",  # writers queue instead of failing mid-way
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL: {parts.scheme!r} is not postgres:// (or leave it unset)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "bettercare",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = _flag("BETTERCARE_DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("BETTERCARE_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]
DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "bettercare.web.apps.WebConfig",
]

MIDDLEWARE = [
    "bettercare.web.logs.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "bettercare.web.headers.SecurityHeaders",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bettercare.web.urls"
WSGI_APPLICATION = "bettercare.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans"
LOGOUT_REDIRECT_URL = "login"

# Throttling of failed log-ins (django-axes): five failures lock the user and address pair.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

# Cookies and headers.
TLS = _flag("BETTERCARE_TLS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = TLS
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = _flag("BETTERCARE_SSL_REDIRECT")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("BETTERCARE_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# Uploads: the request is refused past the limit; files go to the data folder, not /static.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the package when collectstatic was not run

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("BETTERCARE_TASKS") == "immediate"
            else "django_tasks_db.backend.DatabaseBackend"
        )
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"jsonlines": {"()": "bettercare.web.logs.JsonLines"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "jsonlines": {"class": "logging.StreamHandler", "formatter": "jsonlines"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {  # one JSON line per request and per task, on standard error
        "bettercare.web.requests": {
            "handlers": ["jsonlines"],
            "level": os.environ.get("BETTERCARE_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "bettercare.web.tasks": {
            "handlers": ["jsonlines"],
            "level": os.environ.get("BETTERCARE_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "bettercare.web.views.csrf_failure"
