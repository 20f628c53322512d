import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from fremdrift.accounts.models import Municipality, SizeGroup, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.cpr import parse_cpr
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import (
    AgreementFollowUp,
    CompanyCapacity,
    Placement,
    WorkAgreement,
)
from fremdrift.competences.models import Assessment
from fremdrift.conversations.models import Conversation
from fremdrift.demo import reference as ref
from fremdrift.demo.generator import COUNTRY_CITIZENS, build_demo, citizen_counts
from fremdrift.demo.names import StaffNames, staff_email
from fremdrift.instruments.models import Answer
from fremdrift.journey.models import CaseSnapshot, Period
from fremdrift.journey.rules import check_inside_programme, check_no_overlap, check_period_fields
from fremdrift.journey.snapshot_services import inconsistencies
from fremdrift.plans.models import Plan
from fremdrift.toolbox.models import (
    ActionPlan,
    Checklist,
    MethodDescription,
    PlanAction,
    ReflectionNote,
    SelfEvaluationRound,
    TheoryKind,
    TheoryOfChange,
)

pytestmark = pytest.mark.django_db


def test_reference_data_is_complete():
    assert len(ref.MUNICIPALITIES) == 98
    assert len({m.code for m in ref.MUNICIPALITIES}) == 98
    assert len({m.slug for m in ref.MUNICIPALITIES}) == 98
    assert sum(m.project for m in ref.MUNICIPALITIES) == 17
    assert {m.size_group for m in ref.MUNICIPALITIES} <= set(SizeGroup.values)
    codes = {code for code, _ in CITIZEN_LANGUAGES}
    assert all(lang in codes for o in ref.ORIGINS for lang in o.languages)


def test_country_sized_data_set_has_about_100000_citizens_in_98_municipalities():
    counts = citizen_counts(country=True)
    assert len(counts) == 98
    assert abs(sum(counts.values()) - COUNTRY_CITIZENS) < 0.02 * COUNTRY_CITIZENS


