"""A document page's back link leads somewhere the reader may go.

The facilitator opens a shared document from the shared documents page; the lists of a
municipality's documents answer 404 to them, so back must lead to that page instead.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.toolbox.models import ActionPlan, MethodDescription, TheoryOfChange
from tests.conftest import login
from tests.toolbox.boundary_plans import make_method, make_plan
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db

DETAIL = {
    TheoryOfChange: "toolbox:theory_detail",
    MethodDescription: "toolbox:method_detail",
    ActionPlan: "toolbox:plan_detail",
}


def _shared_documents(manager) -> list:
    documents = [build_theory(manager), make_method(manager), make_plan(manager)]
    for document in documents:
        document.shared = True
        document.save(update_fields=["shared"])
    return documents


def back_link(body: str) -> tuple[str, str]:
    """The page's back link: the first paragraph that is nothing but a link."""
    match = re.search(r'<p><a href="([^"]+)">(?:← )?([^<]+)</a></p>', body)
    assert match, "no back link on the page"
    return match.group(1), match.group(2)


def test_the_facilitators_back_link_leads_to_the_shared_documents(odense_manager, facilitator):
    documents = _shared_documents(odense_manager)
    client = login(facilitator)
    for document in documents:
        page = client.get(reverse(DETAIL[type(document)], kwargs={"pk": document.pk}))
        assert page.status_code == 200
        url, label = back_link(page.content.decode())
        assert url == reverse("toolbox:index")
        assert label.strip() == "Delte dokumenter"
        target = client.get(url)
        assert target.status_code == 200
        body = target.content.decode()
        assert "Dokumenter, kommunerne har delt" in body
        # The document the facilitator came from is listed there, a link back to it.
        assert document.title in body
        assert reverse(DETAIL[type(document)], kwargs={"pk": document.pk}) in body


def test_staff_go_back_to_their_municipalitys_list(odense_manager):
    documents = _shared_documents(odense_manager)
    lists = {
        TheoryOfChange: "toolbox:theory_list",
        MethodDescription: "toolbox:method_list",
        ActionPlan: "toolbox:plan_list",
    }
    client = login(odense_manager)
    for document in documents:
        page = client.get(reverse(DETAIL[type(document)], kwargs={"pk": document.pk}))
        url, _label = back_link(page.content.decode())
        assert url == reverse(lists[type(document)])
        target = client.get(url)
        assert target.status_code == 200 and document.title in target.content.decode()
