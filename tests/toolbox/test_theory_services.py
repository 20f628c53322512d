"""The theory services directly: linking rules, bindings, versions and the revision trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.models import Horizon, Revision, TheoryItem, TheoryKind, TheoryOfChange
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.theory.services import (
    item_add,
    item_bind,
    item_delete,
    item_link,
    item_update,
    target_group_save,
    theory_create,
    theory_new_version,
    theory_set_shared,
)
from fremdrift.toolbox.theory.shape import lineage, may_lead_to, reading_order
from tests.factories import UserFactory
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db


def items(theory: TheoryOfChange) -> dict[str, TheoryItem]:
    return {i.horizon: i for i in theory.items.all()}


def messages(exc: ValidationError, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


# -- the chain --------------------------------------------------------------------------------


def test_reading_order_is_the_reverse_of_the_filling_order():
    assert reading_order(TheoryKind.CHANGE) == ("activity", "short", "medium", "long")
    assert reading_order(TheoryKind.PROGRAMME) == ("mechanism", "activity", "sub_goal", "end_goal")
    assert may_lead_to(TheoryKind.CHANGE, "activity", "long")  # skipping columns is allowed
    assert not may_lead_to(TheoryKind.CHANGE, "long", "short")
    assert not may_lead_to(TheoryKind.CHANGE, "short", "short")
    assert not may_lead_to(TheoryKind.CHANGE, "activity", "end_goal")  # another kind's column
    assert may_lead_to(TheoryKind.PROGRAMME, "mechanism", "activity")


def test_an_item_leads_to_items_further_right(odense_manager):
    theory = build_theory(odense_manager)
    by = items(theory)
    assert list(by["activity"].leads_to.all()) == [by["short"]]
    assert list(by["long"].comes_from.all()) == [by["medium"]]
    skip = item_add(
        actor=odense_manager, theory=theory, horizon=Horizon.ACTIVITY,
        text="Mentor", leads_to=[by["long"].pk, by["medium"]],
    )  # fmt: skip
    assert set(skip.leads_to.all()) == {by["long"], by["medium"]}


def test_a_link_to_the_left_or_within_the_column_is_refused_in_danish(odense_manager):
    theory = build_theory(odense_manager)
    by = items(theory)
    before = TheoryItem.objects.count()
    with pytest.raises(ValidationError) as exc:
        item_add(
            actor=odense_manager, theory=theory, horizon=Horizon.MEDIUM,
            text="Noget", leads_to=[by["short"].pk],
        )  # fmt: skip
    assert "kun føre til punkter længere til højre" in messages(exc, "leads_to")
    with pytest.raises(ValidationError) as exc:
        item_link(actor=odense_manager, item=by["short"], leads_to=[by["activity"].pk])
    assert "kortsigtet resultat kan ikke føre til aktivitet" in messages(exc, "leads_to")
    other_short = item_add(
        actor=odense_manager, theory=theory, horizon=Horizon.SHORT, text="Endnu et"
    )
    with pytest.raises(ValidationError):
        item_link(actor=odense_manager, item=by["short"], leads_to=[other_short.pk])
    assert TheoryItem.objects.count() == before + 1
    assert list(by["short"].leads_to.all()) == [by["medium"]]


def test_no_self_link_and_no_link_into_another_theory(odense_manager):
    theory = build_theory(odense_manager)
    other = build_theory(odense_manager)
    short = items(theory)["short"]
    with pytest.raises(ValidationError) as exc:
        item_link(actor=odense_manager, item=short, leads_to=[short.pk])
    assert "ikke føre til sig selv" in messages(exc, "leads_to")
    with pytest.raises(ValidationError) as exc:
        item_link(actor=odense_manager, item=short, leads_to=[items(other)["medium"].pk])
    assert "hører ikke til denne teori" in messages(exc, "leads_to")
    assert list(short.leads_to.all()) == [items(theory)["medium"]]


def test_programme_theory_chain(odense_manager):
    theory = theory_create(
        actor=odense_manager, kind=TheoryKind.PROGRAMME, title="P", target_group="Jobparate"
    )
    end = item_add(actor=odense_manager, theory=theory, horizon=Horizon.END_GOAL, text="Job")
    sub = item_add(
        actor=odense_manager, theory=theory, horizon=Horizon.SUB_GOAL, text="CV",
        leads_to=[end.pk],
    )  # fmt: skip
    activity = item_add(
        actor=odense_manager, theory=theory, horizon=Horizon.ACTIVITY, text="Værksted",
        leads_to=[sub.pk],
    )  # fmt: skip
    mechanism = item_add(
        actor=odense_manager, theory=theory, horizon=Horizon.MECHANISM, text="Hurtig handling",
        leads_to=[activity.pk, end.pk],
    )  # fmt: skip
    assert set(mechanism.leads_to.all()) == {activity, end}
    with pytest.raises(ValidationError):
        item_link(actor=odense_manager, item=activity, leads_to=[mechanism.pk])
    # A theory of change's column cannot be used in a programme theory.
    with pytest.raises(ValidationError):
        item_add(actor=odense_manager, theory=theory, horizon=Horizon.LONG, text="Langt")


# -- bindings ---------------------------------------------------------------------------------


def test_a_result_binds_to_a_figure_or_a_dimension_not_both(odense_manager):
    load_builtin_instruments()
    theory = build_theory(odense_manager)
    by = items(theory)
    assert item_bind(actor=odense_manager, item=by["long"], figure="M3")
    by["long"].refresh_from_db()
    assert (by["long"].figure, by["long"].dimension) == ("M3", "")
    assert item_bind(actor=odense_manager, item=by["medium"], dimension="job_search")
    with pytest.raises(ValidationError) as exc:
        item_bind(actor=odense_manager, item=by["short"], figure="M2", dimension="job_search")
    assert "ikke begge" in messages(exc, "dimension")
    with pytest.raises(ValidationError) as exc:
        item_bind(actor=odense_manager, item=by["activity"], figure="M3")
    assert "Kun resultater og mål" in messages(exc, "figure")
    with pytest.raises(ValidationError) as exc:
        item_bind(actor=odense_manager, item=by["short"], figure="M9")
    assert "findes ikke" in messages(exc, "figure")
    with pytest.raises(ValidationError) as exc:
        item_bind(actor=odense_manager, item=by["short"], dimension="shoe_size")
    assert "findes ikke i kommunens progressionsværktøj" in messages(exc, "dimension")
    by["short"].refresh_from_db()
    assert (by["short"].figure, by["short"].dimension) == ("", "")
    # Unbinding is a change too.
    assert item_bind(actor=odense_manager, item=by["long"])
    assert history(theory)[0].summary.endswith("binding fjernet")


def test_the_database_refuses_both_bindings(odense_manager):
    theory = build_theory(odense_manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        TheoryItem.objects.create(
            theory=theory, horizon=Horizon.LONG, text="x", figure="M3", dimension="danish"
        )


# -- revisions ----------------------------------------------------------------------------------


def test_every_change_is_a_numbered_revision_with_actor_summary_and_snapshot(odense_manager):
    theory = build_theory(odense_manager)
    by = items(theory)
    item_update(
        actor=odense_manager, item=by["short"], text="Borgeren kan fortælle om sine evner",
        leads_to=[by["medium"].pk, by["long"].pk], figure="M2", expected_version=1,
    )  # fmt: skip
    item_delete(actor=odense_manager, item=by["activity"])
    theory_set_shared(actor=odense_manager, theory=theory, shared=True)
    revisions = history(theory)
    assert [r.number for r in revisions] == list(range(len(revisions), 0, -1))
    assert len(revisions) == 8  # created, 4 items, update, delete, share
    assert {r.changed_by for r in revisions} == {odense_manager}
    summaries = [r.summary for r in reversed(revisions)]
    assert summaries[0] == "Oprettede forandringsteori for Aktivitetsparate borgere"
    assert summaries[1] == "Tilføjede langsigtet resultat: Flere i ordinært job"
    assert summaries[4].startswith("Tilføjede aktivitet: Kompetenceafklaring (fører til 1)")
    assert summaries[5] == (
        "Ændrede kortsigtet resultat “Borgeren kender sine kompetencer”: ny tekst, "
        "forbindelser ændret (1 tilføjet, 0 fjernet), bundet til nøgletal M2"
    )
    assert summaries[6] == "Slettede aktivitet: Kompetenceafklaring"
    assert summaries[7] == "Delte dokumentet med facilitatoren"
    # The snapshot is the whole document as it then was.
    snapshot = revisions[1].snapshot  # after the delete, before sharing
    assert snapshot["shared"] is False and snapshot["target_group"] == "Aktivitetsparate borgere"
    short = next(i for i in snapshot["items"] if i["horizon"] == "short")
    assert short["figure"] == "M2"
    assert sorted(short["leads_to"]) == sorted([by["medium"].pk, by["long"].pk])
    assert "activity" not in {i["horizon"] for i in snapshot["items"]}
    first = revisions[-1].snapshot
    assert first["items"] == [] and first["kind"] == "change"


def test_nothing_changed_records_nothing(odense_manager):
    theory = build_theory(odense_manager)
    count = Revision.objects.count()
    short = items(theory)["short"]
    assert not item_update(
        actor=odense_manager, item=short, text=short.text,
        leads_to=list(short.leads_to.values_list("pk", flat=True)), expected_version=1,
    )  # fmt: skip
    assert not theory_set_shared(actor=odense_manager, theory=theory, shared=False)
    data = {f: getattr(theory, f) for f in ("title", "target_group", "segment")}
    assert not target_group_save(actor=odense_manager, theory=theory, data=data, expected_version=1)
    assert Revision.objects.count() == count


def test_target_group_save_names_the_changed_fields(odense_manager):
    theory = build_theory(odense_manager)
    data = {
        "title": theory.title,
        "target_group": theory.target_group,
        "segment": "job_ready",
        "can_wants": "Vil gerne i praktik",
        "family": "Mange børn",
    }
    assert target_group_save(actor=odense_manager, theory=theory, data=data, expected_version=1)
    theory.refresh_from_db()
    assert (theory.segment, theory.can_wants, theory.family) == (
        "job_ready", "Vil gerne i praktik", "Mange børn"
    )  # fmt: skip
    assert history(theory)[0].summary == (
        "Ændrede målgruppen: målgruppen tælles blandt, kan og vil, familie"
    )
    with pytest.raises(ValidationError) as exc:
        target_group_save(
            actor=odense_manager, theory=theory, data={**data, "title": " "}, expected_version=2
        )
    assert messages(exc, "title") == "Giv dokumentet en titel."


def test_create_validates_in_danish(odense_manager):
    with pytest.raises(ValidationError) as exc:
        theory_create(actor=odense_manager, kind="poem", title="", target_group="", segment="x")
    errors = exc.value.message_dict
    assert set(errors) == {"kind", "title", "target_group", "segment"}
    assert errors["target_group"] == ["Skriv, hvem målgruppen er."]
    assert not TheoryOfChange.objects.exists()


def test_text_is_required_and_short_enough_for_the_diagram(odense_manager):
    theory = build_theory(odense_manager)
    with pytest.raises(ValidationError) as exc:
        item_add(actor=odense_manager, theory=theory, horizon=Horizon.LONG, text="  ")
    assert messages(exc, "text") == "Skriv en tekst."
    with pytest.raises(ValidationError) as exc:
        item_add(actor=odense_manager, theory=theory, horizon=Horizon.LONG, text="x" * 301)
    assert "højst 300 tegn" in messages(exc, "text")


def test_only_a_manager_in_the_municipality_changes_a_theory(
    odense_manager, odense_caseworker, holbaek
):
    theory = build_theory(odense_manager)
    holbaek_manager = UserFactory(role="manager", municipality=holbaek)
    with pytest.raises(PermissionDenied):
        theory_create(actor=odense_caseworker, kind="change", title="T", target_group="G")
    with pytest.raises(PermissionDenied):
        item_add(actor=holbaek_manager, theory=theory, horizon=Horizon.LONG, text="Ind udefra")
    with pytest.raises(PermissionDenied):
        theory_new_version(actor=holbaek_manager, theory=theory)
    assert theory.items.count() == 4


# -- versions -----------------------------------------------------------------------------------


def test_a_new_version_copies_items_links_and_bindings_and_keeps_the_old(odense_manager):
    load_builtin_instruments()
    theory = build_theory(odense_manager)
    by = items(theory)
    item_bind(actor=odense_manager, item=by["long"], figure="M3")
    item_bind(actor=odense_manager, item=by["medium"], dimension="job_search")
    theory_set_shared(actor=odense_manager, theory=theory, shared=True)
    old_revisions = [r.pk for r in history(theory)]

    copy = theory_new_version(actor=odense_manager, theory=theory)

    assert (copy.version, copy.previous_id, copy.kind) == (2, theory.pk, theory.kind)
    assert copy.title == theory.title and copy.segment == theory.segment
    assert copy.shared is False
    new = items(copy)
    assert {i.pk for i in new.values()}.isdisjoint({i.pk for i in by.values()})
    assert {h: i.text for h, i in new.items()} == {h: i.text for h, i in by.items()}
    assert (new["long"].figure, new["medium"].dimension) == ("M3", "job_search")
    links = {(a.horizon, b.horizon) for a in new.values() for b in a.leads_to.all()}
    assert links == {("activity", "short"), ("short", "medium"), ("medium", "long")}
    # Every link of the copy stays inside the copy.
    assert all(t.theory_id == copy.pk for i in new.values() for t in i.leads_to.all())
    # The old version is as it was: its items, links, fields and history.
    theory.refresh_from_db()
    assert theory.version == 1 and theory.shared is True
    assert {i.pk for i in theory.items.all()} == {i.pk for i in by.values()}
    assert list(by["activity"].leads_to.all()) == [by["short"]]
    assert [r.pk for r in history(theory)] == old_revisions
    (revision,) = history(copy)
    assert revision.number == 1 and revision.changed_by == odense_manager
    assert revision.summary == "Oprettede version 2 som kopi af version 1"
    assert len(revision.snapshot["items"]) == 4
    # A change to the copy leaves the old alone.
    item_delete(actor=odense_manager, item=new["short"])
    assert theory.items.count() == 4


def test_versions_keep_counting_along_the_line(odense_manager):
    first = build_theory(odense_manager)
    second = theory_new_version(actor=odense_manager, theory=first)
    # A new version made from the first again is number 3, not a second number 2.
    third = theory_new_version(actor=odense_manager, theory=first)
    assert (second.version, third.version) == (2, 3)
    assert [t.version for t in lineage(second)] == [1, 2, 3]
