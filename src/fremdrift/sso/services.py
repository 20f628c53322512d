"""Writes: the operator's set-up of an identity provider, and a user signed in (created or
updated) from a verified assertion. Every one is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require_installation
from fremdrift.accounts.roles import MUNICIPAL_ROLES, Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core import clock
from fremdrift.core.versioning import claim_version
from fremdrift.sso.metadata import fetch_metadata, read_idp_metadata
from fremdrift.sso.models import IdentityProvider, SsoIdentity

SETTABLE_FIELDS = (
    "municipality_cvr",
    "metadata_url",
    "hosts",
    "name_attribute",
    "email_attribute",
    "municipality_attribute",
    "role_attribute",
    "role_mapping",
    "is_active",
)


def identity_provider_save(
    *,
    actor: User,
    municipality: Municipality,
    data: Mapping[str, Any],
    metadata_xml: str | None = None,
    fetch: bool = False,
    expected_version: int | None = None,
) -> IdentityProvider:
    """Create or change `municipality`'s identity provider. The metadata is the uploaded
    document, or (fetch=True) the one at data["metadata_url"], fetched now and stored; or,
    neither given, the one already stored. With `expected_version` (the edit page's), a
    provider saved by someone else since is an EditConflict and nothing is saved."""
    require_installation(actor, Permission.CONFIGURE_SIGN_IN)
    provider = IdentityProvider.objects.filter(municipality=municipality).first()
    provider = provider or IdentityProvider(municipality=municipality)
    for name in SETTABLE_FIELDS:
        if name in data:
            setattr(provider, name, data[name])
    _check_role_mapping(provider.role_mapping)
    if fetch:
        metadata_xml = fetch_metadata(provider.metadata_url)
    if metadata_xml is not None:
        provider.entity_id = read_idp_metadata(metadata_xml).entity_id
        provider.metadata_xml = metadata_xml
        provider.metadata_fetched_at = clock.now()
    if not provider.metadata_xml:
        raise ValidationError(
            {"metadata_file": _("Upload kommunens metadata, eller angiv adressen og hent den.")}
        )
    taken = IdentityProvider.objects.filter(entity_id=provider.entity_id).exclude(
        municipality=municipality
    )
    if taken.exists():
        raise ValidationError(
            {"metadata_file": _("Identitetsudbyderen er allerede sat op for en anden kommune.")}
        )
    created = provider.pk is None
    with audited_atomic():
        if not created and expected_version is not None:
            claim_version(provider, expected_version)
        elif not created:
            provider.version += 1
        provider.save()
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Oprettede kommunens login (SSO)"
            if created
            else "Ændrede kommunens login (SSO)",
            municipality=municipality,
            details={
                "identity_provider": provider.pk,
                "entity_id": provider.entity_id,
                "hosts": provider.host_list(),
                "role_mapping": provider.role_mapping,
                "metadata_changed": metadata_xml is not None,
                "active": provider.is_active,
            },
        )
    return provider


def _check_role_mapping(mapping: Sequence[Any]) -> None:
    for pair in mapping:
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and pair[1] in MUNICIPAL_ROLES):
            raise ValidationError(
                {
                    "role_mapping": _(
                        "Kun kommunens roller kan gives ved login: sagsbehandler, "
                        "virksomhedskonsulent, leder og administrator."
                    )
                }
            )


# --- Signing in --------------------------------------------------------------------------


class SignInRefused(Exception):
    """An assertion that verified, but does not let its subject in. `message` is shown."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Assertion:
    """What a verified assertion says: its subject and its attributes as sent."""

    name_id: str
    attributes: Mapping[str, Sequence[str]]

    def first(self, name: str) -> str:
        values = self.attributes.get(name) or []
        return str(values[0]).strip() if values else ""


def sso_sign_in(*, provider: IdentityProvider, assertion: Assertion) -> User:
    """The user the assertion names, created or brought up to date from its attributes, or
    SignInRefused (audited) when it names another municipality, no role we map, a
    deactivated user or an account that never signs in this way."""
    try:
        _check_municipality(provider, assertion)
        role = _mapped_role(provider, assertion)
        with audited_atomic():
            user = _provisioned_user(provider, assertion, role)
            audit_record(
                actor=user,
                action=Action.SIGN_IN,
                purpose="Loggede ind med kommunens login (SSO)",
                municipality=provider.municipality,
                details={"identity_provider": provider.entity_id, "role": role},
            )
        return user
    except SignInRefused as refusal:
        sign_in_refused(
            municipality=provider.municipality,
            reason=refusal.reason,
            details={"identity_provider": provider.entity_id, "name_id": assertion.name_id[:200]},
        )
        raise


def sign_in_refused(
    *, municipality: Municipality | None, reason: str, details: dict[str, Any]
) -> None:
    """A refused login: in the municipality's chain, or the common one when not known."""
    audit_record(
        actor=None,
        action=Action.SIGN_IN,
        purpose=f"Login med kommunens login afvist: {reason}"[:200],
        municipality=municipality,
        details=details,
    )


def sso_signed_out(*, user: User, initiated_by: str) -> None:
    audit_record(
        actor=user,
        action=Action.SIGN_IN,
        purpose="Loggede ud (single logout)",
        municipality=user.municipality,
        details={"initiated_by": initiated_by},
    )


def _matches_municipality(provider: IdentityProvider, value: str) -> bool:
    digits = value.strip()
    if not digits.isdigit():
        return False
    if len(digits) == 8:
        return bool(provider.municipality_cvr) and digits == provider.municipality_cvr
    return len(digits) <= 4 and int(digits) == int(provider.municipality.code)


def _check_municipality(provider: IdentityProvider, assertion: Assertion) -> None:
    value = assertion.first(provider.municipality_attribute)
    if not _matches_municipality(provider, value):
        raise SignInRefused(
            _(
                "Dit login kommer fra en anden kommune end %(municipality)s, som denne "
                "adresse hører til. Log ind via din egen kommunes adresse til Fremdrift."
            )
            % {"municipality": provider.municipality},
            reason=f"anden kommune ({value or 'ingen'})",
        )


def _mapped_role(provider: IdentityProvider, assertion: Assertion) -> str:
    held = {str(value).strip() for value in assertion.attributes.get(provider.role_attribute, [])}
    for value, role in provider.role_mapping:
        if value in held and role in MUNICIPAL_ROLES:
            return str(role)
    raise SignInRefused(
        _(
            "Du har ingen rettighed til Fremdrift i din kommunes brugerstyring. Bed din "
            "kommunes administrator om at tildele dig en rolle til Fremdrift."
        ),
        reason="ingen rolle",
    )


def _split_name(full_name: str) -> tuple[str, str]:
    first, _space, last = full_name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def _provisioned_user(provider: IdentityProvider, assertion: Assertion, role: str) -> User:
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(identity_provider=provider, name_id=assertion.name_id)
        .first()
    )
    if identity is None:
        user = User(
            username=_free_username(provider, assertion),
            municipality=provider.municipality,
        )
        user.set_unusable_password()
    else:
        user = identity.user
    if (
        user.role and user.role not in MUNICIPAL_ROLES
    ) or user.municipality_id != provider.municipality_id:
        raise SignInRefused(
            _("Denne konto kan ikke logge ind med kommunens login."),
            reason="konto uden for kommunen",
        )
    if user.pk is not None and not user.is_active:
        raise SignInRefused(
            _("Din konto i Fremdrift er lukket. Kontakt din kommunes administrator."),
            reason="lukket konto",
        )
    user.first_name, user.last_name = _split_name(assertion.first(provider.name_attribute))
    user.email = assertion.first(provider.email_attribute)
    user.role = role
    user.save()
    if identity is None:
        SsoIdentity.objects.create(identity_provider=provider, name_id=assertion.name_id, user=user)
    return user


def _free_username(provider: IdentityProvider, assertion: Assertion) -> str:
    email = assertion.first(provider.email_attribute).lower()
    base = (email or f"sso-{provider.municipality.code}")[:140]
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
