"""What the domain apps announce about changes to citizens, for the layers above to follow.

The key figures (`results`) sit above the domain apps: a write to a citizen's periods must
keep the figure table true in the same transaction, but the domain apps may not import
`results`. So the apps announce, and `results` registers its listeners when it starts
(`ResultsConfig.ready`); the journey's case snapshots listen the same way
(`JourneyConfig.ready`), as the citizens' and the conversations' apps write what they read:

- `following(*citizen_ids)` wraps a write to those citizens. A follower is a context manager
  factory: it sees the citizens before the block and after it, inside the same transaction.
  The block counts as `changed` for the citizens too.
- `changed(*citizen_ids)` says, inside the write's transaction, that something the
  citizens' case is derived from changed (periods, contract, conversations, takeover); a
  refresher derives what it keeps for them again. Inside a `following` block it waits for
  the outermost block's end, so a write made of several steps refreshes once.
- `reloaded(municipality_id)` says that a municipality's data were replaced wholesale (the
  case import); a listener rebuilds what it keeps.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager

Follower = Callable[..., AbstractContextManager[None]]
Refresher = Callable[[tuple[int, ...]], None]
Reloader = Callable[[int], None]

_followers: list[Follower] = []
_refreshers: list[Refresher] = []
_reloaders: list[Reloader] = []
# The citizens changed inside the outermost `following` block still running, if any.
_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "changes_pending", default=None
)


def register(
    *,
    follower: Follower | None = None,
    refresher: Refresher | None = None,
    reloader: Reloader | None = None,
) -> None:
    """Called once per listener at start-up; registering the same function again is a no-op."""
    if follower is not None and follower not in _followers:
        _followers.append(follower)
    if refresher is not None and refresher not in _refreshers:
        _refreshers.append(refresher)
    if reloader is not None and reloader not in _reloaders:
        _reloaders.append(reloader)


@contextmanager
def following(*citizen_ids: int) -> Iterator[None]:
    """Run the block with every registered follower watching these citizens."""
    with ExitStack() as stack:
        for follower in _followers:
            stack.enter_context(follower(*citizen_ids))
        with _collecting():
            yield
            changed(*citizen_ids)


@contextmanager
def _collecting() -> Iterator[None]:
    if _pending.get() is not None:  # an outer block collects and refreshes
        yield
        return
    token = _pending.set(set())
    try:
        yield
        ids = _pending.get() or set()
    finally:
        _pending.reset(token)
    _refresh(ids)


def changed(*citizen_ids: int) -> None:
    """Something these citizens' case is derived from changed; call inside the write's
    transaction."""
    pending = _pending.get()
    if pending is not None:
        pending.update(citizen_ids)
        return
    _refresh(set(citizen_ids))


def _refresh(citizen_ids: set[int]) -> None:
    if not citizen_ids:
        return
    ids = tuple(sorted(citizen_ids))
    for refresher in _refreshers:
        refresher(ids)


def reloaded(municipality_id: int) -> None:
    for reloader in _reloaders:
        reloader(municipality_id)
