"""Method descriptions (step 1B): the generic start, edits with history, pages, PDF, slides."""

from __future__ import annotations

import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fremdrift.toolbox.method import generic as generic_method
from fremdrift.toolbox.method.services import (
    method_create,
    method_phase_update,
    method_set_shared,
    method_update,
)
from fremdrift.toolbox.models import MethodDescription, MethodPhase, Revision
from fremdrift.toolbox.revisions import history
from tests.conftest import login
from tests.factories import UserFactory
from tests.plans.test_pdf import _poppler, pdf_text
from tests.toolbox.boundary_plans import make_method

pytestmark = pytest.mark.django_db


# -- Services ---------------------------------------------------------------------------


def test_a_new_description_starts_from_the_generic_model(odense_manager):
    description = make_method(odense_manager)
    assert description.municipality_id == odense_manager.municipality_id
    assert description.core_principles.splitlines() == list(generic_method.CORE_PRINCIPLES)
    phases = list(description.phases.order_by("number"))
    assert [p.number for p in phases] == [1, 2, 3]
    assert [p.name for p in phases] == [p.name for p in generic_method.PHASES]
    assert phases[0].timespan == "0-1 måned"
    assert "løntilskud" in phases[1].citizen_level
    assert "Sprogskolen" in phases[0].external_roles
    assert "Integrationskontrakt" in phases[0].tools
    assert all(p.internal_roles and p.external_roles and p.tools for p in phases)
    [revision] = history(description)
    assert revision.number == 1
    assert revision.changed_by == odense_manager
    assert "generiske model" in revision.summary
    assert revision.snapshot["core_principles"] == list(generic_method.CORE_PRINCIPLES)
    assert len(revision.snapshot["phases"]) == 3


def test_every_change_is_a_numbered_revision_with_actor_summary_and_snapshot(odense_manager):
    description = make_method(odense_manager)
    method_update(
        actor=odense_manager,
        description=description,
        title=description.title,
        target_group=description.target_group,
        core_principles="Borgeren først\n\n  Job fra dag ét  ",
        expected_version=1,
    )
    phase = description.phases.get(number=2)
    method_phase_update(
        actor=odense_manager, phase=phase, tools="Kompetencekort", expected_version=1
    )
    method_set_shared(actor=odense_manager, description=description, shared=True)
    revisions = history(description)
    assert [r.number for r in revisions] == [4, 3, 2, 1]
    assert all(r.changed_by == odense_manager for r in revisions)
    assert revisions[2].summary == "Ændrede kerneprincipper"
    assert revisions[2].snapshot["core_principles"] == ["Borgeren først", "Job fra dag ét"]
    assert revisions[1].summary == "Ændrede fase II: redskaber"
    assert revisions[1].snapshot["phases"][1]["tools"] == "Kompetencekort"
    # The earlier snapshot still shows the document as it was then.
    assert revisions[2].snapshot["phases"][1]["tools"] != "Kompetencekort"
    assert revisions[0].snapshot["shared"] is True


def test_saving_without_a_change_records_nothing(odense_manager):
    description = make_method(odense_manager)
    method_update(
        actor=odense_manager,
        description=description,
        title=description.title,
        target_group=description.target_group,
        core_principles=description.core_principles,
        expected_version=1,
    )
    method_phase_update(
        actor=odense_manager, phase=description.phases.get(number=1), expected_version=1
    )
    assert len(history(description)) == 1


def test_a_phase_needs_a_name(odense_manager):
    phase = make_method(odense_manager).phases.get(number=3)
    with pytest.raises(ValidationError) as error:
        method_phase_update(actor=odense_manager, phase=phase, name="  ", expected_version=1)
    assert error.value.message_dict == {"name": ["Giv fasen et navn."]}
    phase.refresh_from_db()
    assert phase.name == generic_method.PHASES[2].name


# -- Pages ------------------------------------------------------------------------------


def test_manager_creates_one_and_sees_the_grid(odense_manager):
    client = login(odense_manager)
    response = client.post(
        reverse("toolbox:method_create"),
        {"title": "Det gode forløb", "target_group": "Jobparate kvinder"},
    )
    description = MethodDescription.objects.get()
    assert response.url == reverse("toolbox:method_detail", kwargs={"pk": description.pk})
    page = client.get(response.url).content.decode()
    assert 'data-testid="method-grid"' in page
    for phase in generic_method.PHASES:
        assert phase.name in page
    assert generic_method.CORE_PRINCIPLES[0] in page
    assert "Roller og ansvar" in page and "Redskaber" in page and "På borgerniveau" in page
    assert "Jobparate kvinder" in page
    # The history shows who created it.
    assert "Lars Bach" in page


