from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from fremdrift.accounts.models import User
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.instruments.models import InstrumentVersion


def versions_for(user: User) -> QuerySet[InstrumentVersion]:
    """The product's own instruments and the user's municipality's own, newest first."""
    return (
        InstrumentVersion.objects.filter(
            Q(instrument__municipality__isnull=True)
            | Q(instrument__municipality_id=user.municipality_id)
        )
        .select_related("instrument", "created_by")
        .order_by("instrument__name", "-version")
    )


def access_version(user: User, pk: int) -> InstrumentVersion:
    """One version the user's municipality may see; another municipality's drafts are 404."""
    try:
        return versions_for(user).get(pk=pk)
    except InstrumentVersion.DoesNotExist as error:
        raise Http404 from error


def language_coverage(definition: dict) -> list[tuple[str, str, int, int]]:
    """Per declared language: how many of the texts are translated, out of how many."""
    texts: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "da" in node and all(isinstance(v, str) for v in node.values()):
                texts.append(node)
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(definition)
    names = dict(CITIZEN_LANGUAGES)
    return [
        (
            language,
            str(names.get(language, language)),
            sum(1 for t in texts if t.get(language)),
            len(texts),
        )
        for language in definition["languages"]
    ]
