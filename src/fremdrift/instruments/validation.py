"""Reading and checking an instrument definition, with precise Danish errors.

Every problem names the file, the path in the document (e.g. `sections[0].items[2].text`)
and what is wrong, so an administrator can fix the file without reading code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from fremdrift.instruments.schema import INSTRUMENT_SCHEMA

_VALIDATOR = Draft202012Validator(INSTRUMENT_SCHEMA)


@dataclass(frozen=True)
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


class InvalidDefinition(Exception):
    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


def path_of(parts: Iterable[object]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# A definition nests about six levels deep (sections, items, texts per language) and holds a
# few thousand elements.
MAX_NESTING = 40
MAX_ELEMENTS = 100_000


def parse(text: str, *, source: str) -> Any:
    """YAML (or JSON, which is YAML too) into Python data; a syntax error names line and column.

    Hostile files are refused: nesting deep enough to exhaust Python's recursion (JSON and
    YAML parsers recurse per level), before parsing; and YAML aliases that make a few lines
    stand for an exponentially large document, before the schema check walks it."""
    if problem := _shape_problem(text):
        raise InvalidDefinition(source, [problem])
    try:
        data = json.loads(text) if source.endswith(".json") else yaml.safe_load(text)
    except RecursionError as error:  # nesting the scan did not see (e.g. by indentation)
        raise InvalidDefinition(source, [_too_deep()]) from error
    except json.JSONDecodeError as error:
        raise InvalidDefinition(
            source, [Problem(f"linje {error.lineno}, kolonne {error.colno}", "ugyldig JSON")]
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or "ugyldig YAML"
        raise InvalidDefinition(source, [Problem(where, f"ugyldig YAML ({reason})")]) from error
    if problem := _unfolded_size_problem(data):
        raise InvalidDefinition(source, [problem])
    return data


def _too_deep() -> Problem:
    return Problem(
        "", f"filen er indlejret i mere end {MAX_NESTING} niveauer; det er et skema aldrig"
    )


def _shape_problem(text: str) -> Problem | None:
    depth = deepest = 0
    for char in text:  # brackets inside strings count too: a real definition stays far below
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_NESTING:
        return _too_deep()
    return None


def _unfolded_size_problem(data: Any) -> Problem | None:
    """YAML aliases may reuse a part (the product's own definitions do, for shared texts),
    but a few lines of aliases of aliases can stand for billions of elements: count them
    as the schema check would meet them, and stop at the limit."""
    seen, stack = 0, [data]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_ELEMENTS:
            return Problem(
                "", f"filen folder sig ud til mere end {MAX_ELEMENTS:,} elementer".replace(",", ".")
            )
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def _schema_message(error: SchemaError) -> str:
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = [name for name in value if name not in (error.instance or {})]
        return f"mangler feltet '{missing[0] if missing else value}'"
    if validator == "additionalProperties" and value is False:
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"ukendt felt '{extra[0]}'" if extra else "ukendte felter"
    if validator == "type":
        kinds = {
            "string": "tekst",
            "integer": "et heltal",
            "object": "en gruppe af felter",
            "array": "en liste",
        }
        return f"skal være {kinds.get(value, value)}, men er {error.instance!r}"
    if validator == "minItems":
        return f"skal have mindst {value} element(er)"
    if validator == "uniqueItems":
        return "må ikke indeholde den samme værdi to gange"
    if validator == "pattern":
        return f"'{error.instance}' har ikke den rigtige form (små bogstaver, tal, _ og -)"
    if validator in ("minimum", "minLength"):
        return "må ikke være tom" if validator == "minLength" else f"skal være mindst {value}"
    if validator == "enum":
        return f"'{error.instance}' er ikke et tilladt svar ({', '.join(map(str, value))})"
    if validator == "propertyNames":
        return f"ugyldigt navn på et felt: {error.message}"
    if validator == "minProperties":
        return "skal have mindst ét felt"
    return error.message


def _schema_problems(data: Any) -> list[Problem]:
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(path_of(e.absolute_path), _schema_message(e)) for e in errors]


def _anchor_problems(anchors: list[dict], low: int, high: int, where: str) -> Iterator[Problem]:
    expected = low
    for index, anchor in enumerate(sorted(anchors, key=lambda a: a["from"])):
        if anchor["from"] > anchor["to"]:
            yield Problem(f"{where}[{index}]", "'from' er større end 'to'")
        if anchor["from"] != expected:
            yield Problem(
                f"{where}[{index}]",
                f"trinene skal dække skalaen uden huller eller overlap: forventede start {expected}"
                f", fandt {anchor['from']}",
            )
        expected = anchor["to"] + 1
    if expected != high + 1:
        yield Problem(where, f"trinene skal dække skalaen til og med {high}")


def _texts(node: Any, where: str) -> Iterator[tuple[str, dict]]:
    """Every translatable text map in the document, with its path."""
    if isinstance(node, dict):
        if "da" in node and all(isinstance(v, str) for v in node.values()):
            yield where, node
            return
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{where}[{index}]")


def _rule_problems(data: dict) -> Iterator[Problem]:
    languages = set(data["languages"])
    if "da" not in languages:
        yield Problem(
            "languages", "dansk ('da') skal være med: dansk vises, hvor en oversættelse mangler"
        )
    scale = data["scale"]
    if scale["min"] >= scale["max"]:
        yield Problem("scale", "'min' skal være mindre end 'max'")
        return
    yield from _anchor_problems(scale["anchors"], scale["min"], scale["max"], "scale.anchors")
    for special in scale.get("special_labels", {}):
        if special not in scale.get("special_answers", []):
            yield Problem(f"scale.special_labels.{special}", "svaret står ikke i 'special_answers'")
    respondents = [r["key"] for r in data["respondents"]]
    if len(set(respondents)) != len(respondents):
        yield Problem("respondents", "hver besvarer skal have sin egen nøgle")
    yield from _section_problems(data["sections"], respondents, scale)
    for where, text in _texts(data, ""):
        for language in text:
            if language not in languages:
                yield Problem(
                    f"{where}.{language}", f"sproget '{language}' står ikke i 'languages'"
                )


def _section_problems(
    sections: list[dict], respondents: list[str], scale: dict
) -> Iterator[Problem]:
    """Keys unique across sections and across items; each item's own problems."""
    section_keys: set[str] = set()
    item_keys: set[str] = set()
    for s_index, section in enumerate(sections):
        if section["key"] in section_keys:
            yield Problem(f"sections[{s_index}].key", f"nøglen '{section['key']}' findes allerede")
        section_keys.add(section["key"])
        for i_index, item in enumerate(section["items"]):
            where = f"sections[{s_index}].items[{i_index}]"
            if item["key"] in item_keys:
                yield Problem(f"{where}.key", f"nøglen '{item['key']}' findes allerede")
            item_keys.add(item["key"])
            yield from _item_problems(item, where, respondents, scale)


def _item_problems(
    item: dict, where: str, respondents: list[str], scale: dict
) -> Iterator[Problem]:
    """An item's respondents are known and each has a question; its anchors fit the scale."""
    for respondent in item["respondents"]:
        if respondent not in respondents:
            yield Problem(f"{where}.respondents", f"ukendt besvarer '{respondent}'")
        if respondent not in item["text"]:
            yield Problem(f"{where}.text", f"mangler spørgsmålet til '{respondent}'")
    for asked in item["text"]:
        if asked not in item["respondents"]:
            yield Problem(f"{where}.text.{asked}", f"'{asked}' besvarer ikke dette spørgsmål")
    if "anchors" in item:
        yield from _anchor_problems(item["anchors"], scale["min"], scale["max"], f"{where}.anchors")


def validate(data: Any, *, source: str) -> dict:
    """The definition, checked; or InvalidDefinition listing every problem found."""
    problems = _schema_problems(data)
    if not problems:
        problems = list(_rule_problems(data))
    if problems:
        raise InvalidDefinition(source, problems)
    return data


def load_definition(text: str, *, source: str) -> dict:
    return validate(parse(text, source=source), source=source)
