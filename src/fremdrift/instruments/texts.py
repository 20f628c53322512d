"""A definition's texts are small tables of languages: {da: "...", en: "...", ar: "..."}."""

from __future__ import annotations


def text_in(text: dict | None, language: str) -> tuple[str, bool]:
    """(text, missing): the text in `language`, or Danish and True where it is missing."""
    if not text:
        return "", False
    if text.get(language):
        return text[language], False
    return text.get("da", ""), language != "da"
