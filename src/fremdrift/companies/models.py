from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.scoping import PersonalData


class Company(PersonalData):
    """A company the municipality works with. Company data is not personal data, but the
    contact person is, so each municipality keeps its own record of a company."""

    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    name = models.CharField(_("navn"), max_length=200)
    industry = models.CharField(_("branche"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cvr"], name="company_unique_cvr")
        ]

    def __str__(self) -> str:
        return self.name
