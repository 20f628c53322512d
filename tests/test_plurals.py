"""A count and its noun agree: '1 måned' / '2 måneder', '1 kommune' / '2 kommuner', in
Danish and in English (ngettext and {% blocktranslate count %}, never a fixed plural)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.accounts.lockout import lockout_response
from fremdrift.accounts.models import Municipality
from fremdrift.journey.selectors import journey_settings
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import Comparison, latest_month
from fremdrift.toolbox.selfeval.comparison import count_text
from tests.conftest import login
from tests.results.test_views import build_m2, build_odense, main


def _national(months: int) -> Comparison:
    last = latest_month()
    return Comparison(
        name="Landsgennemsnit",
        values={last - i: 40.0 for i in range(months)},
        imported={last - i: dt.date(2026, 11, 2) for i in range(months)},
    )


def test_the_national_source_names_one_month_and_two_months():
    assert _national(1).source_note == "Jobindsats.dk, udtrukket 2. november 2026 (1 måned)"
    assert _national(2).source_note == "Jobindsats.dk, udtrukket 2. november 2026 (2 måneder)"
    with translation.override("en"):
        assert _national(1).source_note == "Jobindsats.dk, extracted 2 November 2026 (1 month)"
        assert _national(2).source_note.endswith("(2 months)")


def _project_note(client) -> str:
    body = main(client.get(reverse("results:dashboard")).content.decode())
    summary = body.index('data-testid="summary-M2"')
    start = body.index('<th scope="row">Proje', summary)
    return body[start : body.index("</tr>", start)]


@pytest.mark.django_db
def test_the_project_average_names_one_municipality_and_two(odense, holbaek, odense_manager):
    build_odense(odense)
    build_m2(holbaek, 3, 3)
    rebuild()
    client = login(odense_manager)
    assert "af 2 kommuner;" in _project_note(client)
    Municipality.objects.filter(pk=holbaek.pk).update(in_project=False)
    note = _project_note(client)
    assert "af 1 kommune;" in note and "1 kommuner" not in note
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "average of 1 municipality;" in _project_note(client)


def test_a_count_of_answers_is_plural_in_english():
    assert count_text(12) == "12 svar"
    with translation.override("en"):
        assert count_text(12) == "12 responses"  # was '12 response': a plural read as singular
        assert count_text(1, threshold=1) == "1 response"


@pytest.mark.django_db
def test_the_lockout_names_one_minute_and_several(rf, settings):
    settings.AXES_COOLOFF_TIME = 1 / 60
    one = lockout_response(rf.get("/"), None, None).content.decode()
    assert "spærret i 1 minut." in one
    settings.AXES_COOLOFF_TIME = 0.5
    assert "spærret i 30 minutter." in lockout_response(rf.get("/"), None, None).content.decode()


@pytest.mark.django_db
def test_the_worklist_says_the_next_day_or_the_next_days(odense_manager):
    rules = journey_settings(odense_manager.municipality)
    client = login(odense_manager)
    worklist = reverse("journey:worklist")
    assert "inden for de næste 14 dage, pr." in client.get(worklist).content.decode()
    rules.due_soon_days = 1
    rules.save()
    body = client.get(worklist).content.decode()
    assert "inden for det næste døgn, pr." in body and "næste 1 dage" not in body