def test_demo_builds_the_project_municipalities_with_every_role(settings):
    settings.DEMO_MODE = True
    summary = build_demo(seed=7)
    assert summary.municipalities == 17
    odense = Municipality.objects.get(code="461")
    assert odense.size_group == "large" and odense.in_project
    for username, role in [
        ("odense-sagsbehandler", Role.CASEWORKER),
        ("odense-leder", Role.MANAGER),
        ("odense-virksomhedskonsulent", Role.CONSULTANT),
        ("holbaek-sagsbehandler", Role.CASEWORKER),
        ("facilitator", Role.FACILITATOR),
        ("admin", Role.ADMINISTRATOR),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role and user.is_demo_account and user.check_password("demo")
    odense_count = Citizen.objects.filter(municipality=odense).count()
    lejre_count = Citizen.objects.filter(municipality__code="350").count()
    assert odense_count >= 300 and odense_count > 3 * lejre_count  # scaled to size
    # The board's and worklists' rows are built after the bulk load, true to the periods.
    assert CaseSnapshot.objects.filter(municipality=odense).count() == odense_count
    assert inconsistencies(municipality_id=odense.pk) == []
    citizen = Citizen.objects.filter(municipality=odense).first()
    cpr = parse_cpr(cpr_decrypt(citizen.cpr_encrypted))
    assert (cpr.birth_date, cpr.gender) == (citizen.birth_date, citizen.gender)
    # The toolbox: Odense has each document, two other municipalities a self-evaluation.
    for model in (TheoryOfChange, MethodDescription, ActionPlan, Checklist, ReflectionNote):
        assert model.objects.filter(municipality=odense).exists(), model.__name__
    assert TheoryOfChange.objects.filter(municipality=odense, kind=TheoryKind.PROGRAMME).exists()
    assert PlanAction.objects.filter(plan__municipality=odense).count() >= 8
    rounds = SelfEvaluationRound.objects.values_list("municipality__code", flat=True)
    assert sorted(set(rounds) - {"461"}) == ["316", "730"]
    assert list(rounds).count("461") == 2  # repeated: compared with the round before
    for evaluation in SelfEvaluationRound.objects.all():
        groups = [s.group for s in evaluation.submissions.all()]
        assert groups.count("leader") >= 3 and groups.count("employee") >= 3

    # Every demo person their own name (two managers were once both "Hanne Teamleder"), and
    # an address under the reserved .example domain, one of their own too.
    names = [
        f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")
    ]
    assert len(names) == summary.users and len(set(names)) == len(names)
    assert not User.objects.filter(last_name__in=("Teamleder", "Facilitator")).exists()
    assert not User.objects.filter(first_name="Demo").exists()
    emails = list(User.objects.values_list("email", flat=True))
    assert all(email.endswith(".example") for email in emails), emails[:5]
    assert len(set(emails)) == len(emails)
    leader = User.objects.get(username="odense-teamleder1")
    assert leader.email == (
        staff_email(leader.first_name, leader.last_name, "odense.kommune.example")
    )


def test_the_name_pool_gives_a_country_of_staff_distinct_names():
    pool = StaffNames(random.Random(1))
    taken = [pool.take() for _ in range(1000)]  # the country-sized set has about 630 staff
    assert len(set(taken)) == 1000
    assert staff_email("Søren", "Kjær", "aeroe.kommune.example") == (
        "soeren.kjaer@aeroe.kommune.example"
    )


def _build_and_capture(seed: int) -> list:
    with transaction.atomic():
        build_demo(seed=seed)
        captured = list(
            Citizen.objects.order_by("id").values_list("first_name", "last_name", "cpr_digest")[:50]
        ) + list(Period.objects.order_by("id").values_list("kind", "start", "end")[:200])
        # The work with companies (demo.placements), without ids: sequences run on.
        captured += [
            list(Placement.objects.order_by("id").values_list(
                "period__start", "period__citizen__first_name", "contact_person__name",
                "consultant__username", "tasks")),
            list(WorkAgreement.objects.order_by("id").values_list(
                "number", "status", "paid_hours_goal", "paid_hours_by", "sub_goals",
                "wage_point_hours", "signed_at")),
            list(AgreementFollowUp.objects.order_by("id").values_list("date", flat=True)),
            list(Answer.objects.filter(response__placement__isnull=False).order_by("id")
                 .values_list("response__taken_on", "item", "value")),
            list(Assessment.objects.order_by("id").values_list(
                "competence__title", "level", "assessor_role", "assessor_name", "assessed_on")),
            list(CompanyCapacity.objects.order_by("id").values_list("company__name", "trade",
                                                                   "places")),
        ]  # fmt: skip
        transaction.set_rollback(True)
    return captured


def test_demo_is_reproducible(settings):
    settings.DEMO_MODE = True
    first = _build_and_capture(11)
    assert all(first[-6:]), "the work with companies is in the capture"
    assert first == _build_and_capture(11)


def test_demo_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo")
    assert not Citizen.objects.exists()


def test_demo_command_prints_logins_and_skips_a_full_database(settings, capsys):
    settings.DEMO_MODE = True
    call_command("demo", "--if-empty")
    out = capsys.readouterr().out
    assert "odense-sagsbehandler" in out and "adgangskode for alle: demo" in out
    before = Citizen.objects.count()
    call_command("demo", "--if-empty")
    assert "oprettes ikke igen" in capsys.readouterr().out
    assert Citizen.objects.count() == before


def test_demo_histories_keep_every_period_rule(settings):
    settings.DEMO_MODE = True
    build_demo(seed=3)
    by_citizen = defaultdict(list)
    for period in Period.objects.select_related("offer_type", "benefit_type", "company"):
        by_citizen[period.citizen_id].append(period)
    checked = 0
    for periods in by_citizen.values():
        for period in periods:
            check_period_fields(period)
            check_no_overlap(period, periods)
            check_inside_programme(period, periods)
            checked += 1
    assert checked > 10_000
    odense = Citizen.objects.filter(municipality__code="461")
    assert Conversation.objects.filter(citizen__in=odense).count() > 2 * odense.count()
    assert Plan.objects.filter(citizen__in=odense).count() > 0.7 * odense.count()
    assert Period.objects.filter(kind="offer", offer_type__company_oriented=True).exists()
