import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import AuditEntry
from fremdrift.journey import services
from fremdrift.journey.models import BenefitType, Period, ProgrammeExtension
from fremdrift.journey.types import Outcome, PeriodKind, Visitation
from tests.journey.conftest import TAKEOVER

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_start_programme_is_audited(programme, citizen):
    assert (
        programme.kind == PeriodKind.PROGRAMME
        and programme.municipality_id == citizen.municipality_id
    )
    entry = AuditEntry.objects.get(citizen=citizen)
    assert entry.details["period"] == programme.pk and entry.details["kind"] == "programme"


def test_end_before_start_is_refused(citizen, odense_caseworker):
    with pytest.raises(ValidationError) as error:
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.PROGRAMME,
            start=TAKEOVER,
            end=TAKEOVER - dt.timedelta(days=1),
        )
    assert "før startdatoen" in errors_of(error)["end"][0]


def test_two_visitations_never_overlap_and_the_error_names_the_other(
    programme, citizen, odense_caseworker
):
    services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.VISITATION,
        code=Visitation.JOB_READY,
        start=TAKEOVER,
    )
    with pytest.raises(ValidationError) as error:
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.VISITATION,
            code=Visitation.ACTIVITY_READY,
            start=dt.date(2026, 3, 1),
            reason="Sygdom",
        )
    message = errors_of(error)["start"][0]
    assert "overlapper med Jobparat 05.01.2026" in message


def test_revisitation_ends_the_old_category_the_day_before(programme, citizen, odense_caseworker):
    services.citizen_visit(
        actor=odense_caseworker,
        citizen=citizen,
        category=Visitation.JOB_READY,
        on=TAKEOVER,
        reason="",
    )
    new = services.citizen_visit(
        actor=odense_caseworker,
        citizen=citizen,
        category=Visitation.ACTIVITY_READY,
        on=dt.date(2026, 4, 1),
        reason="Dokumenteret PTSD",
    )
    old = Period.objects.get(kind=PeriodKind.VISITATION, code=Visitation.JOB_READY)
    assert old.end == dt.date(2026, 3, 31)
    assert new.start == dt.date(2026, 4, 1) and new.created_by == odense_caseworker
    assert new.reason == "Dokumenteret PTSD"


def test_activity_ready_needs_a_documented_reason(programme, citizen, odense_caseworker):
    with pytest.raises(ValidationError) as error:
        services.citizen_visit(
            actor=odense_caseworker,
            citizen=citizen,
            category=Visitation.ACTIVITY_READY,
            on=TAKEOVER,
            reason="",
        )
    assert "begrundelse" in errors_of(error)["reason"][0]


def test_same_category_again_is_refused(programme, citizen, odense_caseworker):
    services.citizen_visit(
        actor=odense_caseworker,
        citizen=citizen,
        category=Visitation.JOB_READY,
        on=TAKEOVER,
        reason="",
    )
    with pytest.raises(ValidationError, match="Jobparat er allerede registreret"):
        services.citizen_visit(
            actor=odense_caseworker,
            citizen=citizen,
            category=Visitation.JOB_READY,
            on=dt.date(2026, 2, 1),
            reason="",
        )


def test_offer_must_lie_inside_the_programme(programme, citizen, odense_caseworker, danish_type):
    with pytest.raises(ValidationError) as error:
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            offer_type=danish_type,
            start=dt.date(2025, 12, 1),
        )
    assert (
        "inden for integrationsprogrammet (Integrationsprogram 05.01.2026"
        in errors_of(error)["start"][0]
    )


def test_offer_without_a_programme_says_start_the_programme(
    citizen, odense_caseworker, danish_type
):
    with pytest.raises(ValidationError, match="Start programmet først"):
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            offer_type=danish_type,
            start=TAKEOVER,
        )


def test_placement_needs_a_company_of_the_municipality(
    programme, citizen, odense_caseworker, placement_type, company, holbaek
):
    with pytest.raises(ValidationError) as error:
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            offer_type=placement_type,
            start=dt.date(2026, 2, 1),
        )
    assert "vælg virksomheden" in errors_of(error)["company"][0]
    company.municipality = holbaek
    company.save()
    with pytest.raises(ValidationError, match="kommunens eget register"):
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            offer_type=placement_type,
            start=dt.date(2026, 2, 1),
            company=company,
        )


