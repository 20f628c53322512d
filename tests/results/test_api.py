"""The figures as JSON (/resultater/api/tal): each user's scope, suppression for the
facilitator, and the Danish error messages for a bad question; and the same rows from the
command `fremdrift figures`, checked against the figure table."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fremdrift.core.months import month_code, month_end
from fremdrift.results.definitions import M2
from fremdrift.results.models import FigureValue, Source
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from tests.conftest import login
from tests.results.test_views import SURNAME, build_m2, build_odense

pytestmark = pytest.mark.django_db


def api(client, **params):
    return client.get(reverse("results:api"), params)


@pytest.fixture
def figures(odense, holbaek, odense_caseworker):
    """Odense: M2 0 of 2 in month L-2, 1 of 2 in L-1 and L. Holbæk: 3 of 3."""
    build_odense(odense, odense_caseworker)
    build_m2(holbaek, 3, 3, first_name="Yusuf")
    rebuild()


def test_a_manager_gets_the_own_municipalitys_rows_with_the_definition(figures, odense_manager):
    last = latest_month()
    response = api(
        login(odense_manager), figure="M2", **{"from": month_code(last - 2), "to": month_code(last)}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["figure"]["code"] == "M2" and data["figure"]["unit"] == "share"
    assert data["figure"]["population"] == str(M2.population)
    assert data["figure"]["numerator"] == str(M2.numerator)
    assert (data["from"], data["to"]) == (month_code(last - 2), month_code(last))
    assert data["suppressed_below"] is None
    rows = [
        (r["municipality"], r["period"], r["numerator"], r["denominator"], r["value"])
        for r in data["values"]
    ]
    assert rows == [
        ("461", month_code(last - 2), 0, 2, 0.0),
        ("461", month_code(last - 1), 1, 2, 50.0),
        ("461", month_code(last), 1, 2, 50.0),
    ]
    assert data["values"][-1]["reference_date"] == month_end(last).isoformat()
    assert not any(r["suppressed"] for r in data["values"])
    # Nothing imported from Jobindsats: each month's national average is missing, said so.
    assert [(n["period"], n["value"], n["missing"], n["source"]) for n in data["national"]] == [
        (month_code(m), None, True, None) for m in range(last - 2, last + 1)
    ]
    assert data["national_source"] == "intet tal fra Jobindsats.dk er indlæst for perioden"


def test_months_may_be_written_with_a_dash_and_default_to_the_last_twelve(figures, odense_manager):
    last = latest_month()
    client = login(odense_manager)
    dashed = f"{last // 12}-{last % 12 + 1:02d}"
    data = api(client, figure="m2", **{"from": dashed, "to": dashed}).json()
    assert [r["period"] for r in data["values"]] == [month_code(last)]
    data = api(client, figure="M2").json()
    assert (data["from"], data["to"]) == (month_code(last - 11), month_code(last))
    assert len(data["values"]) == 12


def test_another_municipality_is_refused_with_nothing_of_it_shown(figures, odense_manager):
    response = api(login(odense_manager), figure="M2", municipality="316")
    assert response.status_code == 400
    data = response.json()
    assert data == {"fejl": {"municipality": "Du har kun adgang til tal for din egen kommune."}}
    assert "Holbæk" not in response.content.decode()


def test_a_caseworker_in_holbaek_never_sees_odense(figures, holbaek_caseworker):
    client = login(holbaek_caseworker)
    last = latest_month()
    data = api(client, figure="M2", **{"from": month_code(last), "to": month_code(last)}).json()
    assert [(r["municipality"], r["numerator"], r["denominator"]) for r in data["values"]] == [
        ("316", 3, 3)
    ]
    # Within the municipality nothing is suppressed, even under five.
    assert data["values"][0]["suppressed"] is False
    for params in ({"municipality": "461"}, {}):
        body = api(client, figure="M2", **params).content.decode()
        assert "Odense" not in body and '"461"' not in body
    assert api(client, figure="M2", municipality="461").status_code == 400


def test_the_facilitator_gets_every_project_municipality_suppressed_under_five(
    odense, holbaek, facilitator
):
    build_m2(odense, 12, 7)
    build_m2(holbaek, 3, 3, first_name="Yusuf")
    rebuild()
    last = latest_month()
    response = api(
        login(facilitator), figure="M2", **{"from": month_code(last), "to": month_code(last)}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["suppressed_below"] == 5
    rows = {r["municipality"]: r for r in data["values"]}
    assert set(rows) == {"461", "316"}
    assert (rows["461"]["numerator"], rows["461"]["denominator"]) == (7, 12)
    assert rows["461"]["value"] == pytest.approx(58.3333) and not rows["461"]["suppressed"]
    holbaek_row = rows["316"]
    assert holbaek_row["suppressed"] is True
    assert (holbaek_row["numerator"], holbaek_row["denominator"], holbaek_row["value"]) == (
        None,
        None,
        None,
    )
    assert SURNAME not in response.content.decode()


def test_the_facilitator_may_ask_for_one_municipality(odense, holbaek, facilitator):
    build_m2(holbaek, 3, 3)
    rebuild()
    data = api(login(facilitator), figure="M2", municipality="316").json()
    assert {r["municipality"] for r in data["values"]} == {"316"}
    last_row = data["values"][-1]
    assert last_row["period"] == month_code(latest_month()) and last_row["suppressed"] is True


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"figure": "M9"}, "figure", "Ukendt nøgletal 'M9'. Brug et af: M1, M2, M3, programme"),
        ({"figure": ""}, "figure", "Ukendt nøgletal ''."),
        ({"figure": "M2", "from": "2024-13"}, "from", "from: Måneden i 2024-13 findes ikke."),
        ({"figure": "M2", "to": "marts"}, "to", "to: Perioden 'marts' kan ikke læses"),
        ({"figure": "M2", "from": "2024Q1"}, "from", "from: Skriv en måned som 2018-03."),
        (
            {"figure": "M2", "from": "2024-05", "to": "2024-04"},
            "to",
            "Slutmåneden ligger før startmåneden.",
        ),
        ({"figure": "M2", "from": "2010-01", "to": "2024-01"}, "to", "Højst ti år ad gangen."),
    ],
)
def test_a_bad_question_is_answered_in_danish(figures, odense_manager, params, field, message):
    response = api(login(odense_manager), **params)
    assert response.status_code == 400
    errors = response.json()["fejl"]
    assert field in errors and errors[field].startswith(message), errors
    assert "values" not in response.json()


def test_an_unknown_municipality_for_the_facilitator(figures, facilitator):
    response = api(login(facilitator), figure="M2", municipality="999")
    assert response.status_code == 400
    assert response.json()["fejl"] == {"municipality": "Kommunekoden 999 findes ikke."}


def test_who_has_no_access_to_figures(figures, odense_admin, client):
    assert api(login(odense_admin), figure="M2").status_code == 404
    # Without a login: to the login page, with no figures in the answer.
    anonymous = api(client, figure="M2")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login") + "?next=")
    assert b"Odense" not in anonymous.content and b"numerator" not in anonymous.content


# -- the command ------------------------------------------------------------------------------


def figures_command(*args: str) -> str:
    out = io.StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def table(municipality, figure: str, month: int) -> tuple[float, float | None]:
    """The figure table's own row for the month; no row means nobody was counted."""
    row = FigureValue.objects.filter(
        municipality=municipality, figure=figure, month=month, dim="", source=Source.OWN
    ).first()
    return (row.numerator, row.denominator) if row else (0.0, 0.0)


