"""The demo's work with companies (issue 16 item 8): Odense, Svendborg and Helsingør have
companies with capacity and contact persons, placements with work agreements, follow-ups by
the contact persons rising to a wage point, competence cards and one job rotation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from fremdrift.accounts.models import User
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.agreement_selectors import due_agreement_follow_ups
from fremdrift.companies.models import (
    AgreementFollowUp,
    AgreementSignature,
    AgreementStatus,
    Company,
    CompanyCapacity,
    ContactPerson,
    FollowUp,
    FollowUpLink,
    Placement,
    WorkAgreement,
)
from fremdrift.companies.wage_point import COMPETENCES
from fremdrift.companies.wage_point_selectors import placements_at_wage_point
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import AssessorRole, Kind
from fremdrift.demo.generator import build_demo
from fremdrift.demo.placements import PLACEMENT_MUNICIPALITIES
from fremdrift.instruments.models import Answer, Response
from fremdrift.journey.models import OfferType, Period

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo for the module's checks, which only read it."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_demo(seed=2016, today=TODAY)
            yield
            transaction.set_rollback(True)


def _running(code: str):
    return Period.objects.filter(
        municipality__code=code,
        kind="offer",
        offer_type__needs_company=True,
        company__isnull=False,
        end__isnull=True,
    )


@pytest.mark.parametrize("code", PLACEMENT_MUNICIPALITIES)
def test_each_municipality_has_companies_and_placements_with_agreements(demo, code):
    companies = Company.objects.filter(municipality__code=code)
    assert companies.exists() and not companies.filter(consultant__isnull=True).exists()
    assert set(CompanyCapacity.objects.filter(company__in=companies).values_list(
        "company_id", flat=True)) == set(companies.values_list("pk", flat=True))  # fmt: skip
    two_contacts = companies.annotate(n=Count("contacts")).filter(n__gte=2)
    assert 0 < two_contacts.count() < companies.count()
    # Every running offer at a company is a placement with its mentor and consultant.
    running = _running(code)
    placements = Placement.objects.filter(period__in=running)
    assert placements.count() == running.count() > 10
    assert not placements.filter(Q(contact_person__isnull=True) | Q(consultant__isnull=True))
    assert not placements.filter(tasks="").exists()
    agreements = WorkAgreement.objects.filter(placement__in=placements)
    signed = agreements.filter(status=AgreementStatus.SIGNED, number=1)
    assert signed.count() > placements.count() / 2
    assert agreements.filter(status=AgreementStatus.DRAFT).exists()
    assert agreements.values("placement").distinct().count() < placements.count()  # some none
    for agreement in signed.filter(next_version__isnull=True):
        parties = agreement.signatures.values_list("party", flat=True)
        assert sorted(parties) == ["adviser", "citizen", "employer"]
        assert 2 <= agreement.follow_up_dates.count() <= 4
        assert agreement.paid_hours_goal and agreement.paid_hours_by and agreement.sub_goals
        assert agreement.hours_monday and agreement.wage_point_score == 4
    assert not AgreementSignature.objects.filter(
        agreement__status=AgreementStatus.DRAFT, agreement__placement__in=placements
    ).exists()
    # Follow-ups by the contact person, through used links, at agreed dates that have passed.
    follow_ups = FollowUp.objects.filter(placement__in=placements)
    assert follow_ups.count() >= 10
    assert not follow_ups.filter(contact_person__isnull=True).exists()
    assert not follow_ups.filter(response__taken_on__gt=TODAY).exists()
    responses = Response.objects.filter(follow_up__in=follow_ups)
    assert set(responses.values_list("respondent", flat=True)) == {"contact_person"}
    assert not responses.filter(placement__isnull=True).exists()
    assert Answer.objects.filter(response__in=responses).count() == 8 * responses.count()
    assert FollowUpLink.objects.filter(follow_up__in=follow_ups, used_at__isnull=False).count() == (
        follow_ups.count()
    )


def _mean_scores(placement_id: int) -> list[float]:
    by_response: dict[int, list[int]] = defaultdict(list)
    for response_id, value in (
        Answer.objects.filter(response__placement_id=placement_id)
        .order_by("response__taken_on")
        .values_list("response_id", "value")
    ):
        by_response[response_id].append(value)
    return [sum(v) / len(v) for v in by_response.values()]


def test_scores_rise_and_some_reach_the_wage_point_on_the_persona_worklist(demo):
    rising = [
        _mean_scores(p) for p in FollowUp.objects.values_list("placement_id", flat=True).distinct()
    ]
    several = [means for means in rising if len(means) >= 2]
    assert several and all(means[-1] > means[0] for means in several)
    for code in PLACEMENT_MUNICIPALITIES:
        manager = User.objects.get(municipality__code=code, username__endswith="-leder")
        assert len(placements_at_wage_point(manager, manager, TODAY)) >= 2, code
    persona = User.objects.get(username="odense-virksomhedskonsulent")
    rows = placements_at_wage_point(persona, persona, TODAY)
    assert rows, "the persona's worklist shows a placement at its wage point"
    row = rows[0]
    assert row.wage_point.reached and row.placement.consultant == persona
    assert row.period.offer_type.category == "placement"  # paid work is not yet offered
    due = due_agreement_follow_ups(persona, persona, today=TODAY, soon_days=14)
    soon = [d for d in due if d.date > TODAY and d.agreement.placement_id == row.placement.pk]
    assert soon, "and an agreed follow-up of it due soon"


def test_one_agreement_has_a_second_version_replacing_a_signed_first(demo):
    second = WorkAgreement.objects.filter(number=2, municipality__code="461").get()
    assert second.previous.number == 1 and second.previous.is_signed and second.is_signed
    assert second.placement_id == second.previous.placement_id
    assert second.signatures.count() == 3
    # The agreed dates left after the change are the new version's.
    assert second.follow_up_dates.exists()
    assert all(d.date >= second.created_at.date() for d in second.follow_up_dates.all())


def test_odense_has_its_own_job_rotation_type_on_a_running_wage_subsidy(demo):
    rotation = OfferType.objects.get(municipality__code="461", name="Jobrotation")
    assert rotation.category == "wage_subsidy" and rotation.company_oriented
    assert rotation.needs_company
    period = Period.objects.get(offer_type=rotation)
    assert period.end is None and period.placement.contact_person is not None
    assert not OfferType.objects.filter(name="Jobrotation").exclude(pk=rotation.pk).exists()
    entry = AuditEntry.objects.get(action=Action.SETTINGS, purpose="Tilbudstype oprettet")
    assert entry.actor_username == "odense-administrator"
    assert entry.details["offer_type"] == rotation.code


def test_competence_cards_have_every_kind_and_every_assessor(demo):
    citizens = Placement.objects.filter(
        period__municipality__code__in=PLACEMENT_MUNICIPALITIES
    ).values("period__citizen")
    competences = Competence.objects.filter(citizen__in=citizens)
    assert set(competences.values_list("kind", flat=True)) == set(Kind.values)
    assessments = Assessment.objects.filter(competence__in=competences)
    assert set(assessments.values_list("assessor_role", flat=True)) == {
        AssessorRole.CITIZEN,
        AssessorRole.CONSULTANT,
        AssessorRole.EMPLOYER,
    }
    # Every follow-up score is on the card as the employer's assessment of that competence.
    scored = Answer.objects.filter(response__follow_up__isnull=False).count()
    from_follow_ups = assessments.filter(assessor_role=AssessorRole.EMPLOYER)
    assert from_follow_ups.count() == scored
    assert set(from_follow_ups.values_list("competence__key", flat=True)) == set(COMPETENCES)
    assert not from_follow_ups.filter(assessor_name="").exists()
    # The card's latest level is its latest assessment's.
    for competence in competences.filter(key="punctuality")[:20]:
        latest = competence.assessments.order_by("-assessed_on", "-pk").first()
        assert (competence.level, competence.assessed_on) == (latest.level, latest.assessed_on)


def test_only_the_three_municipalities_and_the_audit_log_holds(demo, capsys):
    others = Placement.objects.exclude(period__municipality__code__in=PLACEMENT_MUNICIPALITIES)
    assert not others.exists()
    assert (
        not ContactPerson.objects.exclude(municipality__code__in=PLACEMENT_MUNICIPALITIES)
        .annotate(n=Count("company__contacts"))
        .filter(n__gt=1)
    )
    assert AgreementFollowUp.objects.filter(date__gt=TODAY).exists()
    call_command("audit_verify")
    assert "intakt" in capsys.readouterr().out