def test_offers_may_run_side_by_side(
    programme, citizen, odense_caseworker, placement_type, danish_type, company
):
    services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=danish_type,
        start=TAKEOVER,
        module="2.3",
    )
    placement = services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=placement_type,
        start=dt.date(2026, 1, 20),
        planned_end=dt.date(2026, 4, 20),
        company=company,
        hours_per_week=Decimal("25"),
    )
    assert placement.label == "Virksomhedspraktik"
    assert Period.objects.filter(kind=PeriodKind.OFFER).count() == 2


def test_ending_the_programme_with_an_offer_running_is_refused(
    programme, citizen, odense_caseworker, danish_type
):
    services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=danish_type,
        start=TAKEOVER,
    )
    with pytest.raises(ValidationError, match="Afslut først de tilbud"):
        services.period_end(actor=odense_caseworker, period=programme, end=dt.date(2026, 6, 30))


def test_job_outcome_needs_hours(citizen, odense_caseworker):
    with pytest.raises(ValidationError) as error:
        services.period_start(
            actor=odense_caseworker,
            citizen=citizen,
            kind=PeriodKind.OUTCOME,
            code=Outcome.ORDINARY_JOB,
            start=dt.date(2026, 6, 1),
        )
    assert "timer" in errors_of(error)["hours_per_week"][0]


def test_extension_needs_a_reason_and_stays_within_five_years(programme, odense_caseworker):
    with pytest.raises(ValidationError) as error:
        services.programme_extend(
            actor=odense_caseworker,
            programme=programme,
            new_planned_end=dt.date(2032, 1, 1),
            reason="",
        )
    assert set(errors_of(error)) == {"reason", "new_planned_end"}
    services.programme_extend(
        actor=odense_caseworker,
        programme=programme,
        new_planned_end=dt.date(2028, 1, 4),
        reason="DU3 modul 4 mangler",
    )
    programme.refresh_from_db()
    assert programme.planned_end == dt.date(2028, 1, 4)
    extension = ProgrammeExtension.objects.get()
    assert (
        extension.previous_planned_end == dt.date(2027, 1, 4)
        and extension.decided_by == odense_caseworker
    )


def test_benefit_change_keeps_one_benefit_at_a_time(
    citizen, odense_caseworker, integration_benefit
):
    services.benefit_change(
        actor=odense_caseworker, citizen=citizen, benefit_type=integration_benefit, on=TAKEOVER
    )
    cash = BenefitType.objects.get(code="kontanthjaelp")
    services.benefit_change(
        actor=odense_caseworker, citizen=citizen, benefit_type=cash, on=dt.date(2026, 5, 1)
    )
    spells = list(Period.objects.filter(kind=PeriodKind.BENEFIT).order_by("start"))
    assert [(p.benefit_type.code, p.end) for p in spells] == [
        ("integrationsydelse", dt.date(2026, 4, 30)),
        ("kontanthjaelp", None),
    ]


def test_other_municipalities_and_administrators_cannot_write(
    citizen, holbaek_caseworker, odense_admin
):
    for actor in (holbaek_caseworker, odense_admin):
        with pytest.raises(PermissionDenied):
            services.period_start(
                actor=actor, citizen=citizen, kind=PeriodKind.PROGRAMME, start=TAKEOVER
            )
    assert not Period.objects.exists()


def test_a_leap_day_programme_can_be_extended(citizen, odense_caseworker):
    leap = services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.PROGRAMME,
        start=dt.date(2028, 2, 29),
        planned_end=dt.date(2029, 2, 27),
    )
    with pytest.raises(ValidationError, match=r"27\.02\.2033"):
        services.programme_extend(
            actor=odense_caseworker, programme=leap, new_planned_end=dt.date(2033, 3, 1), reason="x"
        )
    services.programme_extend(
        actor=odense_caseworker,
        programme=leap,
        new_planned_end=dt.date(2033, 2, 27),
        reason="Fem år i alt",
    )


def test_same_benefit_again_is_an_error_on_the_benefit_field(
    citizen, odense_caseworker, integration_benefit
):
    services.benefit_change(
        actor=odense_caseworker, citizen=citizen, benefit_type=integration_benefit, on=TAKEOVER
    )
    with pytest.raises(ValidationError) as error:
        services.benefit_change(
            actor=odense_caseworker,
            citizen=citizen,
            benefit_type=integration_benefit,
            on=dt.date(2026, 3, 1),
        )
    assert "allerede registreret" in errors_of(error)["benefit_type"][0]
