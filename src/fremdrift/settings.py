"""Django settings for Fremdrift, read from the environment (see docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from fremdrift.config import (
    check_production_safety,
    env_bool,
    env_int,
    env_list,
    env_str,
    persistent_secret,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("FREMDRIFT_HOME", str(Path.cwd())))
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)
# Which keys were generated into VAR_DIR instead of coming from the environment: fine on one
# machine, wrong on several (`fremdrift check --deploy` says so, core/checks.py).
KEYS_FROM_FILES = [
    name for name in ("SECRET_KEY", "FIELD_KEY", "AUDIT_KEY") if not os.environ.get(name)
]
SECRET_KEY = persistent_secret("SECRET_KEY", VAR_DIR)
# Key for the CPR number's encryption and look-up digest: separate from SECRET_KEY so the
# session key can be rotated without making stored CPR numbers unreadable.
FIELD_KEY = persistent_secret("FIELD_KEY", VAR_DIR)
# Key of the audit log's chains (HMAC) and of its checkpoints: kept outside the database, so
# whoever can write the database cannot re-hash a changed log (audit/chain.py).
AUDIT_KEY = persistent_secret("AUDIT_KEY", VAR_DIR)
# Where the worker writes the signed checkpoints of the audit chains: outside the database,
# ideally a write-once share the database administrators cannot change (docs/operations.md).
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 60)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

check_production_safety(
    debug=DEBUG, secret_key=SECRET_KEY, demo_mode=DEMO_MODE, allowed_hosts=ALLOWED_HOSTS
)

INSTALLED_APPS = [
    "django.forms",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "fremdrift.core",
    "fremdrift.accounts",
    "fremdrift.audit",
    "fremdrift.citizens",
    "fremdrift.companies",
    "fremdrift.competences",
    "fremdrift.journey",
    "fremdrift.activation",
    "fremdrift.conversations",
    "fremdrift.plans",
    "fremdrift.instruments",
    "fremdrift.progression",
    "fremdrift.results",
    "fremdrift.caseimport",
    "fremdrift.retention",
    "fremdrift.toolbox",
    "fremdrift.twofactor",
    # Before djangosaml2, so its templates give way to ours.
    "fremdrift.sso",
    "djangosaml2",
    "fremdrift.demo",
]

MIDDLEWARE = [
    "fremdrift.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "fremdrift.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # djangosaml2's session of its own (sso/): its cookie comes back on the identity
    # provider's POST from another site, where the Lax session cookie does not.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "fremdrift.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # After the user is known, so 400.html renders with the page's header.
    "fremdrift.core.middleware.RefuseNulMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle sessions end, a temporary password is changed first (after messages: it says why).
    "fremdrift.accounts.middleware.SessionRulesMiddleware",
    # A password login that still owes its second factor reaches only the code pages.
    "fremdrift.twofactor.middleware.SecondFactorMiddleware",
    # A refused anonymised citizen (accounts.scoping) as its own page, with the user's header.
    "fremdrift.citizens.middleware.AnonymisedCitizenMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so a lockout answers after authentication has been attempted.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fremdrift.urls"
WSGI_APPLICATION = "fremdrift.wsgi.application"

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
                "fremdrift.accounts.context_processors.navigation",
                "fremdrift.demo.context_processors.demo_banner",
            ],
        },
    },
]

FORM_RENDERER = "fremdrift.core.forms.DkfdsFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fremdrift.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one worker writes; IMMEDIATE avoids lock upgrades
    # that would fail with "database is locked" under concurrent writes. The figure
    # computation's temporary tables and sorts stay in memory (temp_store).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
        ),
    }

# Long work (figure rebuilds, large imports, report PDFs) runs in `fremdrift worker`, which
# takes jobs from this queue in the product's own database: nothing else to run or back up.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# A long job's progress is written through a connection of its own (core/progress.py): on
# PostgreSQL the same database again; on SQLite, whose single writer is busy with the job's
# own transaction, a small database file beside the main one.
PROGRESS_DATABASE_SEPARATE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if PROGRESS_DATABASE_SEPARATE:
    DATABASES["progress"] = {
        **DATABASES["default"],
        "NAME": str(VAR_DIR / "progress.sqlite3"),
        "OPTIONS": {**DATABASES["default"]["OPTIONS"]},
    }
else:
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["fremdrift.core.progress.ProgressRouter"]
# A case upload larger than this (both files together) is imported by the job worker, with a
# progress page; a smaller one in the request. About 2,000 citizen rows.
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 256 * 1024)

# Each web process keeps rendered parts of pages in its own memory (core/fragments.py), under
# keys that change with the data: nothing shared, nothing on disk.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fremdrift.accounts.backends.FremdriftBackend",
    # Sessions begun through a municipality's identity provider (sso/backends.py).
    "fremdrift.sso.backends.SamlBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "fremdrift.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# A second factor (TOTP, with recovery codes) for the local password accounts with wide
# access: managers, administrators, the facilitator and the operator (twofactor/policy.py).
# Off in demo mode, where the demo logins stay one step. Sessions from single sign-on are
# exempt: the identity provider asks for its own second factor.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEMO_MODE)
# The backends whose sessions are password logins here (force_login names the first).
TWO_FACTOR_PASSWORD_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fremdrift.accounts.backends.FremdriftBackend",
]
# django-otp's throttle: after n wrong codes in a row a device takes no code for
# factor * 2^(n-1) seconds (1, 2, 4 ... 512 s after ten).
OTP_TOTP_THROTTLE_FACTOR = env_int("TWO_FACTOR_THROTTLE_SECONDS", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
OTP_TOTP_ISSUER = env_str("TWO_FACTOR_ISSUER", "Fremdrift")

# The company's contact person answers a follow-up through a personal link without an
# account (companies.follow_up_services): valid this many days, and a client that tries
# this many wrong tokens within the minutes given is answered 429 until they have passed.
FOLLOW_UP_LINK_DAYS = env_int("FOLLOW_UP_LINK_DAYS", 14)
FOLLOW_UP_WRONG_TOKENS = env_int("FOLLOW_UP_WRONG_TOKENS", 10)
FOLLOW_UP_WRONG_TOKEN_MINUTES = env_int("FOLLOW_UP_WRONG_TOKEN_MINUTES", 15)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not DEMO_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_MINUTES", 8 * 60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A session unused this long ends (accounts.middleware), within SESSION_MINUTES at the most.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A year of HSTS. Django sends it only on a request that came over TLS (directly, or through
# a proxy that says so below), so plain HTTP on a laptop is unaffected.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The addresses of our own reverse proxies: only their X-Request-ID is taken over, so a
# client cannot choose the id its requests are logged and audited under.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Single sign-on (SAML 2.0) through each municipality's identity provider (sso/,
# docs/operations.md "Single sign-on for en kommune"). The identity providers are set up
# by the operator in the product; these are the service provider's own settings.
SAML_CONFIG_LOADER = "fremdrift.sso.saml_config.sp_config_loader"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""  # our own middleware sets the page's policy
SAML_SESSION_COOKIE_NAME = "fremdrift_saml"
# None lets the cookie come back on the identity provider's POST from its own site; browsers
# take None only on a Secure cookie, so plain http (a laptop, the tests) keeps Lax.
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
SSO_SP_ENTITY_ID = env_str("SSO_SP_ENTITY_ID", "")
SSO_SP_KEY_FILE = env_str("SSO_SP_KEY_FILE", "")
SSO_SP_CERT_FILE = env_str("SSO_SP_CERT_FILE", "")
SSO_XMLSEC_BINARY = env_str("SSO_XMLSEC_BINARY", "/usr/bin/xmlsec1")
SSO_ACCEPTED_CLOCK_SKEW_SECONDS = env_int("SSO_ACCEPTED_CLOCK_SKEW_SECONDS", 60)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Our own named date formats (British English, not American); see fremdrift/formats.
FORMAT_MODULE_PATH = ["fremdrift.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("PLAIN_STATIC_STORAGE", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "xmlschema": {"level": "WARNING"}},
}

CITIZEN_LIST_PAGE_SIZE = 25

# Origins that are not countries (see fremdrift.citizens.origin), and the countries whose
# Danish name django-countries' catalogue leaves in English (English in our own catalogue).
COUNTRIES_OVERRIDE = {
    "XS": _("Statsløs"),
    "XX": _("Ukendt"),
    "KH": _("Cambodja"),
    "CM": _("Cameroun"),
    "TD": _("Tchad"),
    "CX": _("Juleøen"),
    "NF": _("Norfolkøen"),
}
COUNTRIES_FIRST = ["SY", "UA", "ER", "AF"]
COUNTRIES_FIRST_REPEAT = True
