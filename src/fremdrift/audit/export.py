"""The audit log of one citizen as CSV: the basis for answering an access request (GDPR art. 15)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core.csv_cells import SafeWriter

ACTION_LABELS = dict(Action.choices)


def audit_csv_rows(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """Yield the CSV text line by line, so a long log streams instead of filling memory."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, delimiter=";")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    # A byte-order mark so Excel opens the Danish letters correctly.
    writer.writerow(
        [
            _("Tidspunkt"),
            _("Bruger"),
            _("Rolle"),
            _("Handling"),
            _("Formål"),
            _("Forespørgsels-id"),
            _("Løbenummer"),
        ]
    )
    yield "\ufeff" + flush()
    for entry in entries:
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor.get_full_name() if entry.actor else entry.actor_username,
                entry.actor_role,
                str(ACTION_LABELS.get(entry.action, entry.action)),
                entry.purpose,
                entry.request_id,
                entry.seq,
            ]
        )
        yield flush()
