from django import template

from fremdrift.citizens.languages import direction as text_direction
from fremdrift.instruments.texts import text_in

register = template.Library()


@register.filter
def in_language(text: dict | None, language: str) -> str:
    """The text in `language`, or Danish where the translation is missing."""
    return text_in(text, language)[0]


@register.filter
def is_missing(text: dict | None, language: str) -> bool:
    return text_in(text, language)[1]


@register.filter
def direction(language: str) -> str:
    return text_direction(language)
