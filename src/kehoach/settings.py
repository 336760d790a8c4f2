"""Django settings for the kehoach web application.

Everything a deployment changes comes from the environment; the defaults run the demo on a
laptop with an embedded SQLite file:

- ``DATABASE_URL``: any URL dj-database-url reads (``postgres://user@host:5432/name``).
  Default: ``sqlite:///<repo>/var/kehoach.sqlite3``.
- ``KEHOACH_VAR_DIR``: where the SQLite file and uploaded files live (default ``<repo>/var``).
- ``KEHOACH_SECRET_KEY``: required when ``KEHOACH_DEBUG=0``.
- ``KEHOACH_DEBUG``: ``1`` (default, for the demo) or ``0``.
- ``KEHOACH_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``KEHOACH_MAX_UPLOAD_MB``: the largest report or plan file accepted (default 20).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("KEHOACH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("KEHOACH_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("KEHOACH_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("KEHOACH_SECRET_KEY must be set when KEHOACH_DEBUG=0")
    SECRET_KEY = "insecure-development-key-for-the-kehoach-demo-only"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KEHOACH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the OpenAPI page's assets from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "kehoach.organisations",
    "kehoach.accounts",
    "kehoach.audit",
    "kehoach.plans",
    "kehoach.api",
    "kehoach.demo",
]
# The pages (templates, views, htmx partials) live in kehoach.web, written separately: it is
# installed, and its urls mounted at /, once it has a urls module, so that the back end runs
# (and is tested) with or without it.
WEB_APP_INSTALLED = importlib.util.find_spec("kehoach.web.urls") is not None
if WEB_APP_INSTALLED and "kehoach.web" not in INSTALLED_APPS:
    INSTALLED_APPS.append("kehoach.web")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kehoach.urls"
WSGI_APPLICATION = "kehoach.wsgi.application"

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
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kehoach.sqlite3'}",
        conn_max_age=int(os.environ.get("KEHOACH_DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"  # never served directly: files are downloaded through permission checks
MEDIA_ROOT = VAR_DIR / "media"

MAX_UPLOAD_BYTES = int(os.environ.get("KEHOACH_MAX_UPLOAD_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
