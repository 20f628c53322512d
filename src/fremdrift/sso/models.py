"""A municipality's identity provider, and which of its people each of our users is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.core.versioning import Versioned

# Defaults as municipal AD FS sends them; KOMBIT's Context Handler names its own
# (docs/operations.md, "Single sign-on for en kommune").
DEFAULT_NAME_ATTRIBUTE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
DEFAULT_EMAIL_ATTRIBUTE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
DEFAULT_MUNICIPALITY_ATTRIBUTE = "dk:gov:saml:attribute:CvrNumberIdentifier"
DEFAULT_ROLE_ATTRIBUTE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"


class IdentityProvider(Versioned):
    """One municipality's SAML identity provider (its AD FS, or KOMBIT's Context Handler).

    The metadata is kept here as the operator uploaded or fetched it: a login never waits
    for another server, and a changed certificate takes effect only when the operator
    fetches the metadata again."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("kommune"),
    )
    municipality_cvr = models.CharField(_("kommunens CVR-nummer"), max_length=8, blank=True)
    entity_id = models.CharField(_("entity ID"), max_length=500, unique=True)
    metadata_xml = models.TextField(_("metadata"))
    metadata_url = models.URLField(_("metadata-adresse"), max_length=500, blank=True)
    metadata_fetched_at = models.DateTimeField(_("metadata hentet"), null=True, blank=True)
    # One host name a line: the login page served on these offers this identity provider.
    hosts = models.TextField(_("værter"), blank=True)
    name_attribute = models.CharField(
        _("attribut for navn"), max_length=300, default=DEFAULT_NAME_ATTRIBUTE
    )
    email_attribute = models.CharField(
        _("attribut for e-mail"), max_length=300, default=DEFAULT_EMAIL_ATTRIBUTE
    )
    municipality_attribute = models.CharField(
        _("attribut for kommune (CVR eller kommunekode)"),
        max_length=300,
        default=DEFAULT_MUNICIPALITY_ATTRIBUTE,
    )
    role_attribute = models.CharField(
        _("attribut for rettighed eller gruppe"), max_length=300, default=DEFAULT_ROLE_ATTRIBUTE
    )
    # Privilege or group value -> role, in the order the operator wrote them: the first
    # value the user has decides the role.
    role_mapping = models.JSONField(_("rettigheder til roller"), default=list)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("identitetsudbyder")
        verbose_name_plural = _("identitetsudbydere")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.entity_id}"

    def host_list(self) -> list[str]:
        return [line.strip().lower() for line in self.hosts.splitlines() if line.strip()]


class SsoIdentity(models.Model):
    """Our user behind an identity provider's subject (its NameID): the same person logs in
    to the same account, even after a change of name or e-mail address."""

    identity_provider = models.ForeignKey(
        IdentityProvider, on_delete=models.PROTECT, related_name="identities"
    )
    name_id = models.CharField(max_length=500)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sso_identity"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["identity_provider", "name_id"], name="sso_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return self.name_id