def dashed(month: int) -> str:
    return f"{month // 12}-{month % 12 + 1:02d}"


def test_the_command_writes_the_tables_values_as_csv(figures, odense):
    last = latest_month()
    text = figures_command(
        "--municipality", "461", "--figure", "M2", "--from", dashed(last - 4), "--to",
        dashed(last), "--format", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["period"] for r in rows] == [month_code(m) for m in range(last - 4, last + 1)]
    for month, row in zip(range(last - 4, last + 1), rows, strict=True):
        numerator, denominator = table(odense, "M2", month)
        assert (float(row["numerator"]), float(row["denominator"])) == (numerator, denominator)
        assert row["municipality"] == "461" and row["name"] == "Odense"
    # The built citizens: nobody before L-3, then 0 of 2, 0 of 2, 1 of 2, 1 of 2.
    assert [(r["numerator"], r["denominator"], r["value"]) for r in rows] == [
        ("0.0", "0.0", ""),
        ("0.0", "2.0", "0.0"),
        ("0.0", "2.0", "0.0"),
        ("1.0", "2.0", "50.0"),
        ("1.0", "2.0", "50.0"),
    ]


def test_the_command_and_the_api_give_the_same_rows(figures, odense_manager):
    last = latest_month()
    text = figures_command(
        "--municipality", "461", "--figure", "M3", "--from", dashed(last - 5), "--to",
        dashed(last), "--format", "json",
    )  # fmt: skip
    result = json.loads(text)
    page = api(
        login(odense_manager),
        figure="M3",
        **{"from": month_code(last - 5), "to": month_code(last)},
    ).json()
    assert result["values"] == page["values"]
    assert result["figure"]["population"] == str(M2.population)  # M3 counts M2's population
    assert result["values"][-1]["value"] == 100.0


def test_the_command_is_the_servers_own_and_shows_small_numbers(figures, holbaek):
    last = latest_month()
    result = json.loads(
        figures_command("--municipality", "316", "--figure", "M2", "--to", dashed(last))
    )
    assert result["suppressed_below"] is None
    assert result["values"][-1]["numerator"] == 3 and not result["values"][-1]["suppressed"]
    assert table(holbaek, "M2", last) == (3.0, 3.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "999", "--figure", "M2"], "Kommunekoden 999 findes ikke."),
        (["--figure", "M2"], "Angiv kommunekoden, fx 461."),
        (["--municipality", "461", "--figure", "X"], "Ukendt nøgletal 'X'"),
        (["--municipality", "461", "--figure", "M2", "--from", "2024-00"], "Måneden i 2024-00"),
    ],
)
def test_the_command_refuses_a_bad_question(figures, args, message):
    with pytest.raises(CommandError, match=message):
        figures_command(*args)


def test_the_command_rebuilds_the_table_and_says_how_many_rows(figures, odense):
    FigureValue.objects.filter(source=Source.OWN).delete()
    text = figures_command("--rebuild", "--rewrite-finished-months", "--reason", "Test")
    own = FigureValue.objects.filter(source=Source.OWN).count()
    assert own > 0
    assert text.startswith(f"Nøgletal genberegnet: {own} rækker på ")
    assert table(odense, "M2", latest_month()) == (1.0, 2.0)


def test_a_plain_rebuild_leaves_the_finished_months_as_they_are(figures, odense):
    FigureValue.objects.filter(source=Source.OWN).delete()
    figures_command("--rebuild")
    # The latest full month is finished and frozen: the plain rebuild did not write it back.
    assert table(odense, "M2", latest_month()) == (0.0, 0.0)
    assert FigureValue.objects.filter(source=Source.OWN, month=latest_month() + 1).exists()


def test_rewriting_finished_months_needs_a_reason(figures):
    with pytest.raises(CommandError, match="--reason"):
        figures_command("--rebuild", "--rewrite-finished-months")
    with pytest.raises(CommandError, match="--rebuild"):
        figures_command("--rewrite-finished-months", "--reason", "Test")
