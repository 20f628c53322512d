"""The form for a reflection note (the team's dated answer to a question of a focus point)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core import clock
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.toolbox.models import ReflectionNote
from fremdrift.toolbox.reflection.services import MAX_NOTE


class NoteForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = ReflectionNote
        fields = ["text", "written_on"]
        labels = {"text": _("Note"), "written_on": _("Dato")}
        help_texts = {
            "written_on": _("Dagen, teamet talte om spørgsmålet. Som udgangspunkt i dag."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "written_on": DateInput()}
        error_messages = {
            "text": {"required": _("Skriv noten.")},
            "written_on": {
                "required": _("Angiv datoen."),
                "invalid": _("Skriv en gyldig dato."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = MAX_NOTE
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("written_on", clock.today())

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) > MAX_NOTE:
            raise forms.ValidationError(_("Noten må højst være %(n)s tegn lang.") % {"n": MAX_NOTE})
        return text


class NoteEditForm(VersionedForm, NoteForm):
    """A saved note's form, with the version the editor loaded."""
