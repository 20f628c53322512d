"""What is left of the texts about erased citizens: every free-text field of every model
with an erasure rule, on the rows about them. Codes and choices are not free text."""

from __future__ import annotations

from django.apps import apps
from django.db import models

# Fields that hold codes the product sets, never what a person typed.
CODES = {
    "code",
    "module",
    "respondent",
    "item",
    "situation",
    "next_code",
    "cpr_digest",
    "language",
    "country_of_origin",
    "key",  # competences.Competence: one of the follow-up's fixed keys
    "token_hash",  # a follow-up link's SHA-256, no text
}
# How each model reaches its citizen; models without a path are not about one citizen
# (their rule says why: the company's contact, the append-only log, queued files).
PATHS = {
    "citizens.Citizen": "pk",
    "journey.ProgrammeExtension": "period__citizen_id",
    "plans.SubGoal": "plan__citizen_id",
    "plans.FollowUpNote": "sub_goal__plan__citizen_id",
    "instruments.Answer": "response__citizen_id",
    "companies.Placement": "period__citizen_id",
    "companies.WorkAgreement": "placement__period__citizen_id",
    "companies.FollowUp": "placement__period__citizen_id",
    "companies.FollowUpLink": "placement__period__citizen_id",
    "companies.AgreementFollowUp": "agreement__placement__period__citizen_id",
    "companies.AgreementSignature": "agreement__placement__period__citizen_id",
    "competences.Assessment": "competence__citizen_id",
}
NOT_ABOUT_ONE = {
    "companies.Company",
    "companies.ContactPerson",
    "companies.CompanyCapacity",
    "audit.AuditEntry",
    "caseimport.QueuedImport",
}


def _path(model: type[models.Model]) -> str | None:
    label = model._meta.label
    if label in PATHS:
        return PATHS[label]
    names = {f.name for f in model._meta.get_fields()}
    return "citizen_id" if "citizen" in names else None


def _free_text(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.choices
        and f.name not in CODES
    ]


def text_left(citizen_ids: list[int]) -> list[str]:
    """'model.field #pk' for every non-empty free text left on the citizens' rows."""
    from fremdrift.retention.erasure_services import RULES

    left = []
    for label in RULES:
        if label in NOT_ABOUT_ONE:
            continue
        model = apps.get_model(label)
        path = _path(model)
        assert path is not None, f"{label}: no way to its citizen; add it to PATHS"
        fields = _free_text(model)
        if not fields:
            continue
        for row in model._default_manager.filter(**{f"{path}__in": citizen_ids}).values(
            "pk", *fields
        ):
            left += [f"{label}.{name} #{row['pk']}" for name in fields if row[name]]
    return left
