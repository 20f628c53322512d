"""Recording responses through instruments.response_services, against the real database."""

import copy
import datetime as dt

import pytest
import yaml
from django.core.exceptions import ValidationError

from fremdrift.audit.models import AuditEntry
from fremdrift.instruments.models import Answer, PublishedVersionIsImmutable, Response
from fremdrift.instruments.response_services import current_version, response_save, response_start
from fremdrift.instruments.services import DEFINITIONS, instrument_version_load
from fremdrift.progression.citizen import citizen_progression
from fremdrift.progression.selectors import citizen_responses
from tests.conversations.helpers import make_conversation
from tests.progression.helpers import all_items, progression_version, reading

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def builtin() -> dict:
    return yaml.safe_load((DEFINITIONS / "fremdrift-progression.yaml").read_text())


def load(definition: dict, municipality, *, publish=True):
    version, _ = instrument_version_load(
        text=yaml.safe_dump(definition, allow_unicode=True),
        source="own.yaml",
        municipality=municipality,
        publish=publish,
    )
    return version


def test_the_municipalitys_own_published_instrument_comes_before_the_products(odense, holbaek):
    product = progression_version(odense)
    assert product.instrument.municipality is None
    own = builtin()
    own["version"] = 2
    draft = load(own, odense, publish=False)
    assert current_version(odense, "progression") == product  # a draft is not used
    draft.status = "published"
    draft.save()
    assert current_version(odense, "progression") == draft
    assert current_version(holbaek, "progression") == product


def test_both_variants_at_one_conversation_and_special_answers_apart_from_missing(
    odense_citizen, odense_caseworker
):
    conversation = make_conversation(odense_citizen, odense_caseworker, DAY)
    answers = {**all_items(6), "health": "dont_know", "network": "not_relevant"}
    del answers["skills"]  # not answered
    caseworker = reading(
        odense_citizen, odense_caseworker, DAY, "caseworker", answers, conversation=conversation
    )
    citizen = reading(
        odense_citizen, odense_caseworker, DAY, "citizen", all_items(8, "citizen"),
        conversation=conversation,
    )  # fmt: skip
    assert {r.respondent for r in conversation.responses.all()} == {"caseworker", "citizen"}
    stored = {a.item: (a.value, a.special) for a in caseworker.answers.all()}
    assert stored["health"] == (None, "dont_know") and stored["network"] == (None, "not_relevant")
    assert "skills" not in stored and stored["danish"] == (6, "")
    assert citizen.completed_at and citizen.answers.count() == 8
    # The same respondent again at the same conversation is the same response.
    again = response_start(
        actor=odense_caseworker, conversation=conversation, version=caseworker.version,
        respondent="caseworker",
    )  # fmt: skip
    assert again.pk == caseworker.pk


def test_a_bad_answer_saves_nothing_and_says_what_is_wrong(odense_citizen, odense_caseworker):
    response = reading(odense_citizen, odense_caseworker, DAY, "citizen", {"danish": 3})
    with pytest.raises(ValidationError) as error:
        response_save(
            actor=odense_caseworker,
            response=response,
            answers={"health": 4, "belief": 11, "caseworker_belief": 5, "network": "maybe"},
        )
    messages = {key: e[0].messages[0] for key, e in error.value.error_dict.items()}
    assert messages == {
        "belief": "Tro på job: 11 ligger uden for skalaen 1-10",
        "caseworker_belief": "'caseworker_belief' er ikke et spørgsmål til denne besvarer",
        "network": "Netværk: 'maybe' er ikke et svar, skemaet kender",
    }
    assert list(response.answers.values_list("item", "value")) == [("danish", 3)]


def test_an_empty_answer_removes_it_and_every_change_is_audited(odense_citizen, odense_caseworker):
    response = reading(odense_citizen, odense_caseworker, DAY, "caseworker", {"danish": 3})
    before = AuditEntry.objects.count()
    response_save(
        actor=odense_caseworker, response=response, answers={"danish": "", "health": 5},
        agreed_together=True,
    )  # fmt: skip
    assert list(response.answers.values_list("item", flat=True)) == ["health"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.citizen == odense_citizen and entry.action == "update"
    assert entry.details["fields"] == ["danish", "health", "agreed_together"]
    assert Response.objects.get(pk=response.pk).agreed_together
    # Saving the same again changes nothing and writes nothing.
    response_save(actor=odense_caseworker, response=response, answers={"health": 5})
    assert AuditEntry.objects.count() == before + 1


def test_only_a_published_version_can_be_answered(odense_citizen, odense_caseworker, odense):
    draft = builtin()
    draft["version"] = 5
    version = load(draft, odense, publish=False)
    conversation = make_conversation(odense_citizen, odense_caseworker, DAY)
    with pytest.raises(ValidationError, match="udgivet"):
        response_start(
            actor=odense_caseworker, conversation=conversation, version=version,
            respondent="citizen",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="ingen besvarer 'employer'"):
        response_start(
            actor=odense_caseworker, conversation=conversation,
            version=progression_version(odense), respondent="employer",
        )  # fmt: skip


def test_a_version_with_answers_is_immutable(odense_citizen, odense_caseworker):
    response = reading(odense_citizen, odense_caseworker, DAY, "caseworker", {"danish": 3})
    version = response.version
    version.definition = copy.deepcopy(version.definition)
    version.definition["name"]["da"] = "Ændret"
    version.checksum = "changed"
    with pytest.raises(PublishedVersionIsImmutable):
        version.save()


def test_a_new_version_keeps_old_answers_and_compares_only_the_items_they_share(
    odense, odense_citizen, odense_caseworker, odense_manager
):
    old = reading(odense_citizen, odense_caseworker, DAY, "caseworker", all_items(3))
    changed = builtin()
    changed["version"] = 2
    items = changed["sections"][0]["items"]
    network = next(i for i in items if i["key"] == "network")
    items.remove(network)
    renamed = copy.deepcopy(network)
    renamed["key"] = "professional_network"
    items.append(renamed)
    version = load(changed, odense)
    new = reading(
        odense_citizen, odense_caseworker, DAY + dt.timedelta(days=90), "caseworker",
        {**{k: 5 for k in all_items(0) if k != "network"}, "professional_network": 9},
        version=version,
    )  # fmt: skip
    assert old.version_id != new.version_id
    assert Answer.objects.filter(response=old, item="network").exists()
    parts = citizen_progression(citizen_responses(odense_manager, odense_citizen), "da")
    (caseworker,) = parts["respondents"]
    changes = {row.key: row.since_first for row in caseworker.rows}
    assert changes["danish"] == 2 and changes["professional_network"] is None
    assert "network" not in changes  # the latest version's items are shown
