"""Case-insensitive LIKE for Danish letters on SQLite.

SQLite's built-in LIKE folds case for ASCII only, so `icontains` would not find "Øst" when
searching for "øst". On SQLite connections we replace like() with a Unicode-aware version
(PostgreSQL's ILIKE already is). Django uses LIKE only for the case-insensitive lookups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.db.backends.signals import connection_created


@lru_cache(maxsize=256)
def _matcher(pattern: str, escape: str | None) -> Callable[[str], bool]:
    parts: list[str] = []
    literal: list[str] = []  # the pattern's text, when it is just %text%
    wildcards = 0
    chars = iter(pattern)
    for char in chars:
        if escape and char == escape:
            escaped = next(chars, "")
            parts.append(re.escape(escaped))
            literal.append(escaped)
        elif char in "%_":
            parts.append(".*" if char == "%" else ".")
            wildcards += 1
        else:
            parts.append(re.escape(char))
            literal.append(char)
    if wildcards == 2 and pattern.startswith("%") and pattern.endswith("%") and len(pattern) > 1:
        # icontains, the common case: a plain substring test is several times faster.
        needle = "".join(literal).casefold()
        return lambda value: needle in value.casefold()
    regex = re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
    return lambda value: regex.fullmatch(value) is not None


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _matcher(pattern, escape)(str(value))


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


connection_created.connect(install, dispatch_uid="fremdrift-sqlite-unicode-like")
