"""The municipality boundary's second half: every object URL tried, as every persona, with the
method its entry in tests/test_boundary.py does not name.

A file of its own only so that the two test processes share the matrix (`--dist loadfile`
gives a whole file to one process, and this half was about a fifth of the suite's time);
the entries, personas and fixtures are test_boundary.py's own.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from tests.conftest import login
from tests.test_boundary import APP_FIXTURES, OBJECT_URLS, PERSONAS, odense_citizen_kwargs

globals().update(APP_FIXTURES)
__all__ = ["odense_citizen_kwargs"]


OTHER_METHOD = {"get": "post", "post": "get"}
WRITES = (Action.CREATE, Action.UPDATE)


@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_other_method_is_answered_or_refused_and_an_outsider_changes_nothing(
    request, url_name, persona, odense_citizen
):
    """The POST and 405 columns: each URL tried with the method its entry does not name. A
    persona inside may be answered (a form posts where it is shown) or told 405; one outside
    gets 404 or 405, sees nothing of the citizen and writes nothing (every write is audited)."""
    method, allowed, kwargs_fixture, data = OBJECT_URLS[url_name]
    other = OTHER_METHOD[method]
    kwargs = request.getfixturevalue(kwargs_fixture)
    client = login(request.getfixturevalue(persona))
    url = reverse(url_name, kwargs=kwargs)
    written = AuditEntry.objects.filter(action__in=WRITES).count()
    response = getattr(client, other)(url, data if other == "post" else None)
    if persona in allowed:
        assert response.status_code in (200, 302, 400, 405), response.status_code
    else:
        assert response.status_code in (404, 405), response.status_code
        assert odense_citizen.last_name.encode() not in response.content
        assert AuditEntry.objects.filter(action__in=WRITES).count() == written
