import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.plans.models import FollowUpNote, Plan, SubGoal
from fremdrift.plans.selectors import citizen_section
from tests.conftest import login, version_in
from tests.factories import CitizenFactory
from tests.plans.factories import FollowUpNoteFactory, PlanFactory, SubGoalFactory, offer_period

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs=kwargs)


def test_no_plan_yet(odense_caseworker, odense_consultant, odense_citizen):
    detail = url("detail", citizen_pk=odense_citizen.pk)
    body = login(odense_caseworker).get(detail).content.decode()
    assert "ingen plan endnu" in body
    assert url("edit", citizen_pk=odense_citizen.pk) in body
    assert url("edit", citizen_pk=odense_citizen.pk) not in (
        login(odense_consultant).get(detail).content.decode()
    )


def test_plan_page_shows_goals_offers_notes_and_overdue(odense_caseworker, odense_citizen, plan):
    yesterday = clock.today() - dt.timedelta(days=1)
    late = SubGoalFactory(plan=plan, text="Tage kørekort", target_date=yesterday)
    done = SubGoalFactory(plan=plan, text="Skrive et CV", status="reached", target_date=yesterday)
    late.offers.add(offer_period(odense_citizen))
    FollowUpNoteFactory(sub_goal=done, written_by=odense_caseworker, text="CV'et er færdigt.")
    response = login(odense_caseworker).get(url("detail", citizen_pk=odense_citizen.pk))
    body = response.content.decode()
    assert "Lager og logistik" in body
    assert "Tage kørekort" in body and "Skrive et CV" in body
    assert body.count("Overskredet") == 1  # the reached goal is not overdue
    assert "Afklaringspraktik" in body
    assert "CV&#x27;et er færdigt." in body
    entry = AuditEntry.objects.get(citizen=odense_citizen)
    assert (entry.action, entry.purpose) == (Action.VIEW, "Opslag på borgerens plan")


def test_consultant_reads_but_gets_no_forms(odense_consultant, odense_citizen, plan):
    SubGoalFactory(plan=plan)
    response = login(odense_consultant).get(url("detail", citizen_pk=odense_citizen.pk))
    body = response.content.decode()
    assert "Bestå Danskuddannelse" in body
    assert "/planer/delmaal/" not in body  # no status, follow-up or edit forms
    assert "Tilføj delmål" not in body
    assert url("pdf", citizen_pk=odense_citizen.pk) in body


def test_create_plan_then_edit(odense_caseworker, odense_citizen):
    client = login(odense_caseworker)
    edit = url("edit", citizen_pk=odense_citizen.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"end_goal": "education", "field": "SOSU-assistent", "note": ""})
    assert response.status_code == 302
    assert response.url == url("detail", citizen_pk=odense_citizen.pk)
    plan = Plan.objects.get(citizen=odense_citizen)
    assert (plan.end_goal, plan.version) == ("education", 1)
    form = client.get(edit).content.decode()
    assert 'name="version" value="1"' in form
    assert 'value="education"' in form and "checked" in form


def test_missing_fields_are_explained_in_danish(odense_caseworker, odense_citizen):
    body = login(odense_caseworker).post(url("edit", citizen_pk=odense_citizen.pk), {}).content
    assert body.decode().count("Dette felt er påkrævet") == 4  # in the summary and on the field
    assert not Plan.objects.exists()


