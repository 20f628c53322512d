"""KL's checklist pages: create, answer in one form, one click to an action, PDF, slides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.models import ActionPlan, Checklist, ChecklistAnswer, PlanAction, Revision
from tests.conftest import login
from tests.plans.test_pdf import pdf_text
from tests.toolbox.boundary_plans import answer, make_checklist, make_plan

pytestmark = pytest.mark.django_db


def _form_data(checklist: Checklist, **answers: tuple[str, str]) -> dict:
    data = {
        "title": checklist.title,
        "filled_on": checklist.filled_on.isoformat(),
        "version": checklist.edit_version,
    }
    for key, (choice, note) in answers.items():
        data[f"answer_{key}"] = choice
        data[f"note_{key}"] = note
    return data


def test_manager_creates_a_checklist_and_goes_on_to_answer_it(odense_manager):
    load_builtin_instruments()
    client = login(odense_manager)
    response = client.post(reverse("toolbox:checklist_create"), {"title": "Ledergruppen"})
    checklist = Checklist.objects.get()
    assert response.url == reverse("toolbox:checklist_edit", kwargs={"pk": checklist.pk})
    form = client.get(response.url).content.decode()
    assert form.count('type="radio"') == 3 * len(checklist.version.items())
    assert "Ved virksomhederne, hvem de skal kontakte" in form
    assert ">Nej</label>" in form and ">Delvist</label>" in form and ">Ja</label>" in form


def test_create_without_title_says_so_and_saves_nothing(odense_manager):
    load_builtin_instruments()
    response = login(odense_manager).post(reverse("toolbox:checklist_create"), {"title": ""})
    assert "Giv tjeklisten en titel." in response.content.decode()
    assert not Checklist.objects.exists()


def test_answer_no_then_turn_it_into_an_action_in_one_click(odense_manager):
    older = make_plan(odense_manager, title="Ældre plan")
    newest = make_plan(odense_manager, title="Nyeste plan")
    checklist = make_checklist(odense_manager)
    client = login(odense_manager)
    saved = client.post(
        reverse("toolbox:checklist_edit", kwargs={"pk": checklist.pk}),
        _form_data(checklist, **{"visitation-hurtig": ("no", "Det tager seks uger")}),
    )
    assert saved.url == reverse("toolbox:checklist_detail", kwargs={"pk": checklist.pk})
    page = client.get(saved.url).content.decode()
    item = page.split('data-testid="checklist-item-visitation-hurtig"')[1].split("</li>")[0]
    assert "Nej" in item and "Det tager seks uger" in item
    assert 'data-testid="to-action-visitation-hurtig"' in item
    assert "Gør til handling" in item
    assert f'<option value="{newest.pk}" selected>' in item
    assert f'<option value="{older.pk}">' in item
    no = ChecklistAnswer.objects.get(item="visitation-hurtig")
    url = reverse("toolbox:checklist_to_action", kwargs={"pk": no.pk})
    response = client.post(url, {"plan": newest.pk})
    assert response.url.endswith("#svar-visitation-hurtig")
    action = PlanAction.objects.get()
    assert (action.plan, action.checklist_answer) == (newest, no)
    page = client.get(response.url).content.decode()
    assert "Handlingen er oprettet i handleplanen Nyeste plan." in page
    item = page.split('data-testid="checklist-item-visitation-hurtig"')[1].split("</li>")[0]
    assert 'data-testid="action-created-visitation-hurtig"' in item
    assert "Handling oprettet" in item
    assert f'href="/vaerktoejer/handleplan/{newest.pk}/#handling-{action.pk}"' in item
    assert "Gør til handling" not in item
    # A second click (e.g. the back button) makes no duplicate.
    client.post(url, {"plan": older.pk})
    assert PlanAction.objects.count() == 1


def test_without_a_plan_the_click_creates_one(odense_manager):
    checklist = make_checklist(odense_manager, title="Tjekliste, direktionen")
    partly = answer(odense_manager, checklist, "kompetencer-udvikling", "partly")
    client = login(odense_manager)
    page = client.get(reverse("toolbox:checklist_detail", kwargs={"pk": checklist.pk}))
    assert "en ny med navnet «Tjekliste, direktionen» oprettes" in page.content.decode()
    client.post(reverse("toolbox:checklist_to_action", kwargs={"pk": partly.pk}))
    plan = ActionPlan.objects.get()
    assert plan.title == "Tjekliste, direktionen"
    assert plan.actions.get().checklist_answer == partly


def test_a_yes_gets_no_button_and_cannot_be_posted(odense_manager):
    make_plan(odense_manager)
    checklist = make_checklist(odense_manager)
    yes = answer(odense_manager, checklist, "politisk-maal", "yes")
    client = login(odense_manager)
    page = client.get(reverse("toolbox:checklist_detail", kwargs={"pk": checklist.pk}))
    assert 'data-testid="to-action-politisk-maal"' not in page.content.decode()
    response = client.post(
        reverse("toolbox:checklist_to_action", kwargs={"pk": yes.pk}), follow=True
    )
    assert (
        "Kun et svar med nej eller delvist kan blive til en handling." in response.content.decode()
    )
    assert not PlanAction.objects.exists()


def test_bad_answers_say_so_per_question_and_save_nothing(odense_manager):
    checklist = make_checklist(odense_manager)
    data = _form_data(
        checklist,
        **{"visitation-hurtig": ("", "En note uden svar"), "politisk-maal": ("maaske", "")},
    )
    data["title"] = ""
    before = Revision.objects.count()
    body = (
        login(odense_manager)
        .post(reverse("toolbox:checklist_edit", kwargs={"pk": checklist.pk}), data)
        .content.decode()
    )
    assert "Der er fejl i formularen" in body
    assert "Giv tjeklisten en titel." in body
    assert "Vælg ja, delvist eller nej for at gemme noten." in body
    assert "Vælg ja, delvist eller nej." in body
    assert not ChecklistAnswer.objects.exists()
    assert Revision.objects.count() == before


def test_caseworker_reads_answers_but_gets_no_button(odense_manager, odense_caseworker):
    make_plan(odense_manager)
    checklist = make_checklist(odense_manager)
    answer(odense_manager, checklist, "tvaerfaglig-plan", "no", "Tre planer pr. borger")
    page = (
        login(odense_caseworker)
        .get(reverse("toolbox:checklist_detail", kwargs={"pk": checklist.pk}))
        .content.decode()
    )
    assert "Tre planer pr. borger" in page
    assert "Gør til handling" not in page
    assert reverse("toolbox:checklist_edit", kwargs={"pk": checklist.pk}) not in page


def test_the_pdf_lists_the_ten_elements_with_answers(odense_manager, tmp_path):
    make_plan(odense_manager)
    checklist = make_checklist(odense_manager, title="Tjekliste til udvalget")
    answer(odense_manager, checklist, "virksomhed-strategi", "partly", "Under udarbejdelse")
    response = login(odense_manager).get(
        reverse("toolbox:checklist_pdf", kwargs={"pk": checklist.pk})
    )
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Tjekliste til udvalget" in text
    for number, section in enumerate(checklist.version.definition["sections"], start=1):
        assert f"{number}. {section['title']['da']}" in text
    assert "Delvist" in text and "Under udarbejdelse" in text
    assert "Tema i handleplanen: Samarbejdspartnere" in text


def test_presentation_has_one_element_per_section(odense_manager):
    checklist = make_checklist(odense_manager)
    answer(odense_manager, checklist, "rammer-moedet", "no", "Samtalerummene er små")
    client = login(odense_manager)
    url = reverse("toolbox:checklist_present", kwargs={"pk": checklist.pk})
    assert "Afsnit 1 af 10" in client.get(url).content.decode()
    ninth = client.get(url, {"afsnit": 9}).content.decode()
    assert "<h1>9. Fysiske rammer, der inviterer til dialog</h1>" in ninth
    assert "Samtalerummene er små" in ninth and "Nej" in ninth
