"""What the page benchmarks share: Django on the test settings in demo mode with a scratch
VAR_DIR, and Odense with its demo staff. Import it before anything from fremdrift."""

from __future__ import annotations

import os
import random
import tempfile

import django

os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="fremdrift-bench-"))
os.makedirs(os.path.join(os.environ["VAR_DIR"], "static"), exist_ok=True)
os.environ["DEMO_MODE"] = "true"  # the data is the synthetic demo generator's
os.environ["DJANGO_SETTINGS_MODULE"] = "fremdrift.test_settings"
django.setup()

from django.db import connection  # noqa: E402

from fremdrift.accounts.models import Municipality, User  # noqa: E402
from fremdrift.demo.generator import create_staff  # noqa: E402
from fremdrift.demo.names import StaffNames  # noqa: E402
from fremdrift.demo.reference import MUNICIPALITIES  # noqa: E402


def odense_with_staff(rng: random.Random) -> tuple[Municipality, dict[str, list[User]]]:
    """Odense and its demo staff, by role."""
    odense_ref = next(m for m in MUNICIPALITIES if m.code == "461")
    odense = Municipality.objects.create(code="461", name="Odense", size_group="large")
    return odense, create_staff(rng, odense, odense_ref, password="!", names=StaffNames(rng))


def analyze() -> None:
    """On PostgreSQL, statistics as autovacuum would gather them after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
