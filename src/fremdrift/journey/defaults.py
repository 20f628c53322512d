"""The default benefit and offer types, loaded by a data migration and editable as data."""

from __future__ import annotations

# (code, name, counts as integration benefit)
BENEFIT_TYPES: list[tuple[str, str, bool]] = [
    ("integrationsydelse", "Integrationsydelse", True),
    ("selvforsoergelsesydelse", "Selvforsørgelses- og hjemrejseydelse", True),
    ("overgangsydelse", "Overgangsydelse", True),
    ("kontanthjaelp", "Kontanthjælp", False),
    ("uddannelseshjaelp", "Uddannelseshjælp", False),
    ("ingen", "Ingen ydelse", False),
]

# (code, name, category, company-oriented, takes place at a company, has a module)
OFFER_TYPES: list[tuple[str, str, str, bool, bool, bool]] = [
    ("introforloeb", "Introduktionsforløb", "guidance", False, False, False),
    ("du1", "Danskuddannelse 1", "danish", False, False, True),
    ("du2", "Danskuddannelse 2", "danish", False, False, True),
    ("du3", "Danskuddannelse 3", "danish", False, False, True),
    ("forberedende", "Forberedende forløb", "guidance", False, False, False),
    ("afklaringspraktik", "Afklaringspraktik", "placement", True, True, False),
    ("sprogpraktik", "Sprogpraktik", "placement", True, True, False),
    ("branchepraktik", "Branchepraktik", "placement", True, True, False),
    ("opkvalificeringspraktik", "Opkvalificeringspraktik", "placement", True, True, False),
    ("rekrutteringspraktik", "Rekrutteringspraktik", "placement", True, True, False),
    ("virksomhedspraktik", "Virksomhedspraktik", "placement", True, True, False),
    ("nytteindsats", "Nytteindsats", "placement", True, True, False),
    ("loentilskud_privat", "Løntilskud, privat", "wage_subsidy", True, True, False),
    ("loentilskud_offentlig", "Løntilskud, offentlig", "wage_subsidy", True, True, False),
    ("igu", "IGU (integrationsgrunduddannelse)", "igu", True, True, False),
    ("mentor", "Mentor", "support", False, False, False),
    ("kursus", "Kursus", "guidance", False, False, False),
    ("helbredsvurdering", "Helbredsvurdering", "health", False, False, False),
]


# The longest an offer of a type may last, in weeks (None: no limit). A starting point that
# follows the usual rules (placements 13 weeks, wage subsidy six months, IGU two years);
# each is a setting on the offer type.
MAX_WEEKS: dict[str, int] = {
    "afklaringspraktik": 13,
    "sprogpraktik": 13,
    "branchepraktik": 13,
    "opkvalificeringspraktik": 13,
    "rekrutteringspraktik": 13,
    "virksomhedspraktik": 13,
    "nytteindsats": 13,
    "loentilskud_privat": 26,
    "loentilskud_offentlig": 26,
    "igu": 104,
    "kursus": 6,
}


def load_default_max_weeks(offer_model: type) -> None:
    """Give the default types their maximum length where none is set (idempotent)."""
    for code, weeks in MAX_WEEKS.items():
        offer_model.objects.filter(code=code, max_weeks__isnull=True).update(max_weeks=weeks)


def load_default_types(benefit_model: type, offer_model: type) -> None:
    """Create or refresh the default types (idempotent; the migration and the demo use it)."""
    for order, (code, name, integration) in enumerate(BENEFIT_TYPES):
        benefit_model.objects.update_or_create(
            code=code, defaults={"name": name, "integration_benefit": integration, "order": order}
        )
    for order, (code, name, category, oriented, at_company, module) in enumerate(OFFER_TYPES):
        offer_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "company_oriented": oriented,
                "needs_company": at_company,
                "has_module": module,
                "order": order,
            },
        )
