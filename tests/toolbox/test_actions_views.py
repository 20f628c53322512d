"""Action plan pages: create, actions by theme, overdue flags, status round, overview, PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.core import clock
from fremdrift.toolbox.actions.services import plan_set_shared
from fremdrift.toolbox.models import (
    ActionPlan,
    PlanAction,
    Revision,
    StatusRound,
    Theme,
    TheoryItem,
    TheoryOfChange,
)
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.theory.services import theory_new_version
from tests.conftest import login, version_in
from tests.plans.test_pdf import pdf_text
from tests.toolbox.boundary_plans import make_action, make_plan, make_theory

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return clock.today()


def _action_post(**overrides) -> dict:
    data = {
        "theme": Theme.PARTNERS,
        "what": "Aftal praktikker med tre rengøringsfirmaer",
        "owner": "",
        "owner_external": "",
        "due": (_today() + dt.timedelta(days=30)).isoformat(),
        "status": "not_started",
    }
    data.update(overrides)
    return data


def test_manager_creates_a_plan_linked_to_a_theory(odense_manager):
    theory = make_theory(odense_manager)
    client = login(odense_manager)
    form = client.get(reverse("toolbox:plan_create")).content.decode()
    assert theory.title in form
    response = client.post(
        reverse("toolbox:plan_create"), {"title": "Handleplan 2026", "theory": theory.pk}
    )
    plan = ActionPlan.objects.get()
    assert response.url == reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
    assert (plan.title, plan.theory, plan.created_by) == ("Handleplan 2026", theory, odense_manager)


def test_plan_without_title_says_so_and_saves_nothing(odense_manager):
    response = login(odense_manager).post(reverse("toolbox:plan_create"), {"title": " "})
    assert "Giv handleplanen en titel." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_add_an_action_with_an_owner_and_links_to_the_theory(odense_manager, odense_consultant):
    theory = make_theory(odense_manager, ("Virksomhedspraktik med mentor", "Sprogpraktik"))
    plan = make_plan(odense_manager, theory=theory)
    client = login(odense_manager)
    url = reverse("toolbox:action_create", kwargs={"pk": plan.pk})
    form = client.get(url).content.decode()
    assert "Sofie Lund" in form  # the municipality's staff in the select
    assert "Virksomhedspraktik med mentor" in form  # the theory's items as checkboxes
    item = theory.items.get(text="Sprogpraktik")
    response = client.post(url, _action_post(owner=odense_consultant.pk, theory_items=[item.pk]))
    action = PlanAction.objects.get()
    assert response.url.endswith(f"#handling-{action.pk}")
    assert (action.owner, action.theme) == (odense_consultant, Theme.PARTNERS)
    assert list(action.theory_items.all()) == [item]
    page = client.get(reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    partners = page.split('data-testid="theme-partners"')[1].split("</section>")[0]
    assert "Aftal praktikker med tre rengøringsfirmaer" in partners
    assert "Sofie Lund" in partners
    assert "Sprogpraktik" in partners  # the linked item's text is shown


def test_bad_action_says_what_is_wrong_per_field_and_saves_nothing(odense_manager):
    plan = make_plan(odense_manager)
    client = login(odense_manager)
    url = reverse("toolbox:action_create", kwargs={"pk": plan.pk})
    revisions = Revision.objects.count()
    body = client.post(
        url, _action_post(due="", what="", owner=odense_manager.pk, owner_external="Sprogskolen")
    ).content.decode()
    assert "Der er fejl i formularen" in body
    assert "Sæt en frist for handlingen." in body
    assert "Beskriv, hvad der skal gøres." in body
    assert "ikke begge" in body
    body = client.post(url, _action_post(due="31-02-2026")).content.decode()
    assert "Skriv en gyldig dato." in body
    assert "Angiv, hvem der er ansvarlig" in body
    assert not PlanAction.objects.exists()
    assert Revision.objects.count() == revisions


def test_a_user_of_another_municipality_cannot_be_chosen(odense_manager, holbaek_caseworker):
    plan = make_plan(odense_manager)
    response = login(odense_manager).post(
        reverse("toolbox:action_create", kwargs={"pk": plan.pk}),
        _action_post(owner=holbaek_caseworker.pk),
    )
    assert "Vælg en medarbejder i kommunen." in response.content.decode()
    assert not PlanAction.objects.exists()


def test_edit_an_action(odense_manager):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan, due=_today())
    client = login(odense_manager)
    url = reverse("toolbox:action_edit", kwargs={"pk": action.pk})
    assert "Skriv en procesbeskrivelse" in client.get(url).content.decode()
    client.post(
        url,
        _action_post(
            theme=Theme.EMPLOYEES, what="Ny tekst", owner_external="Anden aktør", status="done"
        )
        | {"version": 1},
    )
    action.refresh_from_db()
    assert (action.theme, action.what, action.owner, action.owner_external, action.status) == (
        Theme.EMPLOYEES,
        "Ny tekst",
        None,
        "Anden aktør",
        "done",
    )


def test_overdue_actions_are_flagged_in_words_and_style(odense_manager):
    plan = make_plan(odense_manager)
    late = make_action(odense_manager, plan, due=_today() - dt.timedelta(days=1), what="Sent")
    ok = make_action(odense_manager, plan, due=_today(), what="Til tiden")
    page = (
        login(odense_manager)
        .get(reverse("toolbox:plan_detail", kwargs={"pk": plan.pk}))
        .content.decode()
    )
    late_row = page.split(f'data-testid="action-{late.pk}"')[0].rsplit("<tr", 1)[1]
    assert "plans-overdue" in late_row
    late_cells = page.split(f'data-testid="action-{late.pk}"')[1].split("</tr>")[0]
    assert "Overskredet" in late_cells
    ok_cells = page.split(f'data-testid="action-{ok.pk}"')[1].split("</tr>")[0]
    assert "Overskredet" not in ok_cells
    assert 'data-testid="overdue-alert"' in page
    assert "1 handling har overskredet fristen" in page


def test_status_round_once_a_quarter_with_a_note_per_action(odense_manager):
    plan = make_plan(odense_manager)
    first = make_action(odense_manager, plan, what="Første handling")
    second = make_action(odense_manager, plan, what="Anden handling")
    client = login(odense_manager)
    url = reverse("toolbox:status_round", kwargs={"pk": plan.pk})
    form = client.get(url).content.decode()
    assert "Første handling" in form and "Anden handling" in form
    data = {
        f"status_{first.pk}": "in_progress",
        f"note_{first.pk}": "Godt i gang",
        f"status_{second.pk}": "not_started",
        f"note_{second.pk}": "",
        "version": version_in(form),
    }
    response = client.post(url, data)
    assert response.url.endswith("#statusrunder")
    round_ = StatusRound.objects.get()
    year, quarter = round_.year, round_.quarter
    assert (year, (_today().month - 1) // 3 + 1) == (_today().year, quarter)
    # The form now says the round exists and starts from its notes.
    again = client.get(url).content.decode()
    assert 'data-testid="round-exists"' in again and "Godt i gang" in again
    client.post(url, {**data, f"note_{first.pk}": "Næsten færdig", "version": version_in(again)})
    assert StatusRound.objects.count() == 1
    assert round_.notes.get(action=first).note == "Næsten færdig"
    page = client.get(reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert f'data-testid="round-{year}-{quarter}"' in page
    assert "Næsten færdig" in page


def test_status_round_with_a_bad_status_saves_nothing(odense_manager):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    response = login(odense_manager).post(
        reverse("toolbox:status_round", kwargs={"pk": plan.pk}),
        {f"status_{action.pk}": "", f"note_{action.pk}": "Noget"},
    )
    assert "Vælg en status." in response.content.decode()
    assert not StatusRound.objects.exists()


def test_overview_across_plans_overdue_first_with_filters(odense_manager, odense_consultant):
    first = make_plan(odense_manager, title="Plan A")
    second = make_plan(odense_manager, title="Plan B")
    today = _today()
    later = make_action(odense_manager, first, due=today + dt.timedelta(days=5), what="Senere")
    late = make_action(
        odense_manager, second, due=today - dt.timedelta(days=5), what="For sent",
        owner=odense_consultant, theme=Theme.LEADERSHIP,
    )  # fmt: skip
    done = make_action(
        odense_manager, first, due=today - dt.timedelta(days=9), what="Klaret", status="done"
    )
    client = login(odense_manager)
    url = reverse("toolbox:actions_overview")
    page = client.get(url).content.decode()
    order = [page.index(f'data-testid="overview-action-{a.pk}"') for a in (late, done, later)]
    assert order == sorted(order)  # overdue first, then by due date
    assert "Plan A" in page and "Plan B" in page

    def shown(**params) -> set[int]:
        body = client.get(url, params).content.decode()
        return {a.pk for a in (late, done, later) if f"overview-action-{a.pk}" in body}

    assert shown(overdue="on") == {late.pk}
    assert shown(status="done") == {done.pk}
    assert shown(theme=Theme.LEADERSHIP) == {late.pk}
    assert shown(owner=odense_consultant.pk) == {late.pk}
    assert shown(owner=odense_manager.pk) == {done.pk, later.pk}


def test_overview_is_for_the_manager_only(odense_caseworker):
    assert login(odense_caseworker).get(reverse("toolbox:actions_overview")).status_code == 404


def test_plan_pdf_lists_themes_actions_and_overdue(odense_manager, tmp_path):
    plan = make_plan(odense_manager, title="Handleplan for aktivitetsparate")
    make_action(
        odense_manager, plan, due=_today() - dt.timedelta(days=3), what="Ret procesbeskrivelsen"
    )
    response = login(odense_manager).get(reverse("toolbox:plan_pdf", kwargs={"pk": plan.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Handleplan for aktivitetsparate" in text
    for label in Theme.labels:
        assert str(label) in text
    assert "Ret procesbeskrivelsen" in text
    assert "Overskredet" in text


def test_presentation_has_one_theme_per_section(odense_manager):
    plan = make_plan(odense_manager)
    make_action(odense_manager, plan, theme=Theme.LEADERSHIP, what="Månedlig gennemgang")
    client = login(odense_manager)
    url = reverse("toolbox:plan_present", kwargs={"pk": plan.pk})
    first = client.get(url).content.decode()
    assert "Afsnit 1 af 5" in first and "<h1>Organisering</h1>" in first
    last = client.get(url, {"afsnit": 5}).content.decode()
    assert "<h1>Ledelse og projektstyring</h1>" in last
    assert "Månedlig gennemgang" in last


def test_facilitator_reads_a_plan_only_when_shared(odense_manager, facilitator):
    plan = make_plan(odense_manager)
    make_action(odense_manager, plan, what="Delt handling")
    url = reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
    assert login(facilitator).get(url).status_code == 404
    login(odense_manager).post(
        reverse("toolbox:plan_share", kwargs={"pk": plan.pk}), {"shared": "1"}
    )
    page = login(facilitator).get(url)
    assert page.status_code == 200 and "Delt handling" in page.content.decode()
    assert 'data-testid="action-create"' not in page.content.decode()


# -- What the facilitator sees of the plan's theory of change ---------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_facilitator_sees_linked_items_only_when_the_theory_is_shared(
    odense_manager, facilitator, tmp_path
):
    theory = make_theory(odense_manager, ("Fortrolig aktivitet i teorien",))
    plan = make_plan(odense_manager, theory=theory)
    make_action(odense_manager, plan, what="Delt handling", theory_items=theory.items.all())
    plan_set_shared(actor=odense_manager, plan=plan, shared=True)
    detail = reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
    pdf = reverse("toolbox:plan_pdf", kwargs={"pk": plan.pk})
    present = reverse("toolbox:plan_present", kwargs={"pk": plan.pk})
    client = login(facilitator)

    page = client.get(detail).content.decode()
    assert "Delt handling" in page
    assert "Fortrolig aktivitet i teorien" not in page
    assert theory.title not in page
    assert "Handleplanen er knyttet til en forandringsteori, som ikke er delt." in page
    assert "Knyttet til en forandringsteori, der ikke er delt." in page
    text = _flat(pdf_text(client.get(pdf).content, tmp_path))
    assert "Delt handling" in text
    assert "Fortrolig aktivitet i teorien" not in text and theory.title not in text
    assert "Handleplanen er knyttet til en forandringsteori, som ikke er delt." in text
    slides = "".join(client.get(present, {"afsnit": n}).content.decode() for n in range(1, 6))
    assert "Delt handling" in slides
    assert "Fortrolig aktivitet i teorien" not in slides and theory.title not in slides

    # The municipality's own staff see the theory whether it is shared or not.
    own = login(odense_manager).get(detail).content.decode()
    assert "Fortrolig aktivitet i teorien" in own and theory.title in own
    assert "ikke er delt" not in own

    # Once the theory is shared too, the facilitator sees its title and the linked items.
    TheoryOfChange.objects.filter(pk=theory.pk).update(shared=True)
    page = client.get(detail).content.decode()
    assert "Fortrolig aktivitet i teorien" in page and theory.title in page
    assert "ikke er delt" not in page
    text = _flat(pdf_text(client.get(pdf).content, tmp_path))
    assert "Fortrolig aktivitet i teorien" in text and theory.title in text


# -- Following a new version of the theory ----------------------------------------------


def test_a_plan_follows_a_new_version_of_its_theory_and_keeps_its_links(odense_manager):
    old = make_theory(odense_manager, ("Praktik", "Mentor"))
    plan = make_plan(odense_manager, theory=old)
    practice = old.items.get(text="Praktik")
    action = make_action(odense_manager, plan, theory_items=[practice])
    new = theory_new_version(actor=odense_manager, theory=old)
    added = TheoryItem.objects.create(theory=new, horizon="activity", text="Sprogpraktik")
    client = login(odense_manager)
    url = reverse("toolbox:plan_edit", kwargs={"pk": plan.pk})
    form = client.get(url).content.decode()
    assert f'<option value="{new.pk}">{new.title} (v2)</option>' in form
    assert f'<option value="{old.pk}" selected>' in form

    bad = client.post(url, {"title": " ", "theory": new.pk, "version": 1})
    assert "Giv handleplanen en titel." in bad.content.decode()
    plan.refresh_from_db()
    assert plan.theory == old

    response = client.post(url, {"title": "Handleplan 2026", "theory": new.pk, "version": 1})
    assert response.url == reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
    plan.refresh_from_db()
    assert plan.theory == new
    [latest, *_] = history(plan)
    assert latest.summary == "Ændrede handleplanen: forandringsteori"
    assert latest.snapshot["theory_id"] == new.pk
    assert list(action.theory_items.all()) == [practice]  # the old link is kept

    # The action's form offers the new version's items and the one already linked.
    edit = client.get(reverse("toolbox:action_edit", kwargs={"pk": action.pk}))
    offered = set(edit.context["form"].fields["theory_items"].queryset)
    assert offered == {*new.items.all(), practice}
    assert added in offered and old.items.get(text="Mentor") not in offered
    body = edit.content.decode()
    assert f"{old.title} (v1) · Aktiviteter: Praktik" in body
    assert f"{old.title} (v2) · Aktiviteter: Sprogpraktik" in body


# -- The list of plans, the PDF in Danish -----------------------------------------------


def test_the_plan_list_asks_the_same_number_of_queries_for_one_or_four_plans(odense_manager):
    theory = make_theory(odense_manager)
    today = _today()

    def add_plan(n: int) -> None:
        plan = make_plan(odense_manager, title=f"Plan {n}", theory=theory)
        make_action(odense_manager, plan, due=today - dt.timedelta(days=2), what="Sent")
        make_action(odense_manager, plan, due=today + dt.timedelta(days=2), what="Senere")
        make_action(odense_manager, plan, due=today - dt.timedelta(days=9), status="done")

    client = login(odense_manager)
    url = reverse("toolbox:plan_list")

    def count() -> tuple[int, list]:
        client.get(url)  # warm: the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        rows = [
            (r["plan"].title, r["actions"], r["overdue"], r["done"])
            for r in response.context["rows"]
        ]
        return len(captured), rows

    add_plan(1)
    one, rows = count()
    assert rows == [("Plan 1", 3, 1, 1)]
    for n in (2, 3, 4):
        add_plan(n)
    four, rows = count()
    assert rows == [(f"Plan {n}", 3, 1, 1) for n in (1, 2, 3, 4)]
    assert four == one


def test_the_plan_pdf_is_danish_for_a_user_reading_english(odense_manager, tmp_path):
    plan = make_plan(odense_manager)
    make_action(odense_manager, plan, theme=Theme.LEADERSHIP, what="Månedlig gennemgang")
    client = login(odense_manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Leadership and project management" in page  # the page follows the user
    response = client.get(reverse("toolbox:plan_pdf", kwargs={"pk": plan.pk}))
    text = _flat(pdf_text(response.content, tmp_path))
    for label in ("Organisering", "Medarbejdere", "Redskaber", "Ledelse og projektstyring"):
        assert label in text
    assert "Leadership and project management" not in text and "Organisation" not in text
