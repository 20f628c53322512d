"""Each kind of bad definition is refused with the file, the path and what is wrong."""

from __future__ import annotations

import copy

import pytest
import yaml

from fremdrift.instruments.validation import InvalidDefinition, load_definition, parse, validate

SOURCE = "test.yaml"


def minimal() -> dict:
    stage = lambda lo, hi: {"from": lo, "to": hi, "description": {"da": f"Trin {lo}-{hi}"}}  # noqa: E731
    return {
        "key": "test",
        "version": 1,
        "name": {"da": "Test", "en": "Test"},
        "languages": ["da", "en"],
        "scale": {
            "min": 1,
            "max": 4,
            "anchors": [stage(1, 2), stage(3, 4)],
            "special_answers": ["dont_know"],
            "special_labels": {"dont_know": {"da": "Ved ikke"}},
        },
        "respondents": [
            {"key": "citizen", "name": {"da": "Borger"}},
            {"key": "caseworker", "name": {"da": "Sagsbehandler"}},
        ],
        "sections": [
            {
                "key": "s",
                "title": {"da": "Afsnit"},
                "items": [
                    {
                        "key": "danish",
                        "short": {"da": "Dansk"},
                        "text": {
                            "citizen": {"da": "Hvor godt taler du dansk?"},
                            "caseworker": {"da": "Hvor godt taler borgeren dansk?"},
                        },
                        "respondents": ["citizen", "caseworker"],
                        "anchors": [stage(1, 2), stage(3, 4)],
                    },
                    {
                        "key": "belief",
                        "short": {"da": "Tro"},
                        "text": {"caseworker": {"da": "Tror du på borgerens jobchancer?"}},
                        "respondents": ["caseworker"],
                    },
                ],
            }
        ],
    }


def problems(data) -> list[str]:
    with pytest.raises(InvalidDefinition) as error:
        validate(data, source=SOURCE)
    assert error.value.source == SOURCE
    return [str(p) for p in error.value.problems]


def test_a_good_definition_passes():
    assert validate(minimal(), source=SOURCE)["key"] == "test"


def mutated(change):
    data = copy.deepcopy(minimal())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("scale"), "mangler feltet 'scale'"),
        (
            lambda d: d["sections"][0]["items"][0].update(colour="red"),
            "sections[0].items[0]: ukendt felt 'colour'",
        ),
        (lambda d: d.update(version="1"), "version: skal være et heltal"),
        (
            lambda d: d["sections"][0]["items"][1].update(key="Belief!"),
            "sections[0].items[1].key: 'Belief!' har ikke den rigtige form",
        ),
        (lambda d: d["name"].pop("da"), "name: mangler feltet 'da'"),
        (lambda d: d["name"].update(en=""), "name.en: må ikke være tom"),
        (lambda d: d["sections"][0].update(items=[]), "sections[0].items: skal have mindst 1"),
        (
            lambda d: d["scale"].update(special_answers=["maybe"]),
            "scale.special_answers[0]: 'maybe' er ikke et tilladt svar",
        ),
    ],
)
def test_schema_errors_say_where_and_what(change, expected):
    assert any(expected in p for p in problems(mutated(change))), problems(mutated(change))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["scale"]["anchors"].pop(),
            "scale.anchors: trinene skal dække skalaen til og med 4",
        ),
        (
            lambda d: d["scale"]["anchors"][1].update({"from": 4}),
            "scale.anchors[1]: trinene skal dække skalaen uden huller eller overlap",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["anchors"][0].update(to=3),
            "sections[0].items[0].anchors[1]: trinene skal dække skalaen uden huller",
        ),
        (
            lambda d: d["sections"][0]["items"][1].update(key="danish"),
            "sections[0].items[1].key: nøglen 'danish' findes allerede",
        ),
        (
            lambda d: d["sections"][0]["items"][1]["respondents"].append("employer"),
            "sections[0].items[1].respondents: ukendt besvarer 'employer'",
        ),
        (
            lambda d: d["sections"][0]["items"][0]["text"].pop("citizen"),
            "sections[0].items[0].text: mangler spørgsmålet til 'citizen'",
        ),
        (
            lambda d: d["sections"][0]["items"][1]["text"].update(citizen={"da": "x"}),
            "sections[0].items[1].text.citizen: 'citizen' besvarer ikke dette spørgsmål",
        ),
        (lambda d: d["name"].update(ar="اختبار"), "name.ar: sproget 'ar' står ikke i 'languages'"),
        (lambda d: d.update(languages=["en"]), "languages: dansk ('da') skal være med"),
        (lambda d: d["scale"].update({"min": 5}), "scale: 'min' skal være mindre end 'max'"),
    ],
)
def test_rule_errors_say_where_and_what(change, expected):
    assert any(expected in p for p in problems(mutated(change))), problems(mutated(change))


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(InvalidDefinition) as error:
        load_definition("key: test\nname: {da: [\n", source="broken.yaml")
    message = str(error.value)
    assert message.startswith("broken.yaml: linje") and "ugyldig YAML" in message


def test_yaml_round_trip_of_a_good_definition():
    text = yaml.safe_dump(minimal(), allow_unicode=True)
    assert load_definition(text, source=SOURCE) == minimal()


# --- Hostile files (issue 15: no input gives a server error) ------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("[" * 100_000 + "]" * 100_000, "dyb.json"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "dyb.json"),
        ("key: " + "[" * 100_000 + "]" * 100_000, "dyb.yaml"),
        ("".join(f"{'  ' * n}n{n}:\n" for n in range(3000)) + "  " * 3000 + "x: 1\n", "dyb.yaml"),
    ],
    ids=["json-list", "json-object", "yaml-flow", "yaml-indented"],
)
def test_nesting_deep_enough_to_exhaust_the_parser_is_refused(text, source):
    with pytest.raises(InvalidDefinition) as error:
        load_definition(text, source=source)
    assert "mere end 40 niveauer" in str(error.value)


def test_yaml_aliases_that_multiply_a_document_are_refused_and_plain_reuse_is_not():
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)
    ]
    with pytest.raises(InvalidDefinition) as error:
        load_definition("\n".join(laughs), source="latter.yaml")
    assert "folder sig ud til mere end 100.000 elementer" in str(error.value)
    shared = "a: &tekst {da: Hej, en: Hello}\nb: [*tekst, *tekst]\n"
    assert parse(shared, source="deling.yaml")["b"][1]["en"] == "Hello"
