"""Forms for the method description: its title and target group, core principles, phases.

The forms say per field what is wrong, in Danish; the services check the rules again on save.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.toolbox.fields import text_field as _text


class MethodCreateForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv metodebeskrivelsen en titel.")},
        help_text=_("Fx Det gode borgerforløb for aktivitetsparate."),
    )
    target_group = forms.CharField(
        label=_("Målgruppe"),
        max_length=200,
        error_messages={"required": _("Skriv, hvem målgruppen er.")},
        help_text=_("Én metodebeskrivelse pr. målgruppe er det normale."),
    )


class MethodEditForm(VersionedForm, MethodCreateForm):
    core_principles = _text(
        _("Kerneprincipper"),
        rows=6,
        help_text=_("Det, der ikke kan forhandles om. Ét princip pr. linje."),
    )


class MethodPhaseForm(VersionedForm, DkfdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Fasens navn"),
        max_length=200,
        error_messages={"required": _("Giv fasen et navn.")},
    )
    timespan = forms.CharField(label=_("Tid"), max_length=100, required=False)
    citizen_level = _text(_("På borgerniveau"), help_text=_("Hvad sker der for borgeren?"))
    internal_roles = _text(
        _("Roller og ansvar, internt"), help_text=_("Sagsbehandler, virksomhedskonsulent ...")
    )
    external_roles = _text(
        _("Roller og ansvar, eksternt"), help_text=_("Anden aktør, sprogskole, frivillige ...")
    )
    tools = _text(_("Redskaber"), help_text=_("Ét redskab pr. linje."))
