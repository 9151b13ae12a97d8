"""Django settings built from the data folder (``DVK_DATA_DIR``, default ``dvk-data/``).

SQLite (WAL) in the data folder by default; PostgreSQL when ``DATABASE_URL`` is set.
DEBUG only with ``DVK_DEV=1`` (``dvk-docs serve --dev``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .conf import ENV_DEV, data_dir, read_or_create_secret

DATA_DIR: Path = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)
FILES_DIR = DATA_DIR / "files"
MEDIA_DIR = DATA_DIR / "media"  # uploaded evidence, each file under a generated name
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = os.environ.get(ENV_DEV) == "1"
SECRET_KEY = os.environ.get("DVK_SECRET_KEY") or read_or_create_secret(DATA_DIR)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DVK_ALLOWED_HOSTS", "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DVK_CSRF_TRUSTED_ORIGINS", "")
                        .split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "dvk_docs.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dvk_docs.web.security.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "dvk_docs.web.accounts.Backend",  # ModelBackend + membership in the same query
]

ROOT_URLCONF = "dvk_docs.web.urls"
WSGI_APPLICATION = "dvk_docs.web.wsgi.application"

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
                "dvk_docs.web.views.base.membership_context",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "dvk.sqlite3",
        "OPTIONS": {
            # WAL: readers never wait for the writer; IMMEDIATE: writers queue instead of
            # failing with 'database is locked' halfway through a transaction
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 60,
        },
    }


DATABASES = {"default": _database()}
# shared by every worker process of the server (gunicorn's, the job worker): a year's status,
# computed once per revision, is then computed once, not once per process
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": DATA_DIR / "cache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": os.environ.get("DVK_TASK_BACKEND",
                                               "django_tasks_db.DatabaseBackend")}}

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # the app's static files are served from the package

# what 'Ít nhất 8 ký tự, không toàn số' on the forms promises (Django checks none by default)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# uploads: refuse big bodies before reading them (the views check each file again)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = int(os.environ.get("DVK_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
MAX_UNZIPPED_BYTES = int(os.environ.get("DVK_MAX_UNZIPPED_BYTES", 100 * 1024 * 1024))

# evidence (minh chứng): PDF/JPEG/PNG up to this size; the kinds the dossier requires per
# report (comma-separated keys of dvk_docs.pdf.evidence.EVIDENCE_KINDS; empty: none)
MAX_EVIDENCE_BYTES = int(os.environ.get("DVK_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024))
DOSSIER_REQUIRED_EVIDENCE = [k.strip() for k in os.environ.get(
    "DVK_DOSSIER_REQUIRED_EVIDENCE", "bao_cao_ky").split(",") if k.strip()]

# one document rendered for a page runs in a worker process, stopped after this many seconds
RENDER_TIMEOUT = int(os.environ.get("DVK_RENDER_TIMEOUT", 30))
RENDER_WORKERS = int(os.environ.get("DVK_RENDER_WORKERS", 1))
# 'Tải bộ văn bản (.zip)' builds a set at once up to this many registrations, else as a job
SYNC_SET_MAX_REGISTRATIONS = int(os.environ.get("DVK_SYNC_SET_MAX_REGISTRATIONS", 60))

# security
# sessions read through the shared file cache (one database query fewer per page); written
# to both, so a restart or a cleared cache loses nobody's login
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("DVK_HTTPS") == "1":  # behind a TLS reverse proxy
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

# login throttling (django-axes): 5 failed tries for a name from one address → 15 minutes
AXES_FAILURE_LIMIT = int(os.environ.get("DVK_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "dvk_web/locked.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# online registration: the dataset's deadline (deadlines.<key>) after which units cannot submit
REGISTRATION_DEADLINE_KEY = os.environ.get("DVK_REGISTRATION_DEADLINE_KEY", "dang_ky")
