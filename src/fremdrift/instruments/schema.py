"""The JSON Schema every instrument definition must satisfy (architecture idea 2).

An instrument is data: sections of items, a scale with anchored descriptions, which
respondent answers which item, and translations. The same shape serves the progression
questionnaire, the self-evaluation, placement follow-up, the competence card and the KL
checklist. Rules a schema cannot say (keys unique, anchors covering the scale, respondents
that exist) are checked in validation.py.
"""

from __future__ import annotations

LANGUAGE = {"type": "string", "pattern": "^[a-z]{2,3}$"}
KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,49}$"}
TEXT = {
    "type": "object",
    "required": ["da"],
    "propertyNames": LANGUAGE,
    "additionalProperties": {"type": "string", "minLength": 1},
}
ANCHOR = {
    "type": "object",
    "required": ["from", "to", "description"],
    "additionalProperties": False,
    "properties": {
        "from": {"type": "integer"},
        "to": {"type": "integer"},
        "label": TEXT,
        "description": TEXT,
    },
}
SPECIAL = {"enum": ["dont_know", "not_relevant"]}

INSTRUMENT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["key", "version", "name", "languages", "scale", "respondents", "sections"],
    "additionalProperties": False,
    "properties": {
        "key": KEY,
        "version": {"type": "integer", "minimum": 1},
        "name": TEXT,
        "description": TEXT,
        # What the instrument is for; the progression pages pick the instrument marked so.
        "use": {
            "enum": ["progression", "self_evaluation", "follow_up", "competence_card", "checklist"]
        },
        "languages": {"type": "array", "items": LANGUAGE, "minItems": 1, "uniqueItems": True},
        "scale": {
            "type": "object",
            "required": ["min", "max", "anchors"],
            "additionalProperties": False,
            "properties": {
                "min": {"type": "integer"},
                "max": {"type": "integer"},
                "anchors": {"type": "array", "items": ANCHOR, "minItems": 1},
                "special_answers": {"type": "array", "items": SPECIAL, "uniqueItems": True},
                "special_labels": {
                    "type": "object",
                    "propertyNames": SPECIAL,
                    "additionalProperties": TEXT,
                },
            },
        },
        "respondents": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "additionalProperties": False,
                "properties": {"key": KEY, "name": TEXT},
            },
        },
        "sections": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "items"],
                "additionalProperties": False,
                "properties": {
                    "key": KEY,
                    "title": TEXT,
                    "items": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["key", "short", "text", "respondents"],
                            "additionalProperties": False,
                            "properties": {
                                "key": KEY,
                                "short": TEXT,
                                "text": {
                                    "type": "object",
                                    "minProperties": 1,
                                    "propertyNames": KEY,
                                    "additionalProperties": TEXT,
                                },
                                "respondents": {
                                    "type": "array",
                                    "items": KEY,
                                    "minItems": 1,
                                    "uniqueItems": True,
                                },
                                "anchors": {"type": "array", "items": ANCHOR},
                            },
                        },
                    },
                },
            },
        },
    },
}
