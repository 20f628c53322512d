"""Self-evaluation pages: the list, opening and closing, answering, the comparison, PDF and
presentation. The comparison must never show a group under three or a single answer."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.charts.gap import EMPLOYEE_COLOUR, LEADER_COLOUR
from fremdrift.toolbox.models import (
    SelfEvaluationParticipant,
    SelfEvaluationRound,
    SelfEvaluationSubmission,
)
from fremdrift.toolbox.revisions import history
from tests.conftest import login
from tests.plans.test_pdf import pdf_text
from tests.toolbox.boundary_selfeval import all_items, answer, answered_round, open_round

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def url(name: str, evaluation=None, **query) -> str:
    kwargs = {"pk": evaluation.pk} if evaluation is not None else {}
    return reverse(f"toolbox:{name}", kwargs=kwargs)


def the_svg(html: str) -> ET.Element:
    match = re.search(r"<svg.*?</svg>", html, re.S)
    assert match, "no chart on the page"
    return ET.fromstring(match.group(0))  # noqa: S314 - our own output


def marker_titles(root: ET.Element, colour: str) -> list[str]:
    found = []
    for element in root.iter():
        if colour in (element.get("fill"), element.get("stroke")):
            title = element.find(f"{SVG}title")
            if title is not None:
                found.append(title.text)
    return found


# The list, opening and closing --------------------------------------------------------------


def test_the_list_shows_each_round_with_status_and_counts(odense_manager, odense_caseworker):
    closed = answered_round(odense_manager, leaders=[4, 4], employees=[3, 3, 3], title="Forår")
    opened = open_round(odense_manager, title="Efterår")
    answer(odense_caseworker, opened, 3)
    body = login(odense_caseworker).get(url("selfeval_list")).content.decode()
    row = re.search(rf'<tr data-round="{closed.pk}">(.*?)</tr>', body, re.S).group(1)
    # A group under three is never given with its exact size.
    counts = re.findall(r'<td class="num" data-group="(\w+)">([^<]+)</td>', row)
    assert "Lukket" in row and counts == [("leader", "færre end 3 svar"), ("employee", "3 svar")]
    row = re.search(rf'<tr data-round="{opened.pk}">(.*?)</tr>', body, re.S).group(1)
    assert "Åben for svar" in row and "Du har svaret" in row
    counts = re.findall(r'<td class="num" data-group="(\w+)">([^<]+)</td>', row)
    assert counts == [("leader", "færre end 3 svar"), ("employee", "færre end 3 svar")]
    assert "Åbn en ny runde" not in body  # a caseworker does not open rounds
    assert "Åbn en ny runde" in login(odense_manager).get(url("selfeval_list")).content.decode()


def test_a_manager_opens_a_round_with_a_title(odense_manager):
    client = login(odense_manager)
    open_round(odense_manager, title="Første runde")  # loads the instrument
    page = client.get(url("selfeval_create")).content.decode()
    assert "Fremdrifts selvevaluering, version 1" in page
    assert "Første runde" in page  # what the new round will be compared with
    response = client.post(url("selfeval_create"), {"title": "Selvevaluering efterår 2026"})
    evaluation = SelfEvaluationRound.objects.get(title="Selvevaluering efterår 2026")
    assert response.status_code == 302
    assert response["Location"] == url("selfeval_detail", evaluation)
    assert evaluation.previous.title == "Første runde"
    assert history(evaluation)[0].summary == "Åbnede runden: Selvevaluering efterår 2026"


def test_a_round_without_a_title_is_refused_in_danish(odense_manager):
    open_round(odense_manager, title="Første runde")
    response = login(odense_manager).post(url("selfeval_create"), {"title": ""})
    assert response.status_code == 400
    assert "Giv runden en titel." in response.content.decode()
    assert SelfEvaluationRound.objects.count() == 1


def test_staff_who_are_not_managers_cannot_open_or_close(odense_manager, odense_caseworker):
    evaluation = open_round(odense_manager)
    client = login(odense_caseworker)
    assert client.get(url("selfeval_create")).status_code == 404
    assert client.post(url("selfeval_create"), {"title": "x"}).status_code == 404
    assert client.post(url("selfeval_close", evaluation)).status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.is_open


def test_closing_a_round_shows_the_results(odense_manager):
    evaluation = answered_round(odense_manager, leaders=[4] * 3, employees=[2] * 3, close=False)
    client = login(odense_manager)
    page = client.get(url("selfeval_detail", evaluation)).content.decode()
    assert "Resultaterne vises, når runden er lukket" in page and "<svg" not in page
    assert client.get(url("selfeval_close", evaluation)).status_code == 405
    response = client.post(url("selfeval_close", evaluation), follow=True)
    assert "Runden er lukket, og resultaterne kan ses." in response.content.decode()
    evaluation.refresh_from_db()
    assert not evaluation.is_open
    assert history(evaluation)[0].summary.startswith("Lukkede runden (ledere: 3 svar")
    assert 'data-testid="items"' in response.content.decode()


# Answering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "group"),
    [
        ("odense_manager", "Ledere"),
        ("odense_caseworker", "Medarbejdere"),
        ("odense_consultant", "Medarbejdere"),
    ],
)
def test_the_form_says_the_group_and_how_answers_stay_anonymous(
    request, odense_manager, persona, group
):
    evaluation = open_round(odense_manager)
    user = request.getfixturevalue(persona)
    page = login(user).get(url("selfeval_answer", evaluation)).content.decode()
    stated = re.search(r'data-testid="group">(.*?)</p>', page, re.S).group(1)
    assert f"<strong>{group}</strong>" in stated and user.get_role_display() in stated
    assert "Dine svar er anonyme" in page
    assert "En gruppe med færre end 3 svar vises slet ikke." in page
    assert "uden dit navn og uden tidspunkt" in page
    # Every statement is on the form with the scale and "Ved ikke".
    for key in all_items(evaluation, 0):
        assert f'name="{key}" value="1"' in page and f'name="{key}" value="dont_know"' in page
    assert "Helt uenig" in page and "Helt enig" in page


def test_missing_answers_are_named_per_statement_and_nothing_is_saved(
    odense_manager, odense_caseworker
):
    evaluation = open_round(odense_manager)
    posted = {key: "4" for key in all_items(evaluation, 0)}
    del posted["org_value"]
    del posted["lead_goal"]
    posted["partners_early"] = "9"
    response = login(odense_caseworker).post(url("selfeval_answer", evaluation), posted)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Svarene er ikke gemt" in body
    assert "Fælles grundværdi: vælg et tal fra 1 til 5 eller &#x27;Ved ikke&#x27;." in body
    assert "Tydeligt mål: vælg et tal fra 1 til 5 eller &#x27;Ved ikke&#x27;." in body
    assert "Tidligt ud på en arbejdsplads: vælg et tal" in body
    assert body.count('class="form-error-message"') == 3
    assert 'href="#svar-org_value-1"' in body
    # The answers given are kept on the form.
    assert 'name="org_handover" value="4" checked' in body
    assert not SelfEvaluationParticipant.objects.exists()
    assert not SelfEvaluationSubmission.objects.exists()


def test_a_complete_answer_is_saved_once_and_a_second_is_refused(odense_manager, odense_consultant):
    evaluation = open_round(odense_manager)
    client = login(odense_consultant)
    posted = {key: "3" for key in all_items(evaluation, 0)} | {"lead_political": "dont_know"}
    response = client.post(url("selfeval_answer", evaluation), posted, follow=True)
    assert "Tak for dine svar" in response.content.decode()
    (submission,) = SelfEvaluationSubmission.objects.all()
    assert submission.group == "employee"
    assert submission.answers["lead_political"] == "dont_know"
    assert submission.answers["org_value"] == 3
    again = client.post(url("selfeval_answer", evaluation), posted)
    assert again.status_code == 400
    assert "Du har allerede svaret på denne runde" in again.content.decode()
    page = client.get(url("selfeval_answer", evaluation)).content.decode()
    assert "Du har allerede svaret" in page and 'type="radio"' not in page
    assert SelfEvaluationSubmission.objects.count() == 1


def test_a_closed_round_refuses_answers_on_the_page(odense_manager, odense_caseworker):
    evaluation = answered_round(odense_manager, leaders=[], employees=[])
    posted = {key: "3" for key in all_items(evaluation, 0)}
    response = login(odense_caseworker).post(url("selfeval_answer", evaluation), posted)
    assert response.status_code == 400
    assert "Runden er lukket" in response.content.decode()
    assert not SelfEvaluationSubmission.objects.exists()


# The comparison -----------------------------------------------------------------------------


def test_the_detail_page_shows_means_gaps_and_the_chart_largest_gap_first(odense_manager):
    evaluation = answered_round(
        odense_manager,
        leaders=[lambda k: 5 if k == "lead_resources" else 4] * 3,
        employees=[lambda k: 1 if k == "lead_resources" else 4] * 4,
    )
    body = login(odense_manager).get(url("selfeval_detail", evaluation)).content.decode()
    items = re.search(r'data-testid="items">(.*?)</table>', body, re.S).group(1)
    rows = re.findall(r'<tr data-item="(\w+)">', items)
    assert rows[0] == "lead_resources" and len(rows) == len(all_items(evaluation, 0))
    first = re.search(r'<tr data-item="lead_resources">(.*?)</tr>', items, re.S).group(1)
    assert "5,0" in first and "1,0" in first and "+4,0" in first
    assert "(3 svar)" in first and "(4 svar)" in first
    assert "KL-element" not in first
    kl = re.search(r'<tr data-item="lead_results">(.*?)</tr>', items, re.S).group(1)
    assert "KL-element 3: Resultatorientering" in kl
    themes = re.search(r'data-testid="themes">(.*?)</table>', body, re.S).group(1)
    assert re.findall(r'<tr data-theme="(\w+)">', themes)[0] == "leadership"
    chart = the_svg(body)
    assert chart.get("role") == "img"
    leaders = marker_titles(chart, LEADER_COLOUR)
    assert leaders[0] == "Ressourcer til målet, Ledere: 5,0 (3 svar)"
    assert "Ressourcer til målet, Medarbejdere: 1,0 (4 svar)" in marker_titles(
        chart, EMPLOYEE_COLOUR
    )
    assert "Historik" in body and "Lukkede runden" in body


def test_a_group_of_two_is_never_shown(odense_manager, odense_caseworker):
    evaluation = answered_round(odense_manager, leaders=[5, 5], employees=[2, 2, 2])
    body = login(odense_caseworker).get(url("selfeval_detail", evaluation)).content.decode()
    hidden = re.search(r'data-testid="hidden-groups">(.*?)</div>', body, re.S).group(1)
    assert "<strong>Ledere:</strong> færre end 3 svar." in hidden
    # The group's exact size is nowhere: not in the facts, the notice or the themes' heads.
    facts = re.search(r"<dt>Svar</dt><dd>(.*?)</dd>", body, re.S).group(1)
    assert facts == "Ledere: færre end 3 svar · Medarbejdere: 3 svar"
    themes_head = re.search(r'data-testid="themes">\s*<thead>(.*?)</thead>', body, re.S).group(1)
    assert "Ledere <span" in themes_head and "(færre end 3 svar)" in themes_head
    assert "kun 2" not in body and not re.search(r"\b2 svar", body)
    assert "Grupper med færre end 3 svar vises ikke" in hidden
    assert "5,0" not in body  # the two leaders' mean, nowhere on the page
    assert "+3,0" not in body and "\u22123,0" not in body
    chart = the_svg(body)
    # Only the legend's circle: no leader drawn in any row.
    assert marker_titles(chart, LEADER_COLOUR) == ["Ledere"]
    assert "Ledere: vises ikke" in [t.text for t in chart.iter(f"{SVG}text")]
    items = re.search(r'data-testid="items">(.*?)</table>', body, re.S).group(1)
    assert items.count("vises ikke") == len(all_items(evaluation, 0))
    assert items.count("2,0") == len(all_items(evaluation, 0))


def test_no_list_of_single_answers_anywhere(odense_manager):
    # Three in each group with answers that differ: only the means may appear.
    evaluation = answered_round(odense_manager, leaders=[1, 3, 5], employees=[5, 3, 1])
    client = login(odense_manager)
    body = client.get(url("selfeval_detail", evaluation)).content.decode()
    items = re.search(r'data-testid="items">(.*?)</table>', body, re.S).group(1)
    cells = re.findall(r'<span class="selfeval-mean">([^<]+)</span>', items)
    assert set(cells) == {"3,0"}
    assert "1,0" not in items and "5,0" not in items
    for submission in SelfEvaluationSubmission.objects.all():
        assert str(submission.pk) not in body


def test_the_comparison_with_the_previous_round_is_on_the_page(odense_manager):
    answered_round(
        odense_manager,
        leaders=[4] * 3,
        employees=[2] * 3,
        title="Forår 2025",
        opened_on=dt.date(2025, 3, 1),
    )
    evaluation = answered_round(odense_manager, leaders=[4] * 3, employees=[3] * 3)
    body = login(odense_manager).get(url("selfeval_detail", evaluation)).content.decode()
    changes = re.search(r'data-testid="changes">(.*?)</section>', body, re.S).group(1)
    assert "Siden sidste runde: Forår 2025" in changes
    row = re.search(r'<tr data-item="org_value">(.*?)</tr>', changes, re.S).group(1)
    cells = re.findall(r'<td class="num">(?:<strong>)?([^<]+)', row)
    assert cells == ["4,0", "4,0", "0,0", "3,0", "2,0", "+1,0"]


def test_the_pdf_shows_the_comparison_and_hides_a_small_group(tmp_path, odense_manager):
    evaluation = answered_round(
        odense_manager,
        leaders=[lambda k: 4] * 3,
        employees=[3, 3],
        title="Selvevaluering til udskrift",
    )
    response = login(odense_manager).get(url("selfeval_pdf", evaluation))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Selvevaluering til udskrift" in text
    assert "Medarbejdere: færre end 3 svar" in " ".join(text.split())
    assert "kun 2" not in text and not re.search(r"\b2 svar", text)
    assert "Organisering" in text and "Ledelse og projektstyring" in text
    assert "4,0" in text and "3,0" not in text
    # The chart is drawn into the PDF: its statements and legend are text there.
    assert "Ressourcer til målet" in text and "Forskel" in text


def test_presentation_has_an_overview_then_a_section_per_theme(odense_manager):
    evaluation = answered_round(
        odense_manager,
        leaders=[lambda k: 5 if k.startswith("tools") else 3] * 3,
        employees=[3] * 3,
    )
    client = login(odense_manager)
    first = client.get(url("selfeval_present", evaluation)).content.decode()
    assert "Afsnit 1 af 6" in first and "Overblik" in first and "<svg" in first
    second = client.get(url("selfeval_present", evaluation) + "?afsnit=2").content.decode()
    assert "<h1>Redskaber</h1>" in second  # the largest gap first
    assert "+2,0" in second and "<svg" not in second


def test_an_open_round_presents_no_results(odense_manager):
    evaluation = answered_round(odense_manager, leaders=[4] * 3, employees=[3] * 3, close=False)
    body = login(odense_manager).get(url("selfeval_present", evaluation)).content.decode()
    assert "Afsnit 1 af 1" in body and "Resultaterne vises, når runden er lukket." in body
    assert "4,0" not in body


# Anonymity of a single answer, counts and the printout's language ---------------------------


def _one_leader_scored_lead_goal(manager, value: int, title: str) -> SelfEvaluationRound:
    """Three leaders: one answered "Tydeligt mål" with `value`, the two others "ved ikke"."""
    return answered_round(
        manager,
        leaders=[
            lambda k: value if k == "lead_goal" else 4,
            lambda k: "dont_know" if k == "lead_goal" else 3,
            lambda k: "dont_know" if k == "lead_goal" else 5,
        ],
        employees=[3] * 3,
        title=title,
    )


def _shown_results(body: str, evaluation) -> list[str]:
    """The themes and statements tables and the chart, as the page shows them."""
    themes = re.search(r'data-testid="themes">(.*?)</table>', body, re.S).group(1)
    items = re.search(r'data-testid="items">(.*?)</table>', body, re.S).group(1)
    chart = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    return [themes, items, chart.replace(f"selfeval-{evaluation.pk}", "selfeval-X")]


def test_one_leaders_answer_cannot_be_worked_out_from_the_themes(odense_manager):
    low = _one_leader_scored_lead_goal(odense_manager, 1, "Runde med 1")
    high = _one_leader_scored_lead_goal(odense_manager, 5, "Runde med 5")
    client = login(odense_manager)
    pages = {e: client.get(url("selfeval_detail", e)).content.decode() for e in (low, high)}
    # Whatever the one leader answered, the themes, statements and chart show the same.
    assert _shown_results(pages[low], low) == _shown_results(pages[high], high)
    body = pages[high]
    themes = re.search(r'data-testid="themes">(.*?)</table>', body, re.S).group(1)
    leadership = re.search(r'<tr data-theme="leadership">(.*?)</tr>', themes, re.S).group(1)
    # Only the four shown statements are pooled: 4 x 3 points with mean 4,0.
    assert re.search(r'selfeval-mean">4,0</span> <span class="muted small">\(12 svar\)', leadership)
    goal = re.search(r'<tr data-item="lead_goal">(.*?)</tr>', body, re.S).group(1)
    assert "vises ikke: for få svar på skalaen" in goal
    explained = re.search(r'data-testid="themes-explained">(.*?)</p>', body, re.S).group(1)
    assert "kun fra de udsagn, hvis eget gennemsnit vises" in explained


def test_one_or_two_dont_know_answers_are_fewer_than_three(odense_manager):
    evaluation = answered_round(
        odense_manager,
        leaders=[4, 4, 4, lambda k: "dont_know" if k == "org_value" else 4],
        employees=[3] * 3,
    )
    body = login(odense_manager).get(url("selfeval_detail", evaluation)).content.decode()
    row = re.search(r'<tr data-item="org_value">(.*?)</tr>', body, re.S).group(1)
    assert "(3 svar, færre end 3 ved ikke)" in row
    assert "1 ved ikke" not in body


@pytest.fixture
def language_restored():
    """A request with English chosen leaves English active in the test's thread: undo it."""
    with translation.override(translation.get_language()):
        yield


def test_the_pdf_is_danish_when_the_user_reads_english(tmp_path, odense_manager, language_restored):
    evaluation = answered_round(odense_manager, leaders=[4] * 3, employees=[3, 3])
    client = login(odense_manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url("selfeval_detail", evaluation)).content.decode()
    assert '<html lang="en">' in page and "Difference" in page  # the page is English
    text = " ".join(pdf_text(client.get(url("selfeval_pdf", evaluation)).content, tmp_path).split())
    # The chart is made in Danish too: its heading and its word for a hidden group.
    assert "Forskel" in text and "Medarbejdere: vises ikke" in text
    assert "Difference" not in text and "not shown" not in text
    assert "Temaerne" in text and "The themes" not in text