def test_create_without_title_says_so_in_danish_and_saves_nothing(odense_manager):
    response = login(odense_manager).post(
        reverse("toolbox:method_create"), {"title": "", "target_group": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giv metodebeskrivelsen en titel." in body
    assert "Skriv, hvem målgruppen er." in body
    assert not MethodDescription.objects.exists()
    assert not Revision.objects.exists()


def test_phase_edit_saves_and_bad_input_saves_nothing(odense_manager):
    description = make_method(odense_manager)
    client = login(odense_manager)
    url = reverse("toolbox:method_phase_edit", kwargs={"pk": description.pk, "number": 1})
    form = client.get(url).content.decode()
    assert "Sprogskolen" in form  # starts filled with the phase
    bad = client.post(url, {"name": "", "citizen_level": "Nyt indhold", "version": 1})
    assert "Giv fasen et navn." in bad.content.decode()
    assert MethodPhase.objects.get(description=description, number=1).citizen_level != "Nyt indhold"
    good = client.post(
        url,
        {
            "name": "I. Velkomst",
            "timespan": "0-4 uger",
            "citizen_level": "Velkomstsamtale",
            "version": 1,
        },
    )
    assert good.status_code == 302 and good.url.endswith("#fase-1")
    phase = MethodPhase.objects.get(description=description, number=1)
    assert (phase.name, phase.timespan, phase.citizen_level) == (
        "I. Velkomst",
        "0-4 uger",
        "Velkomstsamtale",
    )
    assert phase.tools == ""  # an emptied field is emptied
    assert history(description)[0].summary.startswith("Ændrede fase I:")


def test_phase_that_does_not_exist_is_404(odense_manager):
    description = make_method(odense_manager)
    url = reverse("toolbox:method_phase_edit", kwargs={"pk": description.pk, "number": 4})
    assert login(odense_manager).get(url).status_code == 404


def test_caseworker_reads_but_gets_no_edit_links(odense_manager, odense_caseworker):
    description = make_method(odense_manager)
    page = login(odense_caseworker).get(
        reverse("toolbox:method_detail", kwargs={"pk": description.pk})
    )
    body = page.content.decode()
    assert generic_method.PHASES[0].name in body
    assert reverse("toolbox:method_edit", kwargs={"pk": description.pk}) not in body
    assert 'data-testid="share-form"' not in body


def test_facilitator_reads_only_a_shared_description(odense_manager, facilitator):
    description = make_method(odense_manager)
    url = reverse("toolbox:method_detail", kwargs={"pk": description.pk})
    client = login(facilitator)
    assert client.get(url).status_code == 404
    login(odense_manager).post(
        reverse("toolbox:method_share", kwargs={"pk": description.pk}), {"shared": "1"}
    )
    description.refresh_from_db()
    assert description.shared
    page = client.get(url)
    assert page.status_code == 200
    assert generic_method.PHASES[1].name in page.content.decode()
    # Reading, never changing.
    edit = reverse("toolbox:method_edit", kwargs={"pk": description.pk})
    assert client.get(edit).status_code == 404


def test_the_pdf_is_a_landscape_grid(odense_manager, tmp_path):
    description = make_method(odense_manager, title="Forløb for aktivitetsparate")
    response = login(odense_manager).get(
        reverse("toolbox:method_pdf", kwargs={"pk": description.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Forløb for aktivitetsparate" in text
    assert "Kerneprincipper" in text
    for phase in generic_method.PHASES:
        assert phase.name in text
    assert "Roller og ansvar" in text
    info = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [_poppler("pdfinfo"), str(tmp_path / "plan.pdf")], capture_output=True, check=True
    ).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert width > height  # landscape


def test_presentation_shows_principles_then_one_phase_per_section(odense_manager):
    description = make_method(odense_manager)
    client = login(odense_manager)
    url = reverse("toolbox:method_present", kwargs={"pk": description.pk})
    first = client.get(url).content.decode()
    assert "Kerneprincipper" in first and generic_method.CORE_PRINCIPLES[1] in first
    assert "Afsnit 1 af 4" in first
    third = client.get(url, {"afsnit": 3}).content.decode()
    assert f"<h1>{generic_method.PHASES[1].name}</h1>" in third
    assert "løntilskud" in third  # phase II's citizen level, not phase III's


def test_the_services_refuse_a_caseworker_and_another_municipalitys_manager(
    odense_manager, odense_caseworker, holbaek
):
    description = make_method(odense_manager)
    phase = description.phases.get(number=1)
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    for actor in (odense_caseworker, holbaek_manager):
        changes = [
            lambda actor=actor: method_update(
                actor=actor,
                description=description,
                title="Ny titel",
                target_group="Andre",
                core_principles="",
                expected_version=1,
            ),
            lambda actor=actor: method_phase_update(
                actor=actor, phase=phase, name="Ny fase", expected_version=1
            ),
            lambda actor=actor: method_set_shared(
                actor=actor, description=description, shared=True
            ),
        ]
        for change in changes:
            with pytest.raises(PermissionDenied):
                change()
    with pytest.raises(PermissionDenied):
        method_create(actor=odense_caseworker, title="Egen", target_group="Alle")
    assert MethodDescription.objects.count() == 1
    assert len(history(description)) == 1
    description.refresh_from_db()
    phase.refresh_from_db()
    assert (description.title, description.shared) == ("Borgerforløb, aktivitetsparate", False)
    assert phase.name == generic_method.PHASES[0].name
