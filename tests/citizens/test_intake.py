"""Taking a citizen in: nobody falls between chairs, and implausible dates are refused.

Found by using the product: a citizen created through the form had no programme (so no phase,
no deadlines, in no figure) and no caseworker unless one was picked, and a takeover date
before the citizen turned 18, or in 1902, was accepted.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fremdrift.audit.models import AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import adult_from, takeover_errors
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.selectors import journey_settings
from tests.citizens.test_views import NEW, form_data
from tests.conftest import login

pytestmark = pytest.mark.django_db


def field_error(body: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">(.*?)</span>\s*(.*?)</span>', body, re.S)
    assert found, f"no error on {field}"
    return " ".join(found.group(2).split())


def test_creating_a_citizen_starts_the_programme_at_the_takeover_date(odense_caseworker):
    takeover = clock.today() - dt.timedelta(days=10)
    response = login(odense_caseworker).post(
        NEW,
        form_data(cpr="010190-1234", takeover_date=takeover.isoformat(), start_programme="on"),
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    programme = Period.objects.get(citizen=citizen)
    assert (programme.kind, programme.start, programme.end) == ("programme", takeover, None)
    # Planned for the municipality's programme length: one year by default.
    assert journey_settings(citizen.municipality).programme_years == 1
    assert programme.planned_end == takeover.replace(year=takeover.year + 1) - dt.timedelta(1)
    # Both writes are in the audit log.
    purposes = list(AuditEntry.objects.filter(citizen=citizen).values_list("purpose", flat=True))
    assert "Oprettelse i borgerregistret" in purposes
    assert any(p.startswith("Ny periode: ") for p in purposes)


def test_the_form_can_be_told_not_to_start_the_programme(odense_caseworker):
    # An unticked checkbox is simply not posted.
    response = login(odense_caseworker).post(NEW, form_data(cpr="010190-1234"))
    assert response.status_code == 302
    assert not Period.objects.exists()


def test_the_programme_box_is_ticked_and_the_caseworker_chosen_when_the_form_opens(
    odense_caseworker, odense_manager
):
    body = login(odense_caseworker).get(NEW).content.decode()
    assert re.search(r'<input type="checkbox" name="start_programme"[^>]*checked', body)
    selected = re.search(r'<select name="caseworker".*?</select>', body, re.S).group(0)
    assert re.search(rf'<option value="{odense_caseworker.pk}" selected>Mette Holm', selected)
    # A manager who registers a citizen is not made the caseworker by default.
    body = login(odense_manager).get(NEW).content.decode()
    selected = re.search(r'<select name="caseworker".*?</select>', body, re.S).group(0)
    assert " selected>" not in selected.replace('<option value="" selected>', "")


def test_a_failed_programme_start_saves_no_citizen_either(odense_caseworker, odense):
    settings = journey_settings(odense)
    settings.programme_years = 0  # only possible behind the form's back
    settings.save()
    response = login(odense_caseworker).post(
        NEW, form_data(cpr="010190-1234", start_programme="on")
    )
    assert response.status_code == 200
    assert not Citizen.objects.exists() and not Period.objects.exists()


@pytest.mark.parametrize(
    ("cpr", "takeover", "message"),
    [
        # Born 1 March 2010: 18 on 1 March 2028.
        ("010310-4321", "2028-02-29", "Borgeren var under 18 år på overtagelsesdatoen"),
        ("010190-1234", "1989-12-31", "Overtagelsesdatoen kan ikke ligge før 1. januar 1990."),
    ],
)
def test_an_implausible_takeover_date_is_refused_on_the_field(
    odense_caseworker, cpr, takeover, message
):
    response = login(odense_caseworker).post(
        NEW, form_data(cpr=cpr, takeover_date=takeover, start_programme="on")
    )
    assert response.status_code == 200
    assert message in field_error(response.content.decode(), "takeover_date")
    assert not Citizen.objects.exists()


def test_the_18th_birthday_of_someone_born_on_29_february():
    born = dt.date(2008, 2, 29)
    assert adult_from(born) == dt.date(2026, 3, 1)
    assert takeover_errors(dt.date(2026, 2, 28), born)
    assert not takeover_errors(dt.date(2026, 3, 1), born)
    assert adult_from(dt.date(2010, 2, 28)) == dt.date(2028, 2, 28)
