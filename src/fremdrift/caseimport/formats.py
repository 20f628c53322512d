"""The two files' format: their columns, the codes and values they may hold, the limits."""

from __future__ import annotations

import re

from fremdrift.citizens.cpr import plain_digits
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.models import Category
from fremdrift.journey.types import Absence, Outcome, PeriodKind, Visitation

# Rows handled together; read as formats.BATCH_SIZE so a test can make batches small.
BATCH_SIZE = 1000
MAX_LISTED_ERRORS = 100
# Parameters per IN (...) list: well below SQLite's and PostgreSQL's limits.
IN_CHUNK = 500

CITIZEN_FILE = "borgere.csv"
PERIOD_FILE = "perioder.csv"

CITIZEN_COLUMNS = (
    "borger_id",
    "cpr",
    "fornavn",
    "efternavn",
    "oprindelsesland",
    "kategori",
    "overtagelsesdato",
    "foretrukket_sprog",
    "tolk",
)
PERIOD_COLUMNS = (
    "periode_id",
    "borger_id",
    "art",
    "type",
    "start",
    "slut",
    "planlagt_slut",
    "timer_pr_uge",
    "cvr",
    "modul",
    "begrundelse",
)

# Citizen fields the import sets, in the order of the file's columns.
CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "country_of_origin",
    "category",
    "takeover_date",
    "preferred_language",
    "interpreter_needed",
)
PERIOD_FIELDS = (
    "kind",
    "code",
    "benefit_type_id",
    "offer_type_id",
    "start",
    "end",
    "planned_end",
    "reason",
    "hours_per_week",
    "company_id",
    "module",
)
# journey.rules key its errors by model field; the import names the file's column.
RULE_COLUMNS = {
    "start": "start",
    "end": "slut",
    "planned_end": "planlagt_slut",
    "code": "type",
    "benefit_type": "type",
    "offer_type": "type",
    "company": "cvr",
    "module": "modul",
    "reason": "begrundelse",
    "hours_per_week": "timer_pr_uge",
}

FIXED_CODES: dict[str, list[str]] = {
    PeriodKind.PROGRAMME: ["programme"],
    PeriodKind.VISITATION: list(Visitation.values),
    PeriodKind.ABSENCE: list(Absence.values),
    PeriodKind.OUTCOME: list(Outcome.values),
}
KINDS = list(PeriodKind.values)
CATEGORIES = list(Category.values)
LANGUAGES = [code for code, _name in CITIZEN_LANGUAGES]
YES = frozenset({"ja", "j", "1", "true", "sand"})
NO = frozenset({"nej", "n", "0", "false", "falsk", ""})
_CPR_LIKE = re.compile(r"(?<!\d)(\d{6})[- ]?\d{4}(?!\d)")
MAX_TEXT = 100
MAX_ID = 64  # external_id's length; a CPR digest (hex SHA-256) has the same


def show(value: str) -> str:
    """A cell's value as an error may quote it: any CPR number in it masked, long text cut."""
    text = _CPR_LIKE.sub(lambda m: f"{m.group(1)}-XXXX", value)
    return text if len(text) <= 40 else text[:37] + "..."


def masked_cpr(raw: str) -> str:
    """The CPR number as the product shows it (DDMMYY-XXXX), never the last four digits."""
    digits = re.sub(r"[^0-9]", "", plain_digits(raw))
    return f"{digits[:6]}-XXXX" if len(digits) >= 6 else "XXXXXX-XXXX"
