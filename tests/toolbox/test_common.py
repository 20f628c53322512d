"""The toolbox's shared parts: the documents' boundary, revisions, presentation paging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from fremdrift.accounts.roles import Permission
from fremdrift.toolbox.access import access_document, documents
from fremdrift.toolbox.models import MethodDescription, Revision
from fremdrift.toolbox.presentation import section_number
from fremdrift.toolbox.revisions import history, record_revision
from tests.conftest import login


@pytest.fixture
def odense_method(odense, odense_manager) -> MethodDescription:
    return MethodDescription.objects.create(
        municipality=odense, title="Den gode borgerrejse", target_group="Jobparate",
        created_by=odense_manager,
    )  # fmt: skip


@pytest.fixture
def holbaek_method(holbaek, holbaek_caseworker) -> MethodDescription:
    return MethodDescription.objects.create(
        municipality=holbaek, title="Holbæks forløb", target_group="Alle",
        created_by=holbaek_caseworker,
    )  # fmt: skip


@pytest.mark.django_db
def test_documents_are_the_municipalitys_own(
    odense_method, holbaek_method, odense_caseworker, odense_admin, facilitator
):
    assert list(documents(odense_caseworker, MethodDescription)) == [odense_method]
    # Reading is not changing: the caseworker may read but not manage.
    assert not documents(odense_caseworker, MethodDescription, Permission.MANAGE_TOOLBOX)
    assert not documents(odense_admin, MethodDescription).exists()
    assert not documents(facilitator, MethodDescription).exists()
    with pytest.raises(Http404):
        access_document(odense_caseworker, MethodDescription, holbaek_method.pk)
    with pytest.raises(Http404):
        access_document(odense_caseworker, MethodDescription, "not-a-number")


@pytest.mark.django_db
def test_the_facilitator_reads_a_document_only_when_shared(odense_method, facilitator):
    with pytest.raises(Http404):
        access_document(facilitator, MethodDescription, odense_method.pk, shared_ok=True)
    odense_method.shared = True
    odense_method.save()
    assert access_document(facilitator, MethodDescription, odense_method.pk, shared_ok=True)
    # Only where a view says so: elsewhere sharing opens nothing.
    with pytest.raises(Http404):
        access_document(facilitator, MethodDescription, odense_method.pk)


@pytest.mark.django_db
def test_revisions_number_per_document_with_who_and_what(
    odense_method, holbaek_method, odense_manager
):
    first = record_revision(
        odense_method, actor=odense_manager, summary="Oprettet", snapshot={"title": "A"}
    )
    second = record_revision(
        odense_method, actor=odense_manager, summary="Ændrede titel", snapshot={"title": "B"}
    )
    other = record_revision(holbaek_method, actor=None, summary="Oprettet", snapshot={})
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert [r.summary for r in history(odense_method)] == ["Ændrede titel", "Oprettet"]
    assert history(odense_method)[0].changed_by == odense_manager
    assert Revision.objects.get(pk=second.pk).snapshot == {"title": "B"}
    assert first.municipality_id == odense_method.municipality_id


@pytest.mark.django_db
def test_a_snapshot_keeps_dates_as_text(odense_method, odense_manager):
    revision = record_revision(
        odense_method, actor=odense_manager, summary="x", snapshot={"due": dt.date(2026, 3, 1)}
    )
    revision.refresh_from_db()
    assert revision.snapshot == {"due": "2026-03-01"}


@pytest.mark.parametrize(
    ("asked", "count", "expected"),
    [("1", 3, 1), ("3", 3, 3), ("9", 3, 3), ("0", 3, 1), ("-2", 3, 1), ("x", 3, 1), ("2", 0, 1)],
)
def test_presentation_keeps_the_section_within_the_document(asked, count, expected):
    request = RequestFactory().get("/", {"afsnit": asked})
    assert section_number(request, count) == expected


@pytest.mark.django_db
def test_index_counts_the_municipalitys_documents(odense_method, holbaek_method, odense_consultant):
    body = login(odense_consultant).get(reverse("toolbox:index")).content.decode()
    assert "1 dokument" in body
    assert "Trin 0" in body and "Trin 1" in body


@pytest.mark.django_db
def test_the_facilitator_index_lists_shared_documents_only(
    odense_method, holbaek_method, facilitator
):
    holbaek_method.shared = True
    holbaek_method.save()
    body = login(facilitator).get(reverse("toolbox:index")).content.decode()
    assert "Holbæks forløb" in body
    assert "Den gode borgerrejse" not in body


@pytest.mark.django_db
def test_the_administrator_has_no_toolbox(odense_admin):
    assert login(odense_admin).get(reverse("toolbox:index")).status_code == 404
