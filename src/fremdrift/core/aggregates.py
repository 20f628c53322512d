"""Counts that may leave a municipality are shown only from this size up, so nobody can be
singled out (the facilitator's pages, the API, the shared toolbox documents)."""

from __future__ import annotations

SMALL_COUNT_LIMIT = 5


def suppress(count: int) -> int | None:
    """The count, or None when it is too small to show outside the municipality."""
    return None if 0 < count < SMALL_COUNT_LIMIT else count
