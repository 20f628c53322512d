"""The municipality boundary: the only way views reach personal data.

Every model that holds personal data inherits `PersonalData`, which gives it a municipality.
Views fetch such rows through `scoped_queryset` / `access_by_id` (or a thin, model-specific
accessor built on them), which look up inside the user's municipality and answer 404 for
anything outside it or outside the user's role. The architecture test in
tests/test_architecture.py fails when a view module touches a personal-data manager directly.
A deliberate bypass must be spelled `unscoped_...` so it can be found with grep.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Permission


class PersonalData(models.Model):
    """Base for every model holding personal data: the row carries its municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )

    # The look-up from a row to the citizen it belongs to ("citizen", "plan__citizen", ...;
    # "" for the citizen itself), None for rows that belong to no citizen (a company). With
    # it, `access_by_id` refuses every row of an anonymised citizen: tests/test_architecture.py
    # fails for a model that points to a citizen and does not say how.
    citizen_path: ClassVar[str | None] = None

    class Meta:
        abstract = True


class CitizenAnonymised(PermissionDenied):
    """The row belongs to a citizen whose personal data were erased: nothing is shown or
    written. A PermissionDenied, so anything that does not know it still answers 403; the
    citizens' middleware answers it with its own page (409)."""

    def __init__(self, citizen_id: int) -> None:
        super().__init__(f"citizen {citizen_id} is anonymised")
        self.citizen_id = citizen_id


def refuse_if_anonymised(row: object) -> None:
    """Raise CitizenAnonymised when `row` is, or belongs to, an anonymised citizen."""
    path = getattr(type(row), "citizen_path", None)
    if path is None:
        return
    owner: object = row
    for step in filter(None, path.split("__")):
        owner = getattr(owner, step, None)
    if getattr(owner, "anonymised_at", None) is not None:
        raise CitizenAnonymised(owner.pk)  # type: ignore[attr-defined]


M = TypeVar("M", bound=models.Model)  # a model whose rows carry a municipality_id


def personal_data_models() -> list[type[PersonalData]]:
    return [m for m in apps.get_models() if issubclass(m, PersonalData)]


def scoped_queryset(user: User, model: type[M], permission: Permission) -> QuerySet[M]:
    """Rows of `model` in the user's municipality, or none when the role does not allow it.

    The one boundary: personal data (PersonalData) and the municipality's own documents
    (the toolbox) alike."""
    manager = model._default_manager
    if not user.is_authenticated or not user.can(permission) or user.municipality_id is None:
        return manager.none()
    return manager.filter(municipality_id=user.municipality_id)


def access_by_id(
    user: User,
    model: type[M],
    pk: object,
    permission: Permission,
    *,
    select_related: tuple[str, ...] = (),
    anonymised: bool = False,
) -> M:
    """One row by id inside the user's boundary; 404 whether it is missing or not theirs.

    Answering 404 rather than 403 means an outsider cannot even learn that the id exists.
    A row of an anonymised citizen is refused (CitizenAnonymised), for reads and writes
    alike: every view reaches a citizen's data through here, so an erased person cannot get
    new personal data by any route. Only the pages that say the citizen is anonymised (the
    citizen's page, the access log) pass `anonymised=True`.
    """
    queryset = scoped_queryset(user, model, permission)
    path = getattr(model, "citizen_path", None)
    if path:
        select_related = (*select_related, path)
    if select_related:
        queryset = queryset.select_related(*select_related)
    row = one_or_404(queryset, pk)
    if not anonymised:
        refuse_if_anonymised(row)
    return row


def one_or_404(queryset: QuerySet[M], pk: object) -> M:
    """The row with this id in an already scoped queryset; 404 for a missing one, another
    municipality's, and an id that is not even a number, alike."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
