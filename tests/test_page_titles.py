"""Every page's title is plain text: the browser tab, the history and a screen reader's
first words. A template whose title block swallowed markup (as the offer types page once
did, with two whole sections in its <title>) fails here."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import test_boundary
from tests.conftest import login

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
NOT_PAGES = {"logout", "set_language", "healthz"}


@pytest.mark.django_db(databases=["default", "progress"])
# One persona per kind of menu: the consultant's and another municipality's pages are the
# caseworker's templates again.
@pytest.mark.parametrize(
    "persona", ["odense_caseworker", "odense_manager", "odense_admin", "facilitator", "operator"]
)
def test_every_page_has_a_short_plain_title(request, persona, odense_citizen):
    client = login(request.getfixturevalue(persona))
    seen = 0
    for name in sorted(test_boundary.plain_url_names() - NOT_PAGES):
        response = client.get(reverse(name))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        head, _, _ = response.content.decode().partition("</head>")
        titles = TITLE.findall(head)  # the page's own; charts' SVG titles are in the body
        if not titles:
            continue  # a fragment for htmx, not a page
        [title] = titles
        assert "<" not in title and len(title) < 150, (name, title[:200])
        assert title.strip().endswith("Fremdrift"), (name, title)
        seen += 1
    assert seen >= 5, persona
