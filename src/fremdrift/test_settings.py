"""Test settings: production settings with fast hashing and plain static files."""

from fremdrift.settings import *  # noqa: F403
from fremdrift.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod uses argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": None}
AXES_FAILURE_LIMIT = 3
# Tests serve static files from the source folders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Hundreds of tests log in with force_login, one step; tests/twofactor turn the second factor on.
TWO_FACTOR_REQUIRED = False
# On SQLite the progress database is a file of its own holding one table (core/progress.py,
# ProgressRouter). Migrating it ran all ~120 migrations a second time in each test process
# (about half of the ~25 s each spends creating its databases); the table is made from its
# model instead. The default database is still built by the migrations, as before.
if "MIRROR" not in DATABASES["progress"].get("TEST", {}):
    DATABASES["progress"]["TEST"] = {"MIGRATE": False}
