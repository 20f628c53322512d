"""What the domain apps announce about changes to citizens, for the layers above to follow.

The key figures (`results`) sit above the domain apps: a write to a citizen's periods must
keep the figure table true in the same transaction, but the domain apps may not import
`results`. So the apps announce, and `results` registers its listeners when it starts
(`ResultsConfig.ready`):

- `following(*citizen_ids)` wraps a write to those citizens. A follower is a context manager
  factory: it sees the citizens before the block and after it, inside the same transaction.
- `reloaded(municipality_id)` says that a municipality's data were replaced wholesale (the
  case import); a listener rebuilds what it keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager

Follower = Callable[..., AbstractContextManager[None]]
Reloader = Callable[[int], None]

_followers: list[Follower] = []
_reloaders: list[Reloader] = []


def register(*, follower: Follower | None = None, reloader: Reloader | None = None) -> None:
    """Called once per listener at start-up; registering the same function again is a no-op."""
    if follower is not None and follower not in _followers:
        _followers.append(follower)
    if reloader is not None and reloader not in _reloaders:
        _reloaders.append(reloader)


@contextmanager
def following(*citizen_ids: int) -> Iterator[None]:
    """Run the block with every registered follower watching these citizens."""
    with ExitStack() as stack:
        for follower in _followers:
            stack.enter_context(follower(*citizen_ids))
        yield


def reloaded(municipality_id: int) -> None:
    for reloader in _reloaders:
        reloader(municipality_id)