def test_two_editors_get_a_conflict_with_their_input_kept(
    odense_caseworker, odense_manager, odense_citizen, plan
):
    edit = url("edit", citizen_pk=odense_citizen.pk)
    first, second = login(odense_caseworker), login(odense_manager)
    base = {"end_goal": "job", "note": "", "version": "1"}
    assert first.post(edit, base | {"field": "Transport"}).status_code == 302
    response = second.post(edit, base | {"field": "Rengøring"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "ændret af en anden" in body
    assert "Transport" in body and 'value="Rengøring"' in body
    assert 'name="version" value="2"' in body
    assert Plan.objects.get().field == "Transport"
    # Saving again is a deliberate overwrite of the version now seen.
    assert second.post(edit, base | {"field": "Rengøring", "version": "2"}).status_code == 302
    assert Plan.objects.get().field == "Rengøring"


def test_add_sub_goal(odense_caseworker, odense_citizen, plan):
    client = login(odense_caseworker)
    add = url("add_sub_goal", citizen_pk=odense_citizen.pk)
    bad = client.post(
        add, {"text": "Tage kørekort", "target_date": "2020-01-01", "status": "not_started"}
    )
    assert bad.status_code == 200
    assert "før kommunen overtog borgeren" in bad.content.decode()
    offer = offer_period(odense_citizen)
    response = client.post(
        add,
        {
            "text": "Tage kørekort",
            "target_date": "2026-10-01",
            "status": "not_started",
            "offers": [offer.pk],
        },
    )
    sub_goal = SubGoal.objects.get()
    assert response.url.endswith(f"#delmaal-{sub_goal.pk}")
    assert list(sub_goal.offers.all()) == [offer]


def test_without_a_plan_adding_a_goal_leads_to_creating_the_plan(odense_caseworker, odense_citizen):
    response = login(odense_caseworker).get(url("add_sub_goal", citizen_pk=odense_citizen.pk))
    assert response.url == url("edit", citizen_pk=odense_citizen.pk)


def test_edit_sub_goal_offers_only_the_citizens_own_offers(odense_caseworker, odense_citizen, plan):
    sub_goal = SubGoalFactory(plan=plan)
    own = offer_period(odense_citizen)
    foreign = offer_period(CitizenFactory(municipality=odense_citizen.municipality))
    client = login(odense_caseworker)
    edit = url("edit_sub_goal", pk=sub_goal.pk)
    page = client.get(edit).content.decode()
    assert f'value="{own.pk}"' in page and f'value="{foreign.pk}"' not in page
    data = {"text": sub_goal.text, "target_date": "2026-09-01", "status": "in_progress"}
    data["version"] = 1
    refused = client.post(edit, data | {"offers": [foreign.pk]})
    assert refused.status_code == 200 and "form-error" in refused.content.decode()
    assert client.post(edit, data | {"offers": [own.pk]}).status_code == 302
    assert list(sub_goal.offers.all()) == [own]


def test_two_editors_of_a_sub_goal_the_second_gets_the_conflict_page(
    odense_caseworker, odense_manager, plan
):
    sub_goal = SubGoalFactory(plan=plan, text="Tage kørekort")
    edit = url("edit_sub_goal", pk=sub_goal.pk)
    first, second = login(odense_caseworker), login(odense_manager)
    assert version_in(first.get(edit).content.decode()) == 1
    assert version_in(second.get(edit).content.decode()) == 1
    data = {"target_date": "2026-09-01", "status": "in_progress", "version": 1}
    assert first.post(edit, data | {"text": "Bestå køreprøven"}).status_code == 302
    response = second.post(edit, data | {"text": "Tage kørekort til lastbil"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in body
    assert "Bestå køreprøven" in body  # what the first editor saved
    assert 'value="Tage kørekort til lastbil"' in body  # what the second typed, kept
    assert version_in(body) == 2
    sub_goal.refresh_from_db()
    assert sub_goal.text == "Bestå køreprøven"


def test_follow_up_without_javascript(odense_caseworker, plan):
    sub_goal = SubGoalFactory(plan=plan)
    client = login(odense_caseworker)
    post = url("follow_up", pk=sub_goal.pk)
    page = client.post(post, {"noted_on": "2026-04-01", "text": ""})
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert "Dette felt er påkrævet" in page.content.decode()
    done = client.post(post, {"noted_on": "2026-04-01", "text": "Godt i gang."})
    assert done.status_code == 302 and done.url.endswith(f"#delmaal-{sub_goal.pk}")
    assert FollowUpNote.objects.get().text == "Godt i gang."


def test_follow_up_and_status_with_htmx_return_the_sub_goal(odense_caseworker, plan):
    sub_goal = SubGoalFactory(plan=plan, text="Tage kørekort")
    client = login(odense_caseworker)
    response = client.post(
        url("follow_up", pk=sub_goal.pk),
        {"noted_on": "2026-04-01", "text": "Har bestilt teoriprøve."},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert body.startswith(f'<li id="delmaal-{sub_goal.pk}"')
    assert "Har bestilt teoriprøve." in body and "Opfølgningen er gemt." in body
    response = client.post(
        url("set_status", pk=sub_goal.pk), {"status": "reached"}, HTTP_HX_REQUEST="true"
    )
    assert "Nået" in response.content.decode()
    assert SubGoal.objects.get().status == "reached"


def test_status_without_javascript_redirects_back(odense_caseworker, plan):
    sub_goal = SubGoalFactory(plan=plan)
    response = login(odense_caseworker).post(
        url("set_status", pk=sub_goal.pk), {"status": "dropped"}
    )
    assert response.url.endswith(f"#delmaal-{sub_goal.pk}")
    assert SubGoal.objects.get().status == "dropped"


def test_remove_only_untouched(odense_caseworker, odense_citizen, plan):
    client = login(odense_caseworker)
    worked_on = SubGoalFactory(plan=plan, status="in_progress")
    response = client.post(url("remove_sub_goal", pk=worked_on.pk), follow=True)
    assert "Sæt status til Droppet" in response.content.decode()
    untouched = SubGoalFactory(plan=plan)
    response = client.post(url("remove_sub_goal", pk=untouched.pk))
    assert response.url == url("detail", citizen_pk=odense_citizen.pk)
    assert list(SubGoal.objects.all()) == [worked_on]


def test_query_count_does_not_grow_with_sub_goals(odense_caseworker, odense_citizen, plan):
    client = login(odense_caseworker)
    detail = url("detail", citizen_pk=odense_citizen.pk)

    def add_goals(n: int) -> None:
        for _ in range(n):
            goal = SubGoalFactory(plan=plan)
            goal.offers.add(offer_period(odense_citizen))
            FollowUpNoteFactory(sub_goal=goal, written_by=odense_caseworker)

    def count_queries() -> int:
        client.get(detail)  # first requests also set up the session and the audit chain
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail).status_code == 200
        return len(queries)

    add_goals(3)
    few = count_queries()
    add_goals(17)
    many = count_queries()
    assert few == many
    assert many <= 16


def test_citizen_section(odense_caseworker, odense_citizen, plan):
    today = clock.today()
    SubGoalFactory(plan=plan, status="reached", target_date=today - dt.timedelta(days=30))
    SubGoalFactory(plan=plan, status="in_progress", target_date=today - dt.timedelta(days=1))
    SubGoalFactory(plan=plan, status="not_started", target_date=today + dt.timedelta(days=40))
    SubGoalFactory(plan=plan, status="not_started", target_date=today + dt.timedelta(days=10))
    section = citizen_section(odense_caseworker, odense_citizen)
    assert section["plan"] == plan
    assert (section["total"], section["overdue"]) == (4, 1)
    assert section["next_target_date"] == today + dt.timedelta(days=10)
    assert [(row["status"], row["count"]) for row in section["counts"]] == [
        ("not_started", 2),
        ("in_progress", 1),
        ("reached", 1),
    ]


def test_citizen_section_respects_the_boundary(holbaek_caseworker, odense_citizen, plan):
    assert citizen_section(holbaek_caseworker, odense_citizen)["plan"] is None


def test_citizen_section_template(odense_caseworker, odense_citizen, plan):
    from django.template.loader import render_to_string

    SubGoalFactory(plan=plan, status="in_progress")
    html = render_to_string(
        "plans/_citizen_section.html",
        {"plan_section": citizen_section(odense_caseworker, odense_citizen)},
    )
    assert "Lager og logistik" in html and "1 i gang" in html
    assert url("detail", citizen_pk=odense_citizen.pk) in html
    empty = PlanFactory.build(citizen=odense_citizen)  # unsaved: the no-plan branch
    assert empty.pk is None
