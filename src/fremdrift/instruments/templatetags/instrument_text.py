from django import template

register = template.Library()
RTL = {"ar", "prs", "fa", "ps", "ur", "he"}


@register.filter
def in_language(text: dict | None, language: str) -> str:
    """The text in `language`, or Danish where the translation is missing."""
    if not text:
        return ""
    return text.get(language) or text.get("da", "")


@register.filter
def is_missing(text: dict | None, language: str) -> bool:
    return bool(text) and not text.get(language)


@register.filter
def direction(language: str) -> str:
    return "rtl" if language in RTL else "ltr"
