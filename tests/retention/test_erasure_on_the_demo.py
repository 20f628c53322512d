"""Erasure on the demo, which holds every kind of personal data: journals, plans,
referrals, readings. The figure table after a full rebuild (finished months rewritten too)
is the same row for row, and nothing typed about an erased citizen is left."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.accounts.scoping import PersonalData, personal_data_models
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import JournalEntry
from fremdrift.demo.generator import build_demo
from fremdrift.journey.models import Period
from fremdrift.results.models import FigureValue, Source
from fremdrift.results.refresh import rebuild
from fremdrift.retention.erasure_services import RULES
from fremdrift.retention.selectors import unscoped_due_for_erasure
from fremdrift.retention.services import citizen_erase, retention_rule_set, retention_run
from tests.retention.texts import text_left

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 15)


def own_table() -> set[tuple]:
    return set(
        FigureValue.objects.filter(source=Source.OWN).values_list(
            "municipality_id",
            "figure",
            "period_kind",
            "month",
            "dim",
            "value_key",
            "numerator",
            "denominator",
        )
    )


def test_erasing_changes_no_figure_and_leaves_no_text():
    build_demo(seed=2016, today=TODAY)
    rebuild(today=TODAY, rewrite_finished_months=True)
    before = own_table()
    assert len(before) > 1000
    # Every municipality keeps personal data one year: many closed cases go at once.
    for municipality in {c.municipality for c in Citizen.objects.select_related("municipality")}:
        retention_rule_set(actor=None, municipality=municipality, years=1)
    due = [pk for ids in unscoped_due_for_erasure(TODAY).values() for pk in ids]
    assert text_left(due), "the check below must have texts to miss"
    result = retention_run(today=TODAY)
    erased = [pk for ids in result.due.values() for pk in ids]
    assert len(erased) >= 20
    assert sorted(erased) == sorted(due)
    # And one on request: a citizen with journal entries whose periods are all closed.
    manager = User.objects.filter(role=Role.MANAGER).select_related("municipality").first()
    manager_municipality = manager.municipality
    candidate = (
        Citizen.objects.filter(municipality=manager_municipality, anonymised_at__isnull=True)
        .filter(pk__in=JournalEntry.objects.values("citizen_id"))
        .exclude(
            pk__in=Period.objects.filter(end__isnull=True)
            .exclude(kind="outcome")
            .values("citizen_id")
        )
        .first()
    )
    assert candidate is not None
    if candidate is not None:
        citizen_erase(actor=manager, citizen=candidate, reason="Anmodning 3/11")
        erased.append(candidate.pk)
    rebuild(today=TODAY, rewrite_finished_months=True)
    assert own_table() == before
    assert Citizen.objects.filter(pk__in=erased, anonymised_at__isnull=False).count() == len(erased)
    assert text_left(erased) == []
    assert AuditEntry.objects.filter(action=Action.ERASE, citizen_id__in=erased).count() == len(
        erased
    )


def test_every_model_with_personal_data_has_a_rule():
    labels = {m._meta.label for m in personal_data_models()}
    hanging = {
        m._meta.label
        for m in apps.get_models()
        if not m._meta.auto_created
        and any(
            isinstance(f, models.ForeignKey) and issubclass(f.related_model, PersonalData)
            for f in m._meta.get_fields()
        )
    }
    missing = (labels | hanging) - set(RULES)
    assert missing == set(), f"no erasure rule for {sorted(missing)}"
