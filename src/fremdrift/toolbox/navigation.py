"""Where a document page's back link leads, by who is reading it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role


@dataclass(frozen=True)
class BackLink:
    url: str
    label: str | Promise


def document_back_link(user: User, *, list_url_name: str, list_label: str | Promise) -> BackLink:
    """Staff go back to their municipality's list of the kind.

    The facilitator has no such list (it answers 404 to them: the lists are a
    municipality's own); they reached the document from the shared documents page, which is
    the toolbox's front page for them, so that is where back leads.
    """
    if user.is_authenticated and user.role == Role.FACILITATOR:
        return BackLink(reverse("toolbox:index"), _("Delte dokumenter"))
    return BackLink(reverse(list_url_name), list_label)
