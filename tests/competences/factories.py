"""Competences and assessments for tests, written as the services write them."""

from __future__ import annotations

import datetime as dt

from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import AssessorRole, Kind


def competence(
    citizen,
    title: str = "Lager og truck",
    *,
    kind: str = Kind.PROFESSIONAL,
    level: int | None = 3,
    role: str = AssessorRole.CONSULTANT,
    name: str = "Sofie Konsulent",
    on: dt.date = dt.date(2026, 5, 1),
    **fields,
) -> Competence:
    row = Competence.objects.create(
        municipality=citizen.municipality,
        citizen=citizen,
        kind=kind,
        title=title,
        level=level,
        assessed_on=on,
        **fields,
    )
    Assessment.objects.create(
        municipality=citizen.municipality,
        competence=row,
        level=level,
        assessor_role=role,
        assessor_name=name,
        assessed_on=on,
        source="Kompetencekortet",
    )
    return row
