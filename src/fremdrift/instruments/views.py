from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.instruments.models import VersionStatus
from fremdrift.instruments.selectors import access_version, language_coverage, versions_for
from fremdrift.instruments.services import instrument_version_load, instrument_version_publish
from fremdrift.instruments.validation import InvalidDefinition

MAX_UPLOAD = 512 * 1024


class UploadForm(DkfdsFormMixin, forms.Form):
    definition = forms.FileField(
        label=gettext_lazy("Fil med spørgeskemaet (YAML eller JSON)"),
        help_text=gettext_lazy("Se vejledningen 'Sådan lægger du et spørgeskema ind'."),
    )


@require_permission(Permission.MANAGE_INSTRUMENTS)
def instrument_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "instruments/list.html",
        {"versions": versions_for(request.user), "form": UploadForm()},
    )


@require_permission(Permission.MANAGE_INSTRUMENTS)
@require_http_methods(["POST"])
def instrument_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["definition"]
        if upload.size > MAX_UPLOAD:
            form.add_error("definition", _("Filen er for stor (højst 512 kB)."))
        else:
            try:
                text = upload.read().decode("utf-8")
                version, _new = instrument_version_load(
                    text=text,
                    source=upload.name,
                    municipality=request.user.municipality,
                    actor=request.user,
                )
            except UnicodeDecodeError:
                form.add_error("definition", _("Filen skal være gemt som UTF-8-tekst."))
            except InvalidDefinition as error:
                problems = [str(problem) for problem in error.problems]
            else:
                messages.success(
                    request, _("Spørgeskemaet er gyldigt. Se det igennem, og udgiv det.")
                )
                return redirect("instruments:preview", pk=version.pk)
    context = {
        "versions": versions_for(request.user),
        "form": form,
        "problems": problems,
        "source": request.FILES.get("definition").name if request.FILES else "",
    }
    return render(request, "instruments/list.html", context, status=400)


@require_permission(Permission.MANAGE_INSTRUMENTS)
def instrument_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = access_version(request.user, pk)
    language = request.GET.get("sprog", "da")
    if language not in version.definition["languages"]:
        language = "da"
    return render(
        request,
        "instruments/preview.html",
        {
            "version": version,
            "definition": version.definition,
            "language": language,
            "coverage": language_coverage(version.definition),
            "own": version.instrument.municipality_id == request.user.municipality_id,
        },
    )


@require_permission(Permission.MANAGE_INSTRUMENTS)
@require_POST
def instrument_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = access_version(request.user, pk)
    if version.instrument.municipality_id != request.user.municipality_id:
        raise Http404  # the product's own instruments are published by the product
    if version.status != VersionStatus.PUBLISHED:
        instrument_version_publish(version=version)
        messages.success(
            request, _("Version %(v)s er udgivet til kommunen.") % {"v": version.version}
        )
    return redirect("instruments:preview", pk=version.pk)
