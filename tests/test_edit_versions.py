"""No lost updates: every form that edits a saved record carries the record's version.

Two checks, so a new edit form cannot forget it (core/versioning.py):

1. Every form class of the product is a `VersionedForm`, or is named in `NOT_EDITING` with
   the reason it edits nothing saved (it creates, filters, answers, uploads ...). A new form
   fails `test_every_form_is_versioned_or_edits_nothing_saved` until it is one or the other.
2. Every edit page in `EDIT_PAGES` shows its form with the version in it, and together they
   show every `VersionedForm` of the product, so an edit form that no page renders with its
   version fails too.

The fixtures giving an Odense object's URL kwargs are the boundary test's
(tests/<app>/boundary.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse

import fremdrift
import tests
from fremdrift.core.versioning import VersionedForm
from tests.conftest import login


def _collect_boundary_fixtures() -> None:
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg and importlib.util.find_spec(f"tests.{module.name}.boundary"):
            boundary = importlib.import_module(f"tests.{module.name}.boundary")
            globals().update({name: getattr(boundary, name) for name in boundary.FIXTURES})


_collect_boundary_fixtures()


@pytest.fixture
def odense_citizen_kwargs(odense_citizen) -> dict:
    return {"pk": odense_citizen.pk}


@pytest.fixture
def no_kwargs() -> dict:
    return {}


# Forms that edit nothing already saved, and why: a lost update needs a saved record that
# two people change from the same loaded state.
NOT_EDITING: dict[str, str] = {
    "fremdrift.accounts.forms.LoginForm": "logs in",
    "fremdrift.citizens.caseload_forms.CaseloadMoveForm": (
        "moves citizens; the service refuses any that left the caseload meanwhile"
    ),
    "fremdrift.journey.forms.MunicipalBenefitTypeForm": "creates (the edit form is versioned)",
    "fremdrift.journey.forms.RetireTypeForm": "adds a retirement row, or removes it",
    "fremdrift.sso.forms.IdentityProviderForm": "sets up (its edit form is the versioned one)",
    "fremdrift.twofactor.forms.AppCodeForm": "checks a code",
    "fremdrift.twofactor.forms.CodeForm": "checks a code",
    "fremdrift.accounts.user_forms.UserFields": "the fields both user forms share",
    "fremdrift.accounts.user_forms.UserCreateForm": (
        "creates; a username taken meanwhile is refused by the service"
    ),
    "fremdrift.accounts.user_forms.TeamForm": (
        "creates a team; a name taken meanwhile is refused by the service"
    ),
    "fremdrift.accounts.user_forms.OwnPasswordChangeForm": (
        "the user's own new password, given with the old one"
    ),
    "fremdrift.caseimport.forms.ImportForm": "uploads a file of new rows",
    "fremdrift.citizens.forms.CitizenForm": "the fields both citizen forms share",
    "fremdrift.citizens.forms.CitizenCreateForm": "creates; a CPR number taken meanwhile: CprTaken",
    "fremdrift.citizens.forms.CitizenFilterForm": "filters a list",
    "fremdrift.competences.forms.AssessmentFields": "the fields both card forms share",
    "fremdrift.competences.forms.AssessmentForm": "creates an assessment; none is edited",
    "fremdrift.competences.forms.EntryForm": "creates a competence with its first assessment",
    "fremdrift.citizens.forms.TakeoverForm": "creates; a case is taken over once (constraint)",
    "fremdrift.citizens.forms.RevealCprForm": "records a purpose and reveals, writes no record",
    "fremdrift.companies.forms.CompanyForm": "creates; a CVR number taken meanwhile is CvrTaken",
    "fremdrift.companies.forms.CompanySearchForm": "filters a list",
    "fremdrift.companies.placement_forms.ContactForm": "adds a contact person",
    "fremdrift.journey.forms.MunicipalOfferTypeForm": "adds an offer type",
    "fremdrift.companies.views.follow_ups.ConsultantFollowUpForm": "records a new follow-up",
    "fremdrift.companies.agreement_forms.AgreementForm": (
        "writes the first draft; a second first draft is refused by the service"
    ),
    "fremdrift.companies.placement_forms.CapacityForm": (
        "adds a trade; the same trade added meanwhile is refused (unique per company)"
    ),
    "fremdrift.companies.forms.ReferralForm": "creates; an open referral meanwhile is ReferralOpen",
    "fremdrift.companies.forms.ReferralAnswerForm": (
        "answers a sent referral once: the answer is a conditional update on the status, so "
        "a second answer is refused"
    ),
    "fremdrift.retention.forms.EraseForm": (
        "erases once: an anonymised citizen is refused a second erasure"
    ),
    "fremdrift.conversations.forms.JournalForm": "the sections both journal forms share",
    "fremdrift.conversations.forms.RecordForm": "creates a conversation and its entry",
    "fremdrift.conversations.forms.CorrectionForm": (
        "creates a correction; a second correction of the same entry is EntryAlreadyCorrected"
    ),
    "fremdrift.instruments.views.UploadForm": "uploads a new instrument version",
    "fremdrift.activation.forms.OrdinaryHoursForm": "records a new stretch of ordinary hours",
    "fremdrift.activation.forms.OrdinaryHoursEndForm": (
        "ends a stretch of ordinary hours; ending it again only moves the end, as a period's"
    ),
    "fremdrift.journey.forms.ProgrammeForm": "starts a new period",
    "fremdrift.journey.forms.VisitationForm": "starts a new period",
    "fremdrift.journey.forms.BenefitForm": "starts a new period",
    "fremdrift.journey.forms.OfferForm": "starts a new period",
    "fremdrift.journey.forms.OutcomeForm": "starts a new period",
    "fremdrift.journey.forms.AbsenceForm": "starts a new period",
    "fremdrift.journey.forms.EndForm": (
        "ends an open period; the period rules refuse ending one that is ended already"
    ),
    "fremdrift.journey.forms.ExtendForm": "extends a programme by a given length (one field)",
    "fremdrift.journey.forms.ContractForm": "registers a new contract",
    "fremdrift.plans.forms.SubGoalForm": "adds a sub-goal",
    "fremdrift.plans.forms.SubGoalStatusForm": (
        "a status button: one field, no typed text to lose; it raises the sub-goal's version "
        "so an edit form loaded before it gets the conflict page"
    ),
    "fremdrift.plans.forms.FollowUpForm": "adds a follow-up note",
    "fremdrift.results.statistics_views.StatisticsImportForm": "uploads national statistics",
    "fremdrift.toolbox.actions.forms.PlanCreateForm": "creates an action plan",
    "fremdrift.toolbox.actions.forms.ActionForm": "adds an action",
    "fremdrift.toolbox.actions.forms.OverviewFilterForm": "filters a list",
    "fremdrift.toolbox.checklist.forms.ChecklistCreateForm": "creates a checklist",
    "fremdrift.toolbox.checklist.forms.ToActionForm": "creates an action from an answer",
    "fremdrift.toolbox.method.forms.MethodCreateForm": "creates a method description",
    "fremdrift.toolbox.reflection.forms.NoteForm": "writes a new note",
    "fremdrift.toolbox.selfeval.forms.RoundForm": "opens a new round",
    "fremdrift.toolbox.selfeval.forms.AnswerForm": (
        "an anonymous answer, once per person (SelfEvaluationParticipant)"
    ),
    "fremdrift.toolbox.theory.forms.TheoryCreateForm": "creates a theory",
    "fremdrift.toolbox.theory.forms.ItemForm": "adds an item",
}

# Each edit page: the persona who may edit and the fixture giving its URL kwargs.
EDIT_PAGES: dict[str, tuple[str, str]] = {
    "citizens:edit": ("odense_caseworker", "odense_citizen_kwargs"),
    "plans:edit": ("odense_caseworker", "odense_plan_kwargs"),
    "plans:edit_sub_goal": ("odense_caseworker", "odense_sub_goal_kwargs"),
    "companies:edit": ("odense_consultant", "odense_company_kwargs"),
    "journey:offer_type_edit": ("odense_admin", "odense_offer_type_kwargs"),
    "journey:benefit_type_edit": ("odense_admin", "odense_benefit_type_kwargs"),
    "sso:provider_edit": ("operator", "odense_identity_provider_kwargs"),
    "accounts:user_edit": ("odense_admin", "odense_user_kwargs"),
    "accounts:team_edit": ("odense_admin", "odense_team_kwargs"),
    "companies:contact_edit": ("odense_consultant", "odense_contact_kwargs"),
    "companies:capacity_edit": ("odense_consultant", "odense_capacity_kwargs"),
    "companies:placement_edit": ("odense_consultant", "odense_placement_kwargs"),
    "companies:agreement_edit": ("odense_consultant", "odense_agreement_kwargs"),
    "companies:agreement_sign": ("odense_consultant", "odense_agreement_kwargs"),
    "conversations:edit_entry": ("odense_caseworker", "odense_draft_entry_kwargs"),
    "conversations:template": ("odense_admin", "no_kwargs"),
    "journey:rules": ("odense_admin", "no_kwargs"),
    "activation:strategy": ("odense_admin", "no_kwargs"),
    "toolbox:theory_step": ("odense_manager", "theory_step_kwargs"),
    "toolbox:theory_item_edit": ("odense_manager", "theory_item_kwargs"),
    "toolbox:method_edit": ("odense_manager", "plans_method_kwargs"),
    "toolbox:method_phase_edit": ("odense_manager", "plans_phase_kwargs"),
    "toolbox:plan_edit": ("odense_manager", "plans_plan_kwargs"),
    "toolbox:action_edit": ("odense_manager", "plans_action_kwargs"),
    "toolbox:status_round": ("odense_manager", "plans_plan_kwargs"),
    "toolbox:checklist_edit": ("odense_manager", "plans_checklist_kwargs"),
    "toolbox:reflection_edit": ("odense_manager", "reflection_note_kwargs"),
    "retention:rule": ("odense_admin", "no_kwargs"),
    # The dashboard's baseline, target and deviation forms (the deviation form is built for
    # every objective, shown where the figure is below its target).
    "results:dashboard": ("odense_manager", "no_kwargs"),
    "results:monthly_book": ("odense_manager", "monthly_book_kwargs"),
    # A hand-built form (no form class): the reading's `edit_version` in a hidden field.
    "progression:form": ("odense_caseworker", "progression_form_kwargs"),
}


def _import_form_modules() -> None:
    for module in pkgutil.walk_packages(fremdrift.__path__, "fremdrift."):
        last = module.name.rsplit(".", 1)[-1]
        if last in ("forms", "views") or last.endswith("_views") or ".views." in module.name:
            importlib.import_module(module.name)


def product_forms() -> dict[str, type[forms.BaseForm]]:
    _import_form_modules()
    found: dict[str, type[forms.BaseForm]] = {}
    pending: list[type] = [forms.BaseForm]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("fremdrift.") and cls is not VersionedForm:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_form_is_versioned_or_edits_nothing_saved():
    found = product_forms()
    unclassified = {
        name
        for name, cls in found.items()
        if not issubclass(cls, VersionedForm) and name not in NOT_EDITING
    }
    assert not unclassified, (
        "A form that edits a saved record inherits core.versioning.VersionedForm; one that "
        f"does not is named in NOT_EDITING with the reason: {sorted(unclassified)}"
    )
    stale = {name for name in NOT_EDITING if name not in found}
    assert not stale, f"NOT_EDITING names forms that no longer exist: {sorted(stale)}"
    wrongly_listed = {name for name in NOT_EDITING if issubclass(found[name], VersionedForm)}
    assert not wrongly_listed, f"versioned, yet listed in NOT_EDITING: {sorted(wrongly_listed)}"


def test_the_rule_catches_an_edit_form_without_a_version():
    class SomethingEditForm(forms.Form):  # a new edit form that forgot its version
        title = forms.CharField()

    SomethingEditForm.__module__ = "fremdrift.something.forms"
    try:
        name = "fremdrift.something.forms.test_the_rule_catches_an_edit_form_without_a_version"
        assert any(n.startswith(name) for n in product_forms())
        with pytest.raises(AssertionError, match="SomethingEditForm"):
            test_every_form_is_versioned_or_edits_nothing_saved()
    finally:
        SomethingEditForm.__module__ = __name__


# The progress of a queued job lives in the `progress` database (core.progress).
@pytest.mark.django_db(databases=["default", "progress"])
def test_every_edit_page_shows_its_form_with_the_version(request, monkeypatch):
    shown: set[type] = set()

    def recording_init(self, *args, **kwargs):
        shown.add(type(self))
        super(VersionedForm, self).__init__(*args, **kwargs)

    # VersionedForm has no __init__ of its own; pytest removes this one again afterwards.
    monkeypatch.setattr(VersionedForm, "__init__", recording_init, raising=False)
    for url_name, (persona, kwargs_fixture) in EDIT_PAGES.items():
        kwargs = request.getfixturevalue(kwargs_fixture)
        response = login(request.getfixturevalue(persona)).get(reverse(url_name, kwargs=kwargs))
        assert response.status_code == 200, url_name
        page = response.content.decode()
        assert re.search(r'type="hidden" name="([\w-]+-)?version" value="\d+"', page), url_name
    versioned = {cls for cls in product_forms().values() if issubclass(cls, VersionedForm)}
    assert versioned - shown == set(), "edit forms that no page in EDIT_PAGES shows"
