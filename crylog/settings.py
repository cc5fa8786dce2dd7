"""crylog's settings, read from environment variables (see README.md for the table)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from crylog.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "development-only-not-secret"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address in reminder e-mails and calendar events. `make run` sets it from its HOST and
# PORT for every process it starts (never read PORT here: honcho gives each process its own);
# in development it defaults to runserver's; in production it must be set (a `check --deploy`
# error).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "crylog.accounts",
    "crylog.yourdata",
    "crylog.cries",
    "crylog.insights",
    "crylog.sharing",
    "crylog.studies",
    "crylog.pages",
    "crylog.followups",
    "crylog.pwa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The words of the scripts (/jsi18n/…), like a static file the same for everyone: answered
    # before the session (and the user) is looked up.
    "crylog.pwa.middleware.ScriptCatalogueMiddleware",
    "crylog.accounts.sessions.SessionMiddleware",  # Django's; see its docstring
    # The browser's language (Accept-Language); UserLanguageMiddleware puts the person's own
    # choice over it once AuthenticationMiddleware knows who is asking.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "crylog.accounts.middleware.UserTimezoneMiddleware",
    "crylog.accounts.middleware.UserLanguageMiddleware",
    "crylog.accounts.middleware.MailOutageMiddleware",
    "crylog.lib.headers.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "crylog.urls"
WSGI_APPLICATION = "crylog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

FORM_RENDERER = "crylog.lib.forms.FormRenderer"

# Database: SQLite (embedded, one machine) unless DATABASE_URL names a PostgreSQL server.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL")
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Keep connections: closing the last one to a WAL database checkpoints it, which
            # made the task worker (it closes between tasks) more than twice as slow.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two
                # writers queue on the busy timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds allauth's rate-limit counts, so every web process must see the same one:
# Redis when REDIS_URL is set, else a table in our database (made by migration accounts 0003).
# crylog/accounts/checks.py refuses a per-process cache for them under `check --deploy`.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "crylog_cache",
            # Culling drops a third of the entries: keep it far away, or a flood of keys
            # would wipe the rate-limit counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cry-home"
LOGOUT_REDIRECT_URL = "cry-home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory"
)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# The confirmation link logs in the browser that signed up (only that one).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
# Sign-up and password reset never tell whether an address has an account: the owner of the
# address gets an e-mail instead. On sign-up this needs mandatory verification (the default
# when DEBUG is off); crylog/accounts/checks.py warns under `check --deploy` otherwise.
ACCOUNT_PREVENT_ENUMERATION = True
# E-mails name the site "crylog", whatever host and port it runs on; mail that cannot be sent
# is answered with a clear page.
ACCOUNT_ADAPTER = "crylog.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# English when neither the person nor the browser asks for one of LANGUAGES, and the language
# of the source strings. Plain "en", not "en-gb": LocaleMiddleware only ever activates a code
# of LANGUAGES, so the web would speak "en" while the worker, which activates LANGUAGE_CODE,
# spoke "en-gb"; one code keeps pages, e-mails and reminders alike. (Both read locale/en.)
LANGUAGE_CODE = "en"
# Each language by its own name: someone looking for theirs reads it in theirs.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
# Dates, times and numbers as each language writes them: crylog's format modules
# (crylog/formats/<language>/formats.py), read before Django's own; see docs/translation.md.
# Django always localises them (there is no USE_L10N any more); thousands are grouped only
# where crylog asks for it (number_format(..., force_grouping=True)), never in ids or URLs.
FORMAT_MODULE_PATH = ["crylog.formats"]
USE_TZ = True
# crylog's catalogues (manage.py makemessages writes them), then allauth's words in sentence
# case ("Sign in"; tools/sentence_case.py), kept apart so that makemessages leaves them alone.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "crylog" / "accounts" / "allauth_locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "crylog.lib.staticfiles.ModuleManifestStorage"
        )
    },
}
# In development whitenoise serves straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Content-Security-Policy: everything from our own origin, nothing inline.
# htmx is loaded with a nonce by {% htmx_script %}; no page has an inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database only, so a log-out ends the session in every process at once.
# Each row names its person (crylog/accounts/sessions.py): deleting an account deletes its
# sessions, and "Sign out everywhere else" is one query.
SESSION_ENGINE = "crylog.accounts.sessions"
# The session cookie is the only cookie crylog sets (the privacy page says so): the CSRF
# secret and the messages ("Saved.") are kept in the session, not in cookies of their own.
# A visitor who only reads public pages gets no session; a form (log in, sign up) starts one.
CSRF_USE_SESSIONS = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Where a person is signed in (allauth.usersessions), listed on Settings → Where you're signed in.
USERSESSIONS_TRACK_ACTIVITY = False  # no write on every request; sign-in time, device and address
# Browser features crylog never uses are denied; passkeys may come, so WebAuthn stays ours.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if env_bool("BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail through Django's mailers. Development prints mail to the console unless SMTP_HOST
# is set; production always sends through SMTP (a local relay on port 25 unless told otherwise).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "crylog <noreply@crylog.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_SMTP_GIVEN = bool(env_str("SMTP_HOST"))  # a named relay: submission port with STARTTLS
SMTP_HOST = env_str("SMTP_HOST", "" if DEBUG else "localhost")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", 587 if _SMTP_GIVEN else 25, minimum=1),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_USE_TLS", default=_SMTP_GIVEN),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work: Django's Tasks API, stored in our own database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# ---------------------------------------------------------------------------
# Follow-ups (crylog.followups): Web Push keys, delivery retries, the sweep.
# docs/followups.md explains each of these.
# ---------------------------------------------------------------------------
# VAPID keys, base64url: the private key's 32 raw bytes, the public key's 65-byte point.
# In development `make run` writes a pair into .local/vapid.env, read here when unset.
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
_DEV_VAPID_FILE = BASE_DIR / ".local" / "vapid.env"
if DEBUG and not VAPID_PRIVATE_KEY and _DEV_VAPID_FILE.exists():
    _dev_keys = dict(
        line.split("=", 1) for line in _DEV_VAPID_FILE.read_text().split() if "=" in line
    )
    VAPID_PUBLIC_KEY = _dev_keys.get("VAPID_PUBLIC_KEY", "")
    VAPID_PRIVATE_KEY = _dev_keys.get("VAPID_PRIVATE_KEY", "")
# Push services contact this address about problems; Apple's rejects @localhost.
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:crylog-development@example.com" if DEBUG else "")
if VAPID_PRIVATE_KEY and (
    not VAPID_SUBJECT.startswith(("mailto:", "https://")) or VAPID_SUBJECT.endswith("@localhost")
):
    raise ImproperlyConfigured(
        "VAPID_SUBJECT must be a real mailto: address (or https: URL) when VAPID keys are set"
    )
# Subscriptions are accepted only for these push services (host or .suffix): no one can make
# the worker POST to an address of their choosing.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    ["fcm.googleapis.com", ".push.services.mozilla.com", ".push.apple.com", ".notify.windows.com"],
)
PUSH_TIMEOUT_SECONDS = env_int("PUSH_TIMEOUT_SECONDS", 10, minimum=1)
PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 3600, minimum=60)
# Temporary failures are tried again after 1, 2, 4, 8 minutes (doubling, at most 15).
FOLLOWUP_MAX_ATTEMPTS = env_int("FOLLOWUP_MAX_ATTEMPTS", 5, minimum=1)
FOLLOWUP_RETRY_SECONDS = env_int("FOLLOWUP_RETRY_SECONDS", 60, minimum=1)
# A delivery's claim on a follow-up. A delivery starts no send after half of it has passed,
# so a claim is always settled (or let go) before another delivery may take it over.
FOLLOWUP_CLAIM_LEASE_SECONDS = env_int("FOLLOWUP_CLAIM_LEASE_SECONDS", 300, minimum=5)
# A delivery task takes up to this many due follow-ups with its own and sends this many at once.
FOLLOWUP_BATCH_SIZE = env_int("FOLLOWUP_BATCH_SIZE", 100, minimum=1)
FOLLOWUP_SEND_THREADS = env_int("FOLLOWUP_SEND_THREADS", 16, minimum=1)
# The sweep runs this often, and enqueues again what is this overdue without a delivery.
FOLLOWUP_SWEEP_INTERVAL_SECONDS = env_int("FOLLOWUP_SWEEP_INTERVAL_SECONDS", 30, minimum=1)
FOLLOWUP_SWEEP_GRACE_SECONDS = env_int("FOLLOWUP_SWEEP_GRACE_SECONDS", 120, minimum=0)
FOLLOWUP_ATTEMPTS_KEEP_DAYS = env_int("FOLLOWUP_ATTEMPTS_KEEP_DAYS", 30, minimum=1)

# The limit on new cries per person, over the last hour and the last day: far above anyone's
# crying (docs/architecture.md, "The limit on new cries"). benchmarks/load.py raises it for
# the people it makes up, who log a cry every few seconds.
CRIES_PER_HOUR = env_int("CRIES_PER_HOUR", 30, minimum=1)
CRIES_PER_DAY = env_int("CRIES_PER_DAY", 200, minimum=1)

# Logs and error reports never carry what people wrote (crylog/lib/logs.py): tracebacks are
# logged without exception messages, Django's loggers write through the same console handler,
# and reports e-mailed to ADMINS show no form values, variables or exception messages.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "withhold_messages": {"()": "crylog.lib.logs.WithholdExceptionMessages"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["withhold_messages"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Insights: plotly.js's partial bundle (scatter, bar, pie), pinned in package.json and
# installed into node_modules by `make npm`, where tools/plotly_bundle.mjs puts Chromium's
# compile hint in front of it; served by whitenoise as static/vendor/plotly/.
STATICFILES_DIRS += [("vendor/plotly", BASE_DIR / "node_modules" / ".crylog" / "plotly")]  # type: ignore[list-item]

# Error reports name fields and variables but never show their values (crylog/lib/logs.py).
DEFAULT_EXCEPTION_REPORTER = "crylog.lib.logs.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "crylog.lib.logs.PrivateExceptionReporterFilter"

# Your data: export and import (crylog/yourdata/, docs/data-export.md).
IMPORT_MAX_BYTES = 20_000_000  # a long history of 10,000 cries exports to about 7–15 MB

# Passkeys (allauth.mfa's WebAuthn): added on Settings → Passkeys, used on the log-in page
# instead of the password, never as a second step after it (crylog/accounts/passkeys.py).
# No passkey sign-up: docs/privacy-and-safety.md says why.
INSTALLED_APPS += ["allauth.mfa"]
MFA_SUPPORTED_TYPES = ["webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_ADAPTER = "crylog.accounts.passkeys.PasskeyAdapter"
MFA_FORMS = {
    "add_webauthn": "crylog.accounts.passkeys.AddPasskeyForm",
    "login_webauthn": "crylog.accounts.passkeys.LoginPasskeyForm",
    "reauthenticate_webauthn": "crylog.accounts.passkeys.ConfirmWithPasskeyForm",
    "edit_webauthn": "crylog.accounts.passkeys.RenamePasskeyForm",
}
