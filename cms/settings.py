"""Settings for Công đoàn số.

Everything comes from environment variables (see the README's table). With none set, the
project runs on the embedded default: SQLite, the in-memory channel layer, local media
files, the database search backend and immediate tasks. ``DJANGO_ENV=production`` turns
on the production checks at the bottom of this file, which refuse insecure values; with
``DEBUG`` off the server refuses a weak ``SECRET_KEY`` in every environment.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cms.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, got {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

INSECURE_SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
# The key signs preview tokens, signed document links and sessions: with the public default or
# a guessable key anyone can forge them. DEBUG off means a server others reach, whatever
# DJANGO_ENV says, so it refuses to start with such a key (the embedded default has DEBUG on).
WEAK_SECRET_KEY = (
    SECRET_KEY == INSECURE_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure-")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
)
SECRET_KEY_PROBLEM = "SECRET_KEY must be set to a random value of at least 50 characters"
if WEAK_SECRET_KEY and not DEBUG and not PRODUCTION:  # production lists it with its other checks
    raise ImproperlyConfigured(f"Refusing to start with DEBUG off: {SECRET_KEY_PROBLEM}.")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "cms.core",
    "cms.organisations",
    "cms.members",
    "cms.home",
    "cms.news",
    "cms.announcements",
    "cms.documents",
    "cms.legal",
    "cms.benefits",
    "cms.contests",
    "cms.jobs",
    "cms.congress",
    "cms.statistics",
    "cms.feedback",
    "graphql_api",
    "realtime",
    "search",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "strawberry_django",
    "channels",
    "django_tasks_db",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
# PostgreSQL connections come from a bounded pool per server process (psycopg_pool, Django's
# OPTIONS["pool"]): at most DATABASE_POOL_MAX_SIZE open at once, however many threads the ASGI
# server starts, and a request that waits DATABASE_POOL_TIMEOUT seconds for one is answered
# SERVICE_UNAVAILABLE (retry) rather than piling connections up to PostgreSQL's limit. Budget:
# worker processes x DATABASE_POOL_MAX_SIZE (+ cron jobs) below PostgreSQL's max_connections.
# DATABASE_POOL_MAX_SIZE=0 switches the pool off (persistent connections, DATABASE_CONN_MAX_AGE).
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 8)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 5)
if DATABASE_URL:
    _pooled = DATABASE_POOL_MAX_SIZE > 0 and DATABASE_URL.startswith(("postgres://", "postgresql://"))
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=0 if _pooled else env_int("DATABASE_CONN_MAX_AGE", 60)
        )
    }
    if _pooled:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DATABASE_POOL_MIN_SIZE", 1), DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            "timeout": DATABASE_POOL_TIMEOUT,
            # Connections above min_size that stay unused this long are closed.
            "max_idle": 60,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # WAL lets the ASGI server read while a write (an import, a publish) is under way.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
# PostgreSQL cancels a statement running longer than this (0: never), so one slow query cannot
# hold a worker long past the API's time budget (GRAPHQL_TIMEOUT_SECONDS). Applies to every
# connection: run a long migration or import with DATABASE_STATEMENT_TIMEOUT_MS=0.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 10_000)
if DATABASE_STATEMENT_TIMEOUT_MS > 0 and DATABASES["default"]["ENGINE"].endswith((".postgresql", ".postgis")):
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["options"] = (
        f"{_db_options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache ----------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # The pub/sub layer has no 24-hour group expiry: a phone's socket stays subscribed.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("CHANNEL_LAYER_PREFIX", "congdoanso")},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "cms.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "congdoanso"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds between checks of an open subscription's sign-in (signed out, expired, deactivated,
# moved to another union) while no event arrives (realtime.stream).
REALTIME_SESSION_CHECK_SECONDS = env_int("REALTIME_SESSION_CHECK_SECONDS", 30)
# Days the event log keeps events for clients resuming with a cursor (purge_realtime_events).
REALTIME_EVENT_RETENTION_DAYS = env_int("REALTIME_EVENT_RETENTION_DAYS", 7)

# --- Files: S3 through django-storages, or local files ---------------------------------
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "ap-southeast-1")
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
# How long a signed URL to a restricted document stays valid.
PRIVATE_FILE_URL_TTL = env_int("PRIVATE_FILE_URL_TTL", 300)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = VAR_DIR / "media"

if AWS_STORAGE_BUCKET_NAME:
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": AWS_S3_ENDPOINT_URL,
        "region_name": AWS_S3_REGION_NAME,
        "access_key": AWS_ACCESS_KEY_ID,
        "secret_key": AWS_SECRET_ACCESS_KEY,
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        # Objects are private; public files get plain URLs from the bucket policy or CDN,
        # restricted ones only short-lived signed URLs (see cms.core.files).
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": PRIVATE_FILE_URL_TTL,
        "file_overwrite": False,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
    }
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Documents are served by redirecting to a signed URL, never proxied or public.
    WAGTAILDOCS_SERVE_METHOD = "redirect"
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Search ----------------------------------------------------------------------------
MEILISEARCH_URL = env_str("MEILISEARCH_URL")
MEILISEARCH_API_KEY = env_str("MEILISEARCH_API_KEY")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background tasks (e-mails, realtime broadcasts): run at once here; in production a
# database queue worked by `manage.py db_worker` processes, so a request never waits for them ---
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# --- E-mail (new and overdue feedback to its handlers): printed to the console unless configured ---
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Công đoàn số <no-reply@localhost>")

# --- Auth ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "cms.members.backends.PhoneOrUsernameBackend",
]
ACCESS_TOKEN_TTL = timedelta(seconds=env_int("ACCESS_TOKEN_TTL", 15 * 60))
REFRESH_TOKEN_TTL = timedelta(seconds=env_int("REFRESH_TOKEN_TTL", 30 * 24 * 3600))
# Failed sign-ins, counted per window from the first failure (cms.members.login_limits): per
# account from all addresses; one address gets half of that at one account, and
# LOGIN_RATE_LIMIT_PER_ADDRESS across all accounts (high enough for a factory's shared Wi-Fi).
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 10)
LOGIN_RATE_LIMIT_PER_ADDRESS = env_int("LOGIN_RATE_LIMIT_PER_ADDRESS", 50)
LOGIN_RATE_LIMIT_WINDOW = env_int("LOGIN_RATE_LIMIT_WINDOW", 15 * 60)
# Reverse proxies in front of the server whose X-Forwarded-For is believed (cms.core.client);
# 0 believes no header and takes the connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if (
    min(LOGIN_RATE_LIMIT, LOGIN_RATE_LIMIT_PER_ADDRESS, LOGIN_RATE_LIMIT_WINDOW) < 1
    or TRUSTED_PROXY_COUNT < 0
):
    # A window of 0 would keep no counter at all: the limits would silently be off.
    raise ImproperlyConfigured(
        "LOGIN_RATE_LIMIT, LOGIN_RATE_LIMIT_PER_ADDRESS and LOGIN_RATE_LIMIT_WINDOW must be at least 1, "
        "TRUSTED_PROXY_COUNT at least 0"
    )

# --- CORS: mobile apps send no Origin; browsers on other origins must be listed ----------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "accept-language")

# --- GraphQL ---------------------------------------------------------------------------
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 12)
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 15)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 2000)
GRAPHQL_MAX_PAGE_SIZE = env_int("GRAPHQL_MAX_PAGE_SIZE", 100)
# Fields processed once fragments are expanded, inside paginated lists once per item (graphql_api.core.limits).
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 10000)
# Seconds an operation may run before no further field is resolved (0: no budget). Not lower:
# a page of news whose images have no renditions yet takes seconds to render them (5.9 s for 22).
GRAPHQL_TIMEOUT_SECONDS = env_int("GRAPHQL_TIMEOUT_SECONDS", 10)
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", default=not PRODUCTION)
GRAPHQL_GRAPHIQL = env_bool("GRAPHQL_GRAPHIQL", default=not PRODUCTION)
# Keep guests' answers to lists of pages while the content is unchanged (graphql_api.core.caching).
GRAPHQL_RESPONSE_CACHE = env_bool("GRAPHQL_RESPONSE_CACHE", True)
STRAWBERRY_DJANGO = {
    "FIELD_DESCRIPTION_FROM_HELP_TEXT": True,
    "TYPE_DESCRIPTION_FROM_MODEL_DOCSTRING": False,
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": True,
}

# --- Wagtail's REST API v2, for the benchmark comparison only ----------------------------
# It knows nothing of audiences: it would show members' content to anyone. Never in production.
ENABLE_REST_API_V2 = env_bool("ENABLE_REST_API_V2", False)
if ENABLE_REST_API_V2:
    INSTALLED_APPS += ["wagtail.api.v2", "rest_framework"]

# --- Preview of drafts in the frontend -------------------------------------------------
PREVIEW_TOKEN_TTL = env_int("PREVIEW_TOKEN_TTL", 3600)
# The frontend's preview screen (it passes ?token= to the `preview` query). Empty: there is none,
# and the admin shows drafts only as the API returns them (cms.core.page_preview).
FRONTEND_PREVIEW_URL = env_str("FRONTEND_PREVIEW_URL", "")
# The frontend's address: a page opens at it + the page's API `path` ("View live"). Empty: pages
# have no live link in the admin.
FRONTEND_URL = env_str("FRONTEND_URL", "")
for _name, _url in (("FRONTEND_PREVIEW_URL", FRONTEND_PREVIEW_URL), ("FRONTEND_URL", FRONTEND_URL)):
    if _url and not _url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{_name} must be an absolute http(s) URL or empty, got {_url!r}")

# --- Language and time: Vietnamese first ------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are day-first in both admin languages: Wagtail's pickers show 20/11/2026 as the lists
# do, and forms read what editors type the same way, never month-first (05/11/2026 is 5 November).
# Django's English formats would read 05/11/2026 as 11 May, so cms/formats gives each admin
# language these input formats (Vietnamese has none of its own).
FORMAT_MODULE_PATH = ["cms.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Công đoàn số"
# The sign-in form with a translatable password label (cms/core/admin_login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.core.admin_login.LoginForm"
# Officers work in Vietnam's one time zone: the account page offers no choice. (Wagtail's default,
# every zone Python knows, includes names such as "localtime" that browsers reject with an error.)
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The server is headless (no front-end login page): a browser asking for a restricted file
# without a session signs in where editors do. Apps get signed links and never land here.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "doc",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "zip",
    "jpg",
    "png",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# Member lists (CSV or .xlsx): 20,000 members, the most one file may hold, take about 2.5 MB.
MEMBER_IMPORT_MAX_BYTES = env_int("MEMBER_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Files members and officers send through the API (feedback attachments, document reports, CVs):
# checked by content (cms.core.uploads), each at most this size, at most this many per request.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 5)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security in production -------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    problems = []
    if DEBUG:
        problems.append("DEBUG must be off")
    if WEAK_SECRET_KEY:
        problems.append(SECRET_KEY_PROBLEM)
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the site's host names")
    if not DATABASE_URL:
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not REDIS_URL:
        problems.append("REDIS_URL must be set (channel layer and cache)")
    if ENABLE_REST_API_V2:
        problems.append("ENABLE_REST_API_V2 ignores audiences and is for benchmarks only")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems) + ".")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task per publish drowns everything else.
        "django_tasks": {"level": "WARNING"},
    },
}
