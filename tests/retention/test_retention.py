"""The retention rule, erasure on request, the daily job and the command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import citizen_update
from fremdrift.core import clock
from fremdrift.core.queue import run_periodic_checks
from fremdrift.retention.erasure_services import birth_month
from fremdrift.retention.jobs import run_retention
from fremdrift.retention.models import RetentionRun
from fremdrift.retention.selectors import unscoped_due_for_erasure, years_before
from fremdrift.retention.services import citizen_erase, retention_rule_set, retention_run
from tests.factories import CitizenFactory, next_cpr
from tests.results.helpers import period

pytestmark = pytest.mark.django_db
D = dt.date


def closed_case(municipality, ended: dt.date, **extra) -> Citizen:
    citizen = CitizenFactory(
        municipality=municipality, takeover_date=ended.replace(year=ended.year - 1), **extra
    )
    period(citizen, "programme", citizen.takeover_date, ended)
    return citizen


def test_a_case_is_due_five_years_after_it_ended_by_default(odense):
    today = clock.today()
    old = closed_case(odense, years_before(today, 5))
    recent = closed_case(odense, years_before(today, 5) + dt.timedelta(days=1))
    left_for_a_job = closed_case(odense, years_before(today, 6))
    period(left_for_a_job, "outcome", years_before(today, 6), code="ordinary_job")
    running = CitizenFactory(municipality=odense, takeover_date=D(2015, 1, 1))
    period(running, "programme", D(2015, 1, 1))
    assert unscoped_due_for_erasure(today) == {odense.pk: sorted([old.pk, left_for_a_job.pk])}
    assert recent.pk not in unscoped_due_for_erasure(today).get(odense.pk, [])


def test_a_later_conversation_keeps_the_case_open(odense, odense_caseworker):
    from fremdrift.conversations.models import Conversation

    today = clock.today()
    citizen = closed_case(odense, years_before(today, 6))
    Conversation.objects.create(
        municipality=odense,
        citizen=citizen,
        held_on=years_before(today, 2),
        form="phone",
        held_by=odense_caseworker,
    )
    assert unscoped_due_for_erasure(today) == {}


def test_each_municipality_has_its_own_rule_and_setting_it_is_audited(
    odense, holbaek, odense_admin
):
    today = clock.today()
    in_odense = closed_case(odense, years_before(today, 3))
    in_holbaek = closed_case(holbaek, years_before(today, 3))
    retention_rule_set(actor=odense_admin, municipality=odense, years=2)
    assert unscoped_due_for_erasure(today) == {odense.pk: [in_odense.pk]}
    entry = AuditEntry.objects.get(action=Action.SETTINGS)
    assert entry.details == {"years": 2, "before": 5} and entry.actor == odense_admin
    with pytest.raises(PermissionDenied):
        retention_rule_set(actor=odense_admin, municipality=holbaek, years=2)
    with pytest.raises(ValidationError):
        retention_rule_set(actor=odense_admin, municipality=odense, years=0)
    assert in_holbaek.pk not in unscoped_due_for_erasure(today).get(holbaek.pk, [])


def test_the_dry_run_lists_ids_without_names_and_erases_nothing(odense):
    citizen = closed_case(odense, years_before(clock.today(), 6), first_name="Zainab")
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Odense (461), regel 5 år: 1 borgere ville blive anonymiseret: {citizen.pk}" in text
    assert "Zainab" not in text and "Haddad" not in text
    citizen.refresh_from_db()
    assert citizen.anonymised_at is None and citizen.first_name == "Zainab"
    assert not RetentionRun.objects.exists()


def test_the_real_run_anonymises_and_audits_once_per_citizen(odense):
    born = D(1988, 2, 29)
    cpr = next_cpr(born, female=True)
    citizen = closed_case(odense, years_before(clock.today(), 6), cpr=cpr)
    before = Citizen.objects.get(pk=citizen.pk)
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "Odense (461), regel 5 år: 1 borgere anonymiseret" in out.getvalue()
    after = Citizen.objects.get(pk=citizen.pk)
    assert after.anonymised_at is not None and after.full_name == "Anonymiseret borger"
    assert (after.first_name, after.last_name, after.cpr_encrypted) == ("", "", "")
    assert after.cpr_digest != before.cpr_digest and after.cpr_digest.startswith("anon-")
    assert after.birth_date == D(1988, 3, 1) and after.gender == before.gender
    assert after.country_of_origin.code == "XN"  # Syria: non-western, the country gone
    assert after.preferred_language == "da" and not after.interpreter_needed
    entry = AuditEntry.objects.get(action=Action.ERASE, citizen=citizen)
    assert entry.actor is None and "5 år" in entry.purpose
    assert before.first_name not in str(entry.details) + entry.purpose
    # The number can be registered again if the person comes back.
    assert not Citizen.objects.filter(cpr_digest=cpr_digest(cpr)).exists()
    assert RetentionRun.objects.get(ran_on=clock.today()).erased == {str(odense.pk): 1}
    assert retention_run().erased == {}  # nothing left to do


def test_birth_month_keeps_the_month_the_figures_count_age_in():
    assert birth_month(D(1990, 7, 23)) == D(1990, 7, 1)
    assert birth_month(D(1992, 2, 29)) == D(1992, 3, 1)


def test_the_worker_queues_the_retention_run_once_a_day(odense):
    closed_case(odense, years_before(clock.today(), 6))
    run_periodic_checks()
    run_periodic_checks()
    waiting = DBTaskResult.objects.filter(task_path=run_retention.module_path)
    assert waiting.count() == 1
    assert run_retention.call() == 1
    run_periodic_checks()
    assert waiting.count() == 1  # today's run is done: nothing more is queued
    assert run_retention.call() == 0


def test_erasure_on_request_needs_a_manager_a_reason_and_a_closed_case(
    odense, odense_manager, odense_caseworker
):
    citizen = CitizenFactory(municipality=odense, caseworker=odense_caseworker)
    programme = period(citizen, "programme", D(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        citizen_erase(actor=odense_caseworker, citizen=citizen, reason="Anmodning")
    with pytest.raises(ValidationError) as blank:
        citizen_erase(actor=odense_manager, citizen=citizen, reason="  ")
    assert "reason" in blank.value.message_dict
    with pytest.raises(ValidationError, match="ikke er afsluttet"):
        citizen_erase(actor=odense_manager, citizen=citizen, reason="Anmodning")
    programme.end = D(2026, 10, 31)
    programme.save()
    erased = citizen_erase(actor=odense_manager, citizen=citizen, reason="Anmodning 3/11")
    assert erased.is_anonymised
    entry = AuditEntry.objects.get(action=Action.ERASE, citizen=citizen)
    assert entry.purpose == "Anonymiseret efter anmodning: Anmodning 3/11"
    assert entry.actor == odense_manager
    with pytest.raises(ValidationError, match="allerede"):
        citizen_erase(actor=odense_manager, citizen=erased, reason="Igen")
    # Nothing is written to an anonymised citizen again.
    with pytest.raises(PermissionDenied):
        citizen_update(actor=odense_caseworker, citizen=erased, data=None, expected_version=1)
