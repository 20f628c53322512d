import copy

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.instruments.models import (
    Instrument,
    InstrumentVersion,
    PublishedVersionIsImmutable,
    VersionStatus,
)
from fremdrift.instruments.services import instrument_version_load
from fremdrift.instruments.validation import InvalidDefinition
from tests.instruments.test_validation import minimal

pytestmark = pytest.mark.django_db


def as_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


def test_loading_twice_changes_nothing():
    first, new = instrument_version_load(text=as_yaml(minimal()), source="t.yaml", publish=True)
    again, new_again = instrument_version_load(text=as_yaml(minimal()), source="t.yaml")
    assert new and not new_again and first.pk == again.pk
    assert InstrumentVersion.objects.count() == 1 and first.status == VersionStatus.PUBLISHED


def test_a_published_version_is_immutable_and_a_new_version_is_a_new_row():
    published, _ = instrument_version_load(text=as_yaml(minimal()), source="t.yaml", publish=True)
    changed = copy.deepcopy(minimal())
    changed["sections"][0]["items"][0]["short"]["da"] = "Sprog"
    with pytest.raises(InvalidDefinition, match="version 1 er udgivet og kan ikke ændres"):
        instrument_version_load(text=as_yaml(changed), source="t.yaml")
    changed["version"] = 2
    second, new = instrument_version_load(text=as_yaml(changed), source="t.yaml")
    assert new and second.pk != published.pk
    published.refresh_from_db()
    assert published.definition["sections"][0]["items"][0]["short"]["da"] == "Dansk"
    published.checksum = "x"
    with pytest.raises(PublishedVersionIsImmutable):
        published.save()


def test_a_draft_may_be_replaced():
    draft, _ = instrument_version_load(text=as_yaml(minimal()), source="t.yaml")
    changed = copy.deepcopy(minimal())
    changed["name"]["da"] = "Nyt navn"
    replaced, new = instrument_version_load(text=as_yaml(changed), source="t.yaml")
    assert new and replaced.pk == draft.pk
    assert Instrument.objects.get().name == "Nyt navn"


def test_the_builtin_instrument_loads_and_has_nine_dimensions():
    call_command("instrument_load")
    version = InstrumentVersion.objects.get(instrument__key="fremdrift-progression")
    items = version.items()
    assert len(items) == 9
    assert [i for i in items if i["respondents"] == ["caseworker"]] == [items[-1]]
    assert all(len(i["respondents"]) == 2 for i in items[:8])
    for language in ["da", "en", "ar", "prs", "fa", "ti", "so", "uk"]:
        assert all(item["short"].get(language) for item in items), language
    assert "FIP" not in str(version.definition)


def test_the_command_refuses_a_bad_file_with_its_problems(tmp_path):
    bad = copy.deepcopy(minimal())
    bad["sections"][0]["items"][0]["respondents"].append("employer")
    path = tmp_path / "bad.yaml"
    path.write_text(as_yaml(bad))
    with pytest.raises(CommandError) as error:
        call_command("instrument_load", str(path))
    assert "bad.yaml: sections[0].items[0].respondents: ukendt besvarer 'employer'" in str(
        error.value
    )
    assert not InstrumentVersion.objects.exists()
