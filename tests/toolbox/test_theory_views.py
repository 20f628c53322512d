"""The theory pages through the test client: list, create, the backwards stepper with its
Danish errors, editing, versions, sharing, presentation, and who may do what."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.results.models import FigureValue
from fremdrift.results.selectors import latest_month
from fremdrift.toolbox.models import Horizon, Revision, TheoryItem, TheoryOfChange
from fremdrift.toolbox.theory.services import item_bind, theory_new_version
from tests.conftest import login
from tests.results.helpers import citizen, period
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db


def main(response) -> str:
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def step_url(theory, step: int) -> str:
    return reverse("toolbox:theory_step", kwargs={"pk": theory.pk, "step": step})


def detail_url(theory) -> str:
    return reverse("toolbox:theory_detail", kwargs={"pk": theory.pk})


@pytest.fixture
def m3_rows(odense):
    month = latest_month()
    FigureValue.objects.create(
        municipality=odense, figure="M3", month=month, numerator=62, denominator=200
    )
    FigureValue.objects.create(
        municipality=odense, figure="M3", month=month - 12, numerator=25, denominator=100
    )


def test_list_groups_by_target_group_with_version_kind_and_who(
    odense_manager, odense_caseworker, holbaek
):
    first = build_theory(odense_manager)
    theory_new_version(actor=odense_manager, theory=first)
    other = build_theory(odense_manager)
    other.target_group = "Jobparate borgere"
    other.save()
    body = main(login(odense_caseworker).get(reverse("toolbox:theory_list")))
    groups = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', body)
    assert groups == ["Aktivitetsparate borgere", "Jobparate borgere"]
    assert body.count('data-testid="theory-row"') == 3
    rows = re.findall(r'<tr data-testid="theory-row">(.*?)</tr>', body, re.S)
    assert "<td>2</td>" in rows[0] and "<td>1</td>" in rows[1]  # newest version first
    assert "Forandringsteori" in rows[0] and "Lars Bach" in rows[0]
    # Only the manager is offered to create one.
    assert "theory-create-link" not in body
    assert "theory-create-link" in main(login(odense_manager).get(reverse("toolbox:theory_list")))


def test_the_list_shows_only_the_own_municipalitys_documents(odense_manager, holbaek):
    build_theory(odense_manager)
    from tests.factories import UserFactory

    holbaek_manager = UserFactory(role="manager", municipality=holbaek)
    body = main(login(holbaek_manager).get(reverse("toolbox:theory_list")))
    assert 'data-testid="theory-none"' in body and "Aktivitetsparate borgere" not in body


def test_create_then_fill_in_backwards_and_see_the_m3_value(odense, odense_manager, m3_rows):
    load_builtin_instruments()
    for _n in range(3):  # three activity-ready citizens in the programme today
        who = citizen(odense)
        period(who, "programme", latest_month_start())
        period(who, "visitation", latest_month_start(), code="activity_ready")
    client = login(odense_manager)
    response = client.post(
        reverse("toolbox:theory_create"),
        {"kind": "change", "title": "Aktivitetsparate", "target_group": "Aktivitetsparate",
         "segment": "activity_ready"},
    )  # fmt: skip
    theory = TheoryOfChange.objects.get()
    assert response.status_code == 302 and response["Location"] == step_url(theory, 0)
    page = main(client.get(step_url(theory, 0)))
    assert re.search(r'data-testid="theory-group-size"><strong>3</strong>', page)
    response = client.post(
        step_url(theory, 0),
        {"title": "Aktivitetsparate", "target_group": "Aktivitetsparate",
         "segment": "activity_ready", "can_wants": "Vil og kan", "cannot_not_wants": "Hverken",
         "work_identity": "Landbrug", "family": "Mange børn", "purpose": "Flere i job",
         "version": 1},
    )  # fmt: skip
    assert response["Location"] == step_url(theory, 1)
    theory.refresh_from_db()
    assert (theory.can_wants, theory.family) == ("Vil og kan", "Mange børn")
    # Step 1: a long-term result bound to M3.
    step1 = main(client.get(step_url(theory, 1)))
    assert "Langsigtede resultater" in step1 and "Start med målet" in step1
    client.post(step_url(theory, 1), {"punkt-text": "Flere i tilbud", "punkt-figure": "M3"})
    long = TheoryItem.objects.get(horizon="long")
    assert long.figure == "M3"
    # Step 3: a short-term result; step 4: an activity leading to it.
    client.post(step_url(theory, 3), {"punkt-text": "Kender egne kompetencer"})
    short = TheoryItem.objects.get(horizon="short")
    step4 = main(client.get(step_url(theory, 4)))
    assert f'value="{short.pk}"' in step4 and "Kender egne kompetencer" in step4
    response = client.post(
        step_url(theory, 4), {"punkt-text": "Kompetenceafklaring", "punkt-leads_to": [short.pk]}
    )
    assert response.status_code == 302
    activity = TheoryItem.objects.get(horizon="activity")
    assert list(activity.leads_to.all()) == [short]
    # The diagram on the detail page shows the value against the baseline.
    detail = main(client.get(detail_url(theory)))
    assert 'data-testid="theory-diagram"' in detail
    assert detail.count('class="link"') == 1 and detail.count('class="box"') == 3
    value = re.search(r'data-testid="theory-value"[^>]*data-code="M3"[^>]*>(.*?)</text>', detail)
    assert "M3: 31,0 % (baseline 25,0 %)" in re.sub(r"<[^>]+>", "", value.group(1))
    assert 'data-testid="theory-definitions"' in detail and "Population" in detail
    assert Revision.objects.filter(document_id=theory.pk).count() == 5


def latest_month_start():
    from fremdrift.core.months import month_start

    return month_start(latest_month() - 2)


def test_binding_both_is_refused_in_danish_and_saves_nothing(odense_manager):
    load_builtin_instruments()
    theory = build_theory(odense_manager)
    response = login(odense_manager).post(
        step_url(theory, 1),
        {"punkt-text": "Begge dele", "punkt-figure": "M3", "punkt-dimension": "job_search"},
    )
    assert response.status_code == 400
    body = main(response)
    assert "Vælg enten et nøgletal eller et progressionsområde, ikke begge." in body
    assert "Der er fejl i formularen" in body
    assert not TheoryItem.objects.filter(text="Begge dele").exists()


def test_errors_per_field_in_danish(odense_manager):
    theory = build_theory(odense_manager)
    client = login(odense_manager)
    short = theory.items.get(horizon=Horizon.SHORT)
    # A link to the left is not even offered; posting it anyway is refused.
    response = client.post(
        step_url(theory, 2), {"punkt-text": "Mellem", "punkt-leads_to": [short.pk]}
    )
    assert response.status_code == 400
    assert "Fører til" in main(response) and "Marker en gyldig valgmulighed" in main(response)
    # A long-term result has nothing to its right: a posted link is not even read.
    client.post(step_url(theory, 1), {"punkt-text": "Langt", "punkt-leads_to": [short.pk]})
    assert not TheoryItem.objects.get(text="Langt").leads_to.exists()
    response = client.post(step_url(theory, 2), {"punkt-text": ""})
    assert response.status_code == 400 and "Dette felt er påkrævet" in main(response)
    response = client.post(step_url(theory, 2), {"punkt-text": "x" * 301})
    assert response.status_code == 400 and "300 tegn" in main(response)
    response = client.post(step_url(theory, 0), {"title": "", "target_group": "", "segment": "z"})
    assert response.status_code == 400 and "Dette felt er påkrævet" in main(response)
    assert theory.items.count() == 5


def test_activities_are_not_offered_a_binding(odense_manager):
    theory = build_theory(odense_manager)
    page = main(login(odense_manager).get(step_url(theory, 4)))
    assert 'data-testid="theory-binding"' not in page
    assert 'data-testid="theory-binding"' in main(login(odense_manager).get(step_url(theory, 2)))
    # Posting a binding to an activity anyway: the form has no such field, nothing is bound.
    login(odense_manager).post(step_url(theory, 4), {"punkt-text": "Mentor", "punkt-figure": "M3"})
    assert TheoryItem.objects.get(text="Mentor").figure == ""


def test_edit_and_delete_an_item(odense_manager):
    theory = build_theory(odense_manager)
    client = login(odense_manager)
    short = theory.items.get(horizon=Horizon.SHORT)
    long = theory.items.get(horizon=Horizon.LONG)
    url = reverse("toolbox:theory_item_edit", kwargs={"pk": theory.pk, "item_pk": short.pk})
    form = main(client.get(url))
    assert "Borgeren kender sine kompetencer" in form and f'value="{long.pk}"' in form
    response = client.post(
        url,
        {
            "punkt-text": "Ny tekst",
            "punkt-leads_to": [long.pk],
            "punkt-figure": "M1",
            "punkt-version": 1,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#punkt-{short.pk}")
    short.refresh_from_db()
    assert (short.text, short.figure, list(short.leads_to.all())) == ("Ny tekst", "M1", [long])
    delete = reverse("toolbox:theory_item_delete", kwargs={"pk": theory.pk, "item_pk": short.pk})
    assert client.get(delete).status_code == 405
    response = client.post(delete)
    assert response["Location"] == step_url(theory, 3)
    assert not theory.items.filter(pk=short.pk).exists()
    # An item of another theory cannot be reached through this one.
    other = build_theory(odense_manager).items.first()
    wrong = reverse("toolbox:theory_item_edit", kwargs={"pk": theory.pk, "item_pk": other.pk})
    assert client.get(wrong).status_code == 404


def test_new_version_and_the_list_shows_both(odense_manager):
    theory = build_theory(odense_manager)
    client = login(odense_manager)
    response = client.post(reverse("toolbox:theory_new_version", kwargs={"pk": theory.pk}))
    copy = TheoryOfChange.objects.get(version=2)
    assert response["Location"] == detail_url(copy)
    detail = main(client.get(detail_url(copy)))
    assert 'data-testid="theory-versions"' in detail and "version 1" in detail
    assert copy.items.count() == theory.items.count() == 4
    assert (
        client.get(reverse("toolbox:theory_new_version", kwargs={"pk": theory.pk})).status_code
        == 405
    )


def test_sharing_lets_the_facilitator_read_but_never_change(odense_manager, facilitator):
    theory = build_theory(odense_manager)
    manager, outsider = login(odense_manager), login(facilitator)
    assert outsider.get(detail_url(theory)).status_code == 404
    share = reverse("toolbox:theory_share", kwargs={"pk": theory.pk})
    manager.post(share, {"shared": "1"})
    theory.refresh_from_db()
    assert theory.shared
    page = main(outsider.get(detail_url(theory)))
    assert "Flere i ordinært job" in page
    assert "Redigér trin for trin" not in page and "Ny version" not in page
    assert outsider.get(step_url(theory, 0)).status_code == 404
    assert outsider.post(share, {"shared": "0"}).status_code == 404
    assert (
        outsider.get(reverse("toolbox:theory_present", kwargs={"pk": theory.pk})).status_code == 200
    )
    manager.post(share, {"shared": "0"})
    assert outsider.get(detail_url(theory)).status_code == 404
    summaries = list(
        Revision.objects.filter(document_id=theory.pk).values_list("summary", flat=True)
    )
    assert "Stoppede delingen med facilitatoren" in summaries


def test_staff_read_but_only_the_manager_edits(odense_manager, odense_caseworker):
    theory = build_theory(odense_manager)
    client = login(odense_caseworker)
    page = main(client.get(detail_url(theory)))
    assert "Kompetenceafklaring" in page and 'data-testid="theory-history"' in page
    assert "Redigér trin for trin" not in page and "Del med facilitator" not in page
    assert client.get(step_url(theory, 1)).status_code == 404
    assert client.get(reverse("toolbox:theory_create")).status_code == 404
    manager_page = main(login(odense_manager).get(detail_url(theory)))
    assert "Redigér trin for trin" in manager_page and "Del med facilitator" in manager_page


def test_history_on_the_detail_page_says_who_what_and_when(odense_manager):
    theory = build_theory(odense_manager)
    page = main(login(odense_manager).get(detail_url(theory)))
    history = re.search(r'data-testid="theory-history".*?</table>', page, re.S).group(0)
    assert history.count("<tr>") == 6  # header + five changes
    assert "Lars Bach" in history and "Tilføjede aktivitet: Kompetenceafklaring" in history


def test_steps_outside_the_five_are_not_found(odense_manager):
    theory = build_theory(odense_manager)
    assert login(odense_manager).get(step_url(theory, 5)).status_code == 404
    page = main(login(odense_manager).get(step_url(theory, 4)))
    assert page.count('aria-current="step"') == 1 and 'data-testid="theory-done"' in page


def test_presentation_has_target_group_each_column_and_the_diagram(odense_manager, m3_rows):
    theory = build_theory(odense_manager)
    item_bind(actor=odense_manager, item=theory.items.get(horizon=Horizon.LONG), figure="M3")
    client = login(odense_manager)
    url = reverse("toolbox:theory_present", kwargs={"pk": theory.pk})
    first = client.get(url).content.decode()
    assert "Afsnit 1 af 6" in first and 'data-testid="theory-matrix"' in first
    second = client.get(f"{url}?afsnit=2").content.decode()
    assert "<h1>Langsigtede resultater</h1>" in second and "M3: 31,0 %" in second
    fifth = client.get(f"{url}?afsnit=5").content.decode()
    assert "<h1>Aktiviteter</h1>" in fifth and "Kompetenceafklaring" in fifth
    last = client.get(f"{url}?afsnit=6").content.decode()
    assert 'data-testid="theory-diagram"' in last and "Definitioner" in last
