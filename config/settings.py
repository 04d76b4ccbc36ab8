"""Plaidoyer settings: one file, driven by environment variables.

Every setting a deployment may change is read from the environment; a secret can
also be read from a file named by ``<NAME>_FILE`` (Docker/Kubernetes secrets,
systemd credentials). Defaults give a working local site on SQLite.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Return ``$NAME``, else the contents of the file named by ``$NAME_FILE``."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip() for item in (env(name, default) or "").split(",") if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)
# Under pytest the test profile applies even when nobody set PLAIDOYER_TESTING.
TESTING = env_bool("PLAIDOYER_TESTING", "pytest" in sys.modules)

SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105
# Otherwise it stays empty: commands that sign nothing (makemigrations, migrate,
# check) still run, anything that signs raises ImproperlyConfigured, and the web
# and worker entry points refuse to start (plaidoyer.core.startup).

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
SITE_NAME = env("SITE_NAME", "Plaidoyer")

VAR_DIR = Path(env("PLAIDOYER_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it goes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
    "imagekit",
    "plaidoyer.core",
    "plaidoyer.accounts",
    "plaidoyer.places",
    "plaidoyer.organisations",
    "plaidoyer.commitments",
    "plaidoyer.events",
    "plaidoyer.replies",
    "plaidoyer.campaigns",
    "plaidoyer.elections",
    "plaidoyer.news",
    "plaidoyer.processes",
    "plaidoyer.help",
    "plaidoyer.translations",
    "plaidoyer.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "plaidoyer.core.middleware.NulCharacterMiddleware",
    "plaidoyer.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "plaidoyer.core.middleware.ModulesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # axes last: it needs the authenticated user and answers lockouts itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "plaidoyer.core.context_processors.site",
                "plaidoyer.news.context_processors.site_menu",
            ],
        },
    },
    {
        # Plain-text emails (plaidoyer.core.mail): the same templates, not escaped.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -------------------------------------------------------------------
# SQLite (WAL) in var/ by default; PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'plaidoyer.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: writers take the lock when the transaction starts, so two
        # writers queue on busy_timeout instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }
    # A file, not shared memory, so that tests racing threads get real SQLite
    # locking (busy_timeout) instead of "table is locked" errors.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(
            tempfile.gettempdir(), f"plaidoyer-test-{os.getpid()}.sqlite3"
        )
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Redis when several app servers share rate limits and cached pages.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "plaidoyer",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "plaidoyer",
            # Whole pages are cached (gzip-compressed, 5–15 KB each): the default
            # 300 entries would churn.
            "OPTIONS": {"MAX_ENTRIES": int(env("PAGE_CACHE_ENTRIES", "20000"))},
        }
    }

# --- Tasks ----------------------------------------------------------------------
TASKS = {
    "default": {
        # Tests run tasks at once, in-process; a test that needs the real queue
        # overrides this with the database backend.
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "news:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing dominates a test suite's time; the hasher itself is not under test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures for one address from one IP lock it for 15 min.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# Reverse proxies in front (nginx, Caddy, a load balancer): the client's address is
# the PROXY_COUNT-th from the end of X-Forwarded-For. Axes asks core.net, like every
# rate limit, so a lockout falls on the visitor and not on the proxy.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "plaidoyer.core.net.client_ip"
# Across usernames (axes counts per username and IP): failed logins from one IP in
# LOGIN_COOLOFF_MINUTES before every login from it is refused for that time.
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20)
# Password-reset requests per hour, per address and per IP; past them the answer
# is the same page, and no email goes out.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
# Event registrations per hour from one IP: for one event, and for all events.
EVENT_REGISTRATIONS_PER_IP_AND_EVENT = env_int(
    "EVENT_REGISTRATIONS_PER_IP_AND_EVENT", 20
)
EVENT_REGISTRATIONS_PER_IP = env_int("EVENT_REGISTRATIONS_PER_IP", 60)
# Registrations waiting for email confirmation from one IP for one event (within the
# 48 hours a seat is held) past which the next are held for the organisers' review
# and take no seat.
EVENT_PENDING_PER_IP = env_int("EVENT_PENDING_PER_IP", 5)

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "plaidoyer_language"

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "nl", "en", "de")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)

# --- Static and media -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static_root")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package.json, pinned) and are served from
# node_modules under stable prefixes; nothing third-party is committed.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Pictures' responsive sizes (core.imagespecs) are made when the picture is saved,
# under MEDIA_ROOT/sizes/; `manage.py generateimages` makes them for older uploads.
IMAGEKIT_CACHEFILE_DIR = "sizes"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "plaidoyer.core.imagespecs.GenerateOnSave"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
MAX_LOGO_BYTES = env_int("MAX_LOGO_BYTES", 2 * 1024 * 1024)
# Images uploaded from the rich text editor (re-encoded to at most 1600 px).
MAX_RICH_TEXT_IMAGE_BYTES = env_int("MAX_RICH_TEXT_IMAGE_BYTES", 5 * 1024 * 1024)
# A Unicode TrueType font for PDFs (letters, certificates): Debian fonts-dejavu-core.
PDF_FONT = Path(env("PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Plaidoyer <noreply@plaidoyer.localhost>"
)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", addr) for addr in env_list("ADMIN_EMAILS")]
# django-anymail: to send through Mailgun's API, set EMAIL_BACKEND to
# "anymail.backends.mailgun.EmailBackend" and MAILGUN_API_KEY (plus
# MAILGUN_SENDER_DOMAIN). Bounces and complaints come back to
# /webhooks/mailgun/tracking/, checked against MAILGUN_WEBHOOK_SIGNING_KEY
# (core.suppressions); without that key the webhook answers 404.
ANYMAIL = {
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY", ""),
    "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN", ""),
    "MAILGUN_API_URL": env("MAILGUN_API_URL", "https://api.eu.mailgun.net/v3"),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}

# --- Maps -----------------------------------------------------------------------
# No tile server by default: maps draw the shipped province outline, and no
# visitor's IP goes to a third party. Set MAP_TILE_URL to add a background layer.
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "")

# --- Content-Security-Policy and Permissions-Policy -------------------------------
# No inline script anywhere (htmx's eval and indicator styles are off in base.html);
# inline style *attributes* stay allowed for the legend swatches and progress bars
# that carry data. CSP_REPORT_ONLY=1 reports violations without blocking anything.
_tiles = urlsplit(MAP_TILE_URL)  # "https://{s}.tile.example.org/…": any subdomain
_tile_origin = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"
_csp = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([_tile_origin] if MAP_TILE_URL else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The header alone adds nobody to browsers' preload lists; that takes a
    # submission by the operator.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# The outbox (core.outbox): a "sending" email whose worker died is sent again after
# this long; done emails (addresses, texts) are deleted after this many days.
OUTBOX_STALE_SECONDS = env_int("OUTBOX_STALE_SECONDS", 300)
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 7)
# A task left "running" by a killed worker is run again after this long.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 900)
# Finished tasks keep their arguments (addresses, links): deleted after this long.
TASK_RETENTION_DAYS = env_int("TASK_RETENTION_DAYS", 7)

# /healthz says the queue is "late" when the oldest due task waited this long.
HEALTH_QUEUE_LAG_LIMIT = env_int("HEALTH_QUEUE_LAG_LIMIT", 300)

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django_tasks_db": {"level": env("TASKS_LOG_LEVEL", "INFO")},
        "django.request": {"level": "ERROR"},
    },
}

# --- Help: confidential testimonies (plaidoyer.help) --------------------------------
HELP_TESTIMONIES = env_bool("HELP_TESTIMONIES", True)
# Fernet keys, comma-separated: the first encrypts, all decrypt (key rotation).
HELP_ENCRYPTION_KEYS = env_list("HELP_ENCRYPTION_KEYS")
if not HELP_ENCRYPTION_KEYS and (DEBUG or TESTING):
    import base64
    import hashlib

    HELP_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"help-encryption:{SECRET_KEY}".encode()).digest()
        ).decode()
    ]
# A person's data is deleted this long after their testimony is closed.
HELP_RETENTION_MONTHS = env_int("HELP_RETENTION_MONTHS", 12)

DIRECTORY_PAGE_SIZE = 24
FORMS_URLFIELD_ASSUME_HTTPS = True
BAROMETER_STALE_MONTHS = float(env("BAROMETER_STALE_MONTHS", "6") or 6)
EVENTS_RETENTION_DAYS = env_int("EVENTS_RETENTION_DAYS", 90)
# An address never confirmed (a newsletter, a follow) is deleted after this long.
UNCONFIRMED_RETENTION_DAYS = env_int("UNCONFIRMED_RETENTION_DAYS", 7)
# Attendance certificates keep the holder's name, and verify, this long.
EVENT_CERTIFICATES_RETENTION_DAYS = env_int("EVENT_CERTIFICATES_RETENTION_DAYS", 1825)
EVENT_CERTIFICATE_EMAILS_PER_DAY = env_int("EVENT_CERTIFICATE_EMAILS_PER_DAY", 3)
# The worker invites attendees to the evaluation this long after the end.
EVENT_EVALUATION_DELAY_HOURS = env_int("EVENT_EVALUATION_DELAY_HOURS", 2)
# A writing session's host is reminded once to report letters this long after it.
WRITING_SESSION_REPORT_DAYS = env_int("WRITING_SESSION_REPORT_DAYS", 7)
CONTACT_EMAILS = env("CONTACT_EMAILS", "")

# The publisher and data controller, shown on the legal notice and the privacy
# policy (/legal/, /privacy/). Belgian law asks for the publisher's name, address
# and company number; the GDPR for the controller's contact and the supervisory
# authority.
PUBLISHER_NAME = env("PUBLISHER_NAME", SITE_NAME)
PUBLISHER_ADDRESS = env("PUBLISHER_ADDRESS", "Rue de la Loi 1, 1000 Bruxelles")
PUBLISHER_COMPANY_NUMBER = env("PUBLISHER_COMPANY_NUMBER", "")
PUBLISHER_RESPONSIBLE = env("PUBLISHER_RESPONSIBLE", "")
PUBLISHER_EMAIL = env(
    "PUBLISHER_EMAIL",
    (CONTACT_EMAILS.split(",")[0].strip() or "contact@plaidoyer.localhost"),
)
PUBLISHER_PHONE = env("PUBLISHER_PHONE", "")
DATA_PROTECTION_EMAIL = env("DATA_PROTECTION_EMAIL", "")  # empty: the publisher's
HOSTING_PROVIDER = env("HOSTING_PROVIDER", "")
SUPERVISORY_AUTHORITY = env(
    "SUPERVISORY_AUTHORITY",
    "Autorité de protection des données / Gegevensbeschermingsautoriteit, "
    "rue de la Presse 35, 1000 Bruxelles, contact@apd-gba.be, "
    "https://www.autoriteprotectiondonnees.be",
)
# Whole-page cache for anonymous visitors (plaidoyer.core.pagecache). Off in tests,
# which measure what a page costs to build; its own tests switch it on.
PAGE_CACHE = env_bool("PAGE_CACHE", not TESTING)
# Adds /ping-insert (a view that writes one row) for the write benchmarks in bench/.
BENCHMARK_VIEWS = env_bool("BENCHMARK_VIEWS", False)
# How long a process trusts the data versions it read (core.versions): pages and
# the barometer are at most this stale on other app servers. 0 in tests.
DATA_VERSION_TTL = float(env("DATA_VERSION_TTL", "0" if TESTING else "0.5") or 0)

# --- Translation desk: an optional machine-translation draft ----------------------
# DeepL (provider "deepl", e.g. https://api-free.deepl.com) or LibreTranslate
# ("libretranslate", your instance's URL). Off while the URL is empty; a draft is
# always shown to a person, never saved by itself.
MACHINE_TRANSLATION_URL = env("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_PROVIDER = env("MACHINE_TRANSLATION_PROVIDER", "libretranslate")
MACHINE_TRANSLATION_KEY = env("MACHINE_TRANSLATION_KEY", "")
