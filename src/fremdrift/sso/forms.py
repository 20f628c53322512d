from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.accounts.roles import MUNICIPAL_ROLES, Role
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.sso.models import IdentityProvider


def _role_words() -> dict[str, str]:
    """A role by its code, its Danish name or its name in the page's language: the form
    shows a saved mapping in the page's language, and must take it back unchanged."""
    words = {str(role): str(role) for role in MUNICIPAL_ROLES}
    for language in ("da", translation.get_language() or "da"):
        with translation.override(language):
            words |= {str(Role(role).label).lower(): str(role) for role in MUNICIPAL_ROLES}
    return words


def parse_role_mapping(text: str) -> list[list[str]]:
    """'value = role' a line (role as its Danish name or its code) -> [[value, role], ...]."""
    pairs: list[list[str]] = []
    role_words = _role_words()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, sign, word = line.rpartition("=")
        role = role_words.get(word.strip().lower())
        if not sign or not value.strip() or role is None:
            raise ValidationError(
                _(
                    "Linje %(number)s: skriv 'værdi = rolle', hvor rollen er sagsbehandler, "
                    "virksomhedskonsulent, leder eller administrator."
                ),
                params={"number": number},
            )
        pairs.append([value.strip(), str(role)])
    return pairs


def role_mapping_text(mapping: list[list[str]]) -> str:
    return "\n".join(f"{value} = {Role(role).label.lower()}" for value, role in mapping)


class IdentityProviderForm(DkfdsFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.filter(identity_provider__isnull=True)
    )
    municipality_cvr = forms.RegexField(
        label=_("Kommunens CVR-nummer"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("CVR-nummeret er otte cifre.")},
        help_text=_("Bruges, når login-svaret angiver kommunen ved CVR i stedet for kommunekode."),
    )
    metadata_file = forms.FileField(
        label=_("Metadata (XML-fil)"),
        required=False,
        help_text=_("Kommunens identitetsudbyders metadata, fx fra AD FS eller KOMBIT."),
    )
    metadata_url = forms.URLField(
        label=_("Eller metadata-adresse"),
        required=False,
        assume_scheme="https",
        help_text=_("Hentes kun, når du sætter kryds nedenfor, og gemmes; aldrig ved login."),
    )
    fetch = forms.BooleanField(label=_("Hent metadata fra adressen nu"), required=False)
    hosts = forms.CharField(
        label=_("Værter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Én pr. linje, fx fremdrift.odense.dk: login-siden her tilbyder kommunens login."
        ),
    )
    name_attribute = forms.CharField(label=_("Attribut for navn"), max_length=300)
    email_attribute = forms.CharField(label=_("Attribut for e-mail"), max_length=300)
    municipality_attribute = forms.CharField(
        label=_("Attribut for kommune (CVR eller kommunekode)"), max_length=300
    )
    role_attribute = forms.CharField(label=_("Attribut for rettighed eller gruppe"), max_length=300)
    role_mapping = forms.CharField(
        label=_("Rettigheder til roller"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Én pr. linje: 'værdi = rolle', fx 'Fremdrift-Sagsbehandler = sagsbehandler'. "
            "Den første linje, brugeren har værdien fra, giver rollen."
        ),
    )
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args: Any, provider: IdentityProvider | None = None, **kwargs: Any) -> None:
        if provider is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    name: getattr(provider, name)
                    for name in (
                        "municipality_cvr",
                        "metadata_url",
                        "hosts",
                        "name_attribute",
                        "email_attribute",
                        "municipality_attribute",
                        "role_attribute",
                        "is_active",
                    )
                }
                | {
                    "role_mapping": role_mapping_text(provider.role_mapping),
                    "version": provider.version,
                }
            )
        else:
            defaults = IdentityProvider()
            kwargs.setdefault("initial", {}).update(
                {
                    name: getattr(defaults, name)
                    for name in (
                        "name_attribute",
                        "email_attribute",
                        "municipality_attribute",
                        "role_attribute",
                    )
                }
            )
        super().__init__(*args, **kwargs)
        if provider is not None:
            del self.fields["municipality"]

    def clean_role_mapping(self) -> list[list[str]]:
        return parse_role_mapping(self.cleaned_data["role_mapping"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fetch") and not data.get("metadata_url"):
            self.add_error("metadata_url", _("Angiv adressen, metadata skal hentes fra."))
        return data

    def metadata_xml(self) -> str | None:
        upload = self.cleaned_data.get("metadata_file")
        if upload is None:
            return None
        try:
            return upload.read(2 * 1024 * 1024).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError({"metadata_file": _("Filen er ikke UTF-8-tekst.")}) from error


class IdentityProviderEditForm(VersionedForm, IdentityProviderForm):
    """The same form for a provider already set up: it carries the version it was loaded at."""
