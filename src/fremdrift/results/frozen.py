"""Finished months are frozen: a plain rebuild leaves them as they are.

A month is frozen once a full rebuild has run after it ended: the rebuild at the turn of a
month computes the month just ended one last time, and from then on `rebuild` writes only
from the first open month (`first_open_month`). So a later change to what the figures read
(a caseworker moving team, a corrected definition, a person's data erased) never moves a
figure a municipality has already reported. Per-citizen changes (`refresh.follow`) still
apply where they belong: a period registered late for a past month is a correction of that
month's facts, made by a user and audited with the write.

Rewriting finished months is an explicit act: `rebuild_finished_months` (`fremdrift figures
--rebuild --rewrite-finished-months --reason ...`) recomputes every month and records who,
when and why in the audit log.
"""

from __future__ import annotations

import datetime as dt

from fremdrift.accounts.models import User
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core.months import month_start
from fremdrift.results.compute import horizon
from fremdrift.results.models import FigureState

# The audit entry's purpose holds 200 characters; the reason is refused, never cut, beyond.
REASON_MAX = 160


def first_open_month(today: dt.date | None = None) -> int | None:
    """The first month (month index) a plain rebuild writes, or None when nothing is frozen
    yet (no full rebuild has run): the month of the last full rebuild, or the current one
    if that is earlier."""
    state = FigureState.objects.filter(pk=1).only("horizon").first()
    if state is None:
        return None
    return min(state.horizon, horizon(today))


def rebuild_finished_months(
    *, reason: str, actor: User | None = None, today: dt.date | None = None
) -> int:
    """Recompute every month, finished ones too, and record it in the audit log; the rows
    written. `reason` says why (a definition corrected, data restored ...)."""
    from fremdrift.results.refresh import rebuild  # refresh imports this module

    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValueError(f"give a reason of 1-{REASON_MAX} characters")
    frozen_before = first_open_month(today)
    with audited_atomic():
        rows = rebuild(today=today, rewrite_finished_months=True)
        audit_record(
            actor=actor,
            action=Action.REWRITE_FIGURES,
            purpose=f"Afsluttede måneder genberegnet: {reason}",
            municipality=None,
            details={
                "rows": rows,
                "frozen_before": (
                    None if frozen_before is None else month_start(frozen_before).isoformat()
                ),
            },
        )
    return rows
