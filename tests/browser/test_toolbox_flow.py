"""The toolbox in a real browser: the manager builds a theory of change backwards for
activity-ready citizens, links an activity to a result, binds a long-term result to M3 and
sees the diagram show its value; then answers KL's checklist and turns a "no" into an action
in one click. The presentation mode and the self-evaluation's gap chart are looked at on the
way. Nothing is fetched from another host."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fremdrift.accounts.models import Municipality
from fremdrift.results.definitions import FIGURES
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from fremdrift.toolbox.models import Horizon, PlanAction, Segment, TheoryOfChange
from fremdrift.toolbox.theory.selectors import figure_value, group_size
from tests.browser.test_citizen_flow import log_in
from tests.browser.test_results_flow import _record_hosts

MANAGER = "odense-leder"
TITLE = "Aktivitetsparate på vej mod job"
LONG = "Flere aktivitetsparate borgere er i et virksomhedsrettet tilbud"
MEDIUM = "Borgerne møder stabilt op på arbejdspladsen"
SHORT = "Borgerne ved, hvad en arbejdsdag kræver"
ACTIVITY = "Virksomhedspraktik med fast mentor"
NOTE = "Vi har ingen fælles måde at følge op på borgernes delmål."


def _add_item(page: Page, text: str, *, leads_to: str | None = None, figure: str = "") -> None:
    form = page.get_by_test_id("theory-add-form")
    form.locator("textarea, input[type=text]").first.fill(text)
    if leads_to:
        form.get_by_test_id("theory-leads-to").get_by_label(leads_to).check()
    if figure:
        form.get_by_test_id("theory-binding").locator("select").first.select_option(value=figure)
    page.get_by_test_id("theory-add-button").click()
    expect(page.get_by_test_id("theory-diagram").or_(page.locator("svg")).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(text)


@pytest.mark.browser
def test_manager_builds_a_theory_backwards_and_turns_a_checklist_answer_into_an_action(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    if not FigureValue.objects.exists():
        rebuild()
    odense = Municipality.objects.get(code="461")
    foreign = _record_hosts(page)
    log_in(page, base, MANAGER)

    # 1. From the menu to a new theory of change for activity-ready citizens.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Værktøjer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Værktøjer til at planlægge indsatsen"
    )
    screenshot("toolbox-index")
    page.get_by_role("link", name="Forandringsteori og programteori").click()
    page.get_by_test_id("theory-create-link").click()
    form = page.get_by_test_id("theory-create-form")
    form.get_by_label("Forandringsteori", exact=True).check()
    form.get_by_label("Titel (skal udfyldes)").fill(TITLE)
    form.get_by_label("Målgruppe (skal udfyldes)").fill("Aktivitetsparate borgere")
    form.locator("select").select_option(Segment.ACTIVITY_READY)
    page.get_by_role("button", name="Opret og gå til målgruppen").click()

    # 2. Step 0, the target group: its size is counted live from the register.
    theory = TheoryOfChange.objects.get(municipality=odense, title=TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trin 0")
    size = group_size(odense, Segment.ACTIVITY_READY, today=theory.created_at.date())
    assert size.count and size.count > 0
    expect(page.get_by_test_id("theory-group-size")).to_contain_text(size.display)
    target = page.get_by_test_id("theory-target-form")
    target.get_by_label("Kan og vil").fill("Vil gerne i praktik, men har brug for støtte.")
    target.get_by_label("Kan ikke og vil ikke").fill("Har helbredsproblemer og mister modet.")
    target.get_by_label("Arbejdsidentitet").fill("Mange har arbejdet med landbrug eller handel.")
    screenshot("toolbox-theory-target-group")
    page.get_by_role("button", name="Gem og gå til næste trin").click()

    # 3. Backwards: long-term (bound to M3), medium-term, short-term, then the activity.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trin 1")
    _add_item(page, LONG, figure="M3")
    page.get_by_test_id("theory-next-step").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trin 2")
    _add_item(page, MEDIUM, leads_to=LONG)
    page.get_by_test_id("theory-next-step").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trin 3")
    _add_item(page, SHORT, leads_to=MEDIUM)
    page.get_by_test_id("theory-next-step").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trin 4")
    _add_item(page, ACTIVITY, leads_to=SHORT)
    screenshot("toolbox-theory-activity-step")
    page.get_by_test_id("theory-done").click()

    # 4. The diagram: four boxes, three arrows, and M3's value against its baseline.
    items = {i.horizon: i for i in theory.items.all()}
    assert set(items) == {Horizon.LONG, Horizon.MEDIUM, Horizon.SHORT, Horizon.ACTIVITY}
    assert list(items[Horizon.ACTIVITY].leads_to.all()) == [items[Horizon.SHORT]]
    assert items[Horizon.LONG].figure == "M3"
    diagram = page.get_by_test_id("theory-diagram")
    expect(diagram).to_be_visible()
    expect(diagram.locator("path.link")).to_have_count(3)
    expected = figure_value(odense, "M3", today=theory.created_at.date())
    assert re.search(r"\d", expected.line), expected.line
    expect(diagram.locator("[data-testid=theory-value][data-code=M3]")).to_contain_text(
        expected.line.split(" (")[0]
    )
    value = page.get_by_test_id("theory-item-value").filter(has_text="M3").first
    expect(value).to_contain_text(expected.line)
    definitions = page.get_by_test_id("theory-definitions")
    expect(definitions).to_contain_text(str(FIGURES["M3"].population))
    expect(page.get_by_test_id("theory-history")).to_contain_text(ACTIVITY)
    screenshot("toolbox-theory-diagram")

    # 5. Presentation mode: large type, one section at a time, the arrow key moves on.
    page.get_by_role("link", name="Præsentation").click()
    expect(page.locator("body.presentation")).to_have_count(1)
    # The keys work once app.js has run: on a loaded machine the key could come first.
    page.wait_for_load_state("load")
    first_heading = page.get_by_role("heading", level=1).inner_text()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"afsnit=2"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text(first_heading)
    screenshot("toolbox-theory-presentation")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("theory-diagram")).to_be_visible()

    # 6. KL's checklist: a "no" with a note, then one click makes it an action.
    page.goto(f"{base}/vaerktoejer/")
    page.get_by_role("link", name="KL's tjekliste").click()
    page.get_by_role("link", name="Ny tjekliste").click()
    page.get_by_label("Titel (skal udfyldes)").fill("Tjekliste til ledermødet")
    page.get_by_role("button", name="Opret tjekliste").click()
    # A new checklist opens at its questions.
    expect(page.get_by_role("heading", level=1)).to_have_text("Besvar tjeklisten")
    question = page.locator("[data-testid^=question-]").nth(6)
    key = question.get_attribute("data-testid").removeprefix("question-")
    question.get_by_label("Nej", exact=True).check()
    question.locator("textarea").fill(NOTE)
    page.get_by_test_id("checklist-save").click()
    before = PlanAction.objects.filter(plan__municipality=odense).count()
    page.get_by_test_id(f"to-action-{key}").click()
    created = page.get_by_test_id(f"action-created-{key}")
    expect(created).to_contain_text("Handling oprettet")
    screenshot("toolbox-checklist-action")
    assert PlanAction.objects.filter(plan__municipality=odense).count() == before + 1
    action = PlanAction.objects.filter(plan__municipality=odense).latest("created_at")
    assert NOTE in action.what
    assert action.checklist_answer.item == key
    created.get_by_role("link").click()
    expect(page.locator(f"#handling-{action.pk}")).to_contain_text(NOTE)
    screenshot("toolbox-action-plan")

    problems.assert_none()
    assert foreign == []
