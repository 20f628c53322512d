"""What the web server and the worker check before they serve anything.

Django runs the checks tagged `database` only when asked (`migrate` does). The processes
that serve users run them too, so a fault such as a FIELD_KEY that does not fit the
database stops the start with its message instead of turning into server errors later.
"""

from __future__ import annotations

from django.core.checks import ERROR, Tags, run_checks
from django.core.exceptions import ImproperlyConfigured


def refuse_a_broken_start() -> None:
    errors = [
        message
        for message in run_checks(tags=[Tags.database], databases=["default"])
        if message.level >= ERROR
    ]
    if errors:
        raise ImproperlyConfigured(
            "\n".join(f"{error.id}: {error.msg}\n  {error.hint or ''}" for error in errors)
        )
