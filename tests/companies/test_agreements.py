"""The work agreement's services and selectors: drafts, versions, signatures, the worklist."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.agreement_selectors import (
    due_agreement_follow_ups,
    due_follow_up_rows,
)
from fremdrift.companies.agreement_services import (
    AgreementData,
    SignatureData,
    agreement_create,
    agreement_new_version,
    agreement_sign,
    agreement_update,
)
from fremdrift.companies.models import (
    AgreementSignature,
    AgreementStatus,
    Placement,
    WorkAgreement,
)
from fremdrift.companies.working_time import (
    DateListError,
    WorkingTimeError,
    parse_dates,
    parse_day,
    week_hours,
)
from fremdrift.core import clock
from fremdrift.core.clock import parse_moment
from fremdrift.core.versioning import EditConflict
from fremdrift.journey.models import Period
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory, agreement_for
from tests.conftest import DEFAULT_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_cases_day(time_machine):
    """These cases are written around one day (the suite's default clock), so the clock is
    set to it here whatever day the run is on; FREMDRIFT_TODAY's other days are tried by
    the suites that derive their dates from the clock."""
    time_machine.move_to(parse_moment(DEFAULT_TODAY), tick=True)


TODAY = dt.date(2026, 11, 18)  # tests/conftest.py's clock


@pytest.fixture
def period(odense_company, odense_citizen):
    return placement_period(odense_company, odense_citizen, start=dt.date(2026, 11, 2))


def data(**changes) -> AgreementData:
    values = {
        "paid_hours_goal": Decimal(12),
        "paid_hours_by": dt.date(2027, 3, 1),
        "sub_goals": "Møder til tiden\nKender lageret",
        "tasks": "Plukke ordrer",
        "hours_monday": "8.00-12.00",
        "hours_tuesday": "4 timer",
        "wage_point_score": Decimal(4),
        "wage_point_hours": Decimal(20),
        "follow_up_dates": (dt.date(2026, 12, 1), dt.date(2027, 1, 5)),
        **changes,
    }
    return AgreementData(**values)


def sign_all(agreement, user):
    for party, name in (("employer", "Jette Skov"), ("citizen", "Rama"), ("adviser", "Sofie")):
        agreement_sign(
            actor=user,
            agreement=agreement,
            data=SignatureData(party=party, signer_name=name, signed_on=TODAY),
            expected_version=agreement.version,
        )


def test_the_first_draft_creates_the_placement_and_is_audited(odense_consultant, period):
    agreement = agreement_create(actor=odense_consultant, period=period, data=data())
    assert Placement.objects.get().period == period
    assert (agreement.number, agreement.status, agreement.version) == (1, "draft", 1)
    assert list(agreement.follow_up_dates.values_list("date", flat=True)) == [
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 5),
    ]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.citizen_id) == (Action.CREATE, period.citizen_id)
    assert entry.details["agreement"] == agreement.pk


def test_a_second_first_draft_is_refused(odense_consultant, period):
    agreement_create(actor=odense_consultant, period=period, data=data())
    with pytest.raises(ValidationError):
        agreement_create(actor=odense_consultant, period=period, data=data())
    assert WorkAgreement.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"paid_hours_goal": Decimal(0)}, "paid_hours_goal"),
        ({"paid_hours_goal": Decimal(38)}, "paid_hours_goal"),
        ({"paid_hours_goal": None}, "paid_hours_goal"),
        ({"paid_hours_by": dt.date(2026, 11, 1)}, "paid_hours_by"),
        ({"follow_up_dates": ()}, "follow_up_dates"),
        ({"follow_up_dates": (dt.date(2026, 10, 1),)}, "follow_up_dates"),
        ({"wage_point_score": Decimal(6)}, "wage_point_score"),
        ({"wage_point_hours": Decimal(0)}, "wage_point_hours"),
    ],
)
def test_the_service_names_the_field_it_refuses(odense_consultant, period, changes, field):
    with pytest.raises(ValidationError) as error:
        agreement_create(actor=odense_consultant, period=period, data=data(**changes))
    assert field in error.value.message_dict
    assert not WorkAgreement.objects.exists() and not AuditEntry.objects.exists()


def test_follow_ups_after_the_planned_end_are_refused(odense_consultant, period):
    Period.objects.filter(pk=period.pk).update(planned_end=dt.date(2027, 1, 1))
    period.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        agreement_create(actor=odense_consultant, period=period, data=data())
    assert "05.01.2027 ligger uden for forløbet" in str(error.value.message_dict)


def test_a_caseworker_may_not_write_it(odense_caseworker, period):
    with pytest.raises(PermissionDenied):
        agreement_create(actor=odense_caseworker, period=period, data=data())


def test_editing_a_draft_is_version_checked_and_removes_signatures(
    odense_consultant, odense_manager, period
):
    agreement = agreement_create(actor=odense_consultant, period=period, data=data())
    agreement_sign(
        actor=odense_consultant,
        agreement=agreement,
        data=SignatureData(party="employer", signer_name="Jette Skov", signed_on=TODAY),
        expected_version=1,
    )
    agreement_update(
        actor=odense_manager,
        agreement=agreement,
        data=data(tasks="Køre truck", follow_up_dates=(dt.date(2026, 12, 2),)),
        expected_version=2,
    )
    agreement.refresh_from_db()
    assert (agreement.tasks, agreement.version) == ("Køre truck", 3)
    assert [f.date for f in agreement.follow_up_dates.all()] == [dt.date(2026, 12, 2)]
    assert not AgreementSignature.objects.exists()
    entry = AuditEntry.objects.filter(action=Action.UPDATE).order_by("id").last()
    assert entry.details["signatures_removed"] == 1
    assert set(entry.details["fields"]) == {"tasks", "follow_up_dates"}
    with pytest.raises(EditConflict):
        agreement_update(
            actor=odense_consultant, agreement=agreement, data=data(), expected_version=2
        )


def test_three_signatures_sign_it_and_then_it_is_read_only(odense_consultant, period):
    agreement = agreement_create(actor=odense_consultant, period=period, data=data())
    agreement_sign(
        actor=odense_consultant,
        agreement=agreement,
        data=SignatureData(party="citizen", signer_name=" Rama  Al-Hassan ", signed_on=TODAY),
        expected_version=1,
    )
    assert agreement.status == AgreementStatus.DRAFT
    with pytest.raises(ValidationError) as twice:
        agreement_sign(
            actor=odense_consultant,
            agreement=agreement,
            data=SignatureData(party="citizen", signer_name="Rama", signed_on=TODAY),
            expected_version=agreement.version,
        )
    assert "party" in twice.value.message_dict
    for party in ("employer", "adviser"):
        agreement_sign(
            actor=odense_consultant,
            agreement=agreement,
            data=SignatureData(party=party, signer_name="N N", signed_on=TODAY),
            expected_version=agreement.version,
        )
    agreement.refresh_from_db()
    assert agreement.is_signed
    assert agreement.signed_at is not None and agreement.signed_at.date() == clock.today()
    citizen = AgreementSignature.objects.get(party="citizen")
    assert (citizen.signer_name, citizen.recorded_by) == ("Rama Al-Hassan", odense_consultant)
    with pytest.raises(ValidationError) as refused:
        agreement_update(
            actor=odense_consultant,
            agreement=agreement,
            data=data(tasks="Noget andet"),
            expected_version=agreement.version,
        )
    assert "underskrevet og kan ikke ændres" in refused.value.messages[0]
    agreement.refresh_from_db()
    assert agreement.tasks == "Plukke ordrer"
    signs = AuditEntry.objects.filter(purpose="Underskrift på arbejdsaftale")
    assert [e.details["signed"] for e in signs.order_by("id")] == [False, False, True]


def test_a_signature_dated_in_the_future_is_refused(odense_consultant, period):
    agreement = agreement_create(actor=odense_consultant, period=period, data=data())
    with pytest.raises(ValidationError) as error:
        agreement_sign(
            actor=odense_consultant,
            agreement=agreement,
            data=SignatureData(
                party="employer", signer_name="J", signed_on=TODAY + dt.timedelta(days=1)
            ),
            expected_version=1,
        )
    assert "signed_on" in error.value.message_dict


def test_a_new_version_copies_the_signed_one_and_points_to_it(odense_consultant, period):
    first = agreement_create(actor=odense_consultant, period=period, data=data())
    sign_all(first, odense_consultant)
    first.refresh_from_db()
    second = agreement_new_version(actor=odense_consultant, agreement=first)
    assert (second.number, second.previous, second.status) == (2, first, "draft")
    assert (second.tasks, second.hours_monday, second.paid_hours_goal) == (
        "Plukke ordrer",
        "8.00-12.00",
        Decimal(12),
    )
    assert [f.date for f in second.follow_up_dates.all()] == [
        f.date for f in first.follow_up_dates.all()
    ]
    assert not second.signatures.exists() and first.signatures.count() == 3
    first.refresh_from_db()
    assert first.next_version == second and first.is_signed
    with pytest.raises(ValidationError):
        agreement_new_version(actor=odense_consultant, agreement=first)
    with pytest.raises(ValidationError):  # a draft is edited, not versioned
        agreement_new_version(actor=odense_consultant, agreement=second)
    entry = AuditEntry.objects.filter(purpose="Ny version af arbejdsaftale").get()
    assert entry.details == {
        "period": period.pk,
        "agreement": second.pk,
        "number": 2,
        "replaces": first.pk,
    }


@pytest.mark.parametrize(
    ("text", "shown", "hours"),
    [
        ("8.00-12.00", "8.00-12.00", Decimal(4)),
        ("8-12", "8.00-12.00", Decimal(4)),
        (" 8:30 – 14 ", "8.30-14.00", Decimal("5.5")),
        ("4", "4 timer", Decimal(4)),
        ("4,5 timer", "4,5 timer", Decimal("4.5")),
        ("", "", Decimal(0)),
    ],
)
def test_a_day_is_a_span_or_hours(text, shown, hours):
    assert parse_day(text) == (shown, hours)


@pytest.mark.parametrize("text", ["12-8", "8.00-25.00", "8.75-12", "hele dagen", "30", "8-8"])
def test_a_bad_day_is_refused(text):
    with pytest.raises(WorkingTimeError):
        parse_day(text)


def test_the_week_adds_up():
    assert week_hours({"hours_monday": "8.00-12.00", "hours_friday": "3,5 timer"}) == Decimal("7.5")


def test_dates_are_read_one_a_line():
    assert parse_dates("15.06.2026\n2026-07-01, 1/8/2026\n\n15.06.2026") == [
        dt.date(2026, 6, 15),
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
    ]
    with pytest.raises(DateListError, match=r"Dato nr\. 2"):
        parse_dates("15.06.2026\n31.02.2026")


def test_the_worklist_lists_the_dates_of_the_placements_the_consultant_follows(
    odense, odense_citizen, odense_consultant, other_consultant, odense_manager
):
    mine = CompanyFactory(municipality=odense, consultant=odense_consultant)
    period = placement_period(mine, odense_citizen)
    dates = (
        TODAY - dt.timedelta(days=31),  # too old
        TODAY - dt.timedelta(days=3),  # overdue
        TODAY + dt.timedelta(days=5),  # due soon
        TODAY + dt.timedelta(days=60),  # later
    )
    agreement = agreement_for(period, odense_consultant, follow_ups=dates)
    rows = due_follow_up_rows(
        due_agreement_follow_ups(odense_consultant, odense_consultant, today=TODAY, soon_days=14),
        TODAY,
    )
    assert [(r.date, r.overdue) for r in rows] == [(dates[1], True), (dates[2], False)]
    assert rows[0].citizen_name == "Rama Al-Hassan" and rows[0].period_id == period.pk
    # Another consultant set on the placement takes it over.
    Placement.objects.filter(pk=agreement.placement_id).update(consultant=other_consultant)
    assert not due_agreement_follow_ups(
        odense_consultant, odense_consultant, today=TODAY, soon_days=14
    )
    theirs = due_agreement_follow_ups(odense_manager, other_consultant, today=TODAY, soon_days=14)
    assert len(theirs) == 2
    everyone = due_agreement_follow_ups(odense_manager, None, today=TODAY, soon_days=14)
    assert len(everyone) == 2


def test_the_worklist_takes_only_the_newest_version_of_running_placements(
    odense, odense_citizen, odense_consultant
):
    company = CompanyFactory(municipality=odense, consultant=odense_consultant)
    soon = (TODAY + dt.timedelta(days=2),)
    old = agreement_for(placement_period(company, odense_citizen), odense_consultant, signed=True)
    old.follow_up_dates.update(date=soon[0])
    newer = WorkAgreement.objects.create(
        municipality=odense,
        placement=old.placement,
        number=2,
        previous=old,
        created_by=odense_consultant,
    )
    newer.follow_up_dates.create(municipality=odense, date=soon[0] + dt.timedelta(days=1))
    ended = placement_period(company, odense_citizen, end=TODAY - dt.timedelta(days=1))
    agreement_for(ended, odense_consultant, follow_ups=soon)
    found = due_agreement_follow_ups(
        odense_consultant, odense_consultant, today=TODAY, soon_days=14
    )
    assert [row.agreement_id for row in found] == [newer.pk]


def test_erasure_clears_the_signers_names_and_the_texts(odense_consultant, period):
    from fremdrift.retention.erasure_services import erase_personal_data

    agreement = agreement_for(period, odense_consultant, signed=True)
    erase_personal_data([period.citizen_id])
    agreement.refresh_from_db()
    assert (agreement.tasks, agreement.sub_goals, agreement.hours_monday) == ("", "", "")
    assert set(agreement.signatures.values_list("signer_name", flat=True)) == {""}
    assert agreement.follow_up_dates.count() == 1 and agreement.is_signed
