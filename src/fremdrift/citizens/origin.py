"""Country of origin and Statistics Denmark's western / non-western grouping.

Statistics Denmark counts as western: the EU member states, the United Kingdom, Andorra,
Iceland, Liechtenstein, Monaco, Norway, San Marino, Switzerland, the Vatican City, Canada,
the USA, Australia and New Zealand. Every other country, and stateless persons, are
non-western. Objective M1 counts non-western citizens only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
OTHER_WESTERN = frozenset(
    ["GB", "AD", "IS", "LI", "MC", "NO", "SM", "CH", "VA", "CA", "US", "AU", "NZ"]
)
WESTERN_COUNTRIES = EU_MEMBERS | OTHER_WESTERN

# Codes from ISO 3166's user-assigned range for origins that are not a country; their
# names are given in settings.COUNTRIES_OVERRIDE.
STATELESS = "XS"
UNKNOWN = "XX"
# An anonymised citizen's origin: only the grouping the figures read is kept (objective M1
# counts non-western citizens), never the country. Not offered in any form.
ANONYMISED_NON_WESTERN = "XN"


class OriginGroup(models.TextChoices):
    WESTERN = "western", _("Vestligt land")
    NON_WESTERN = "non_western", _("Ikke-vestligt land")
    UNKNOWN = "unknown", _("Ukendt")


def origin_group(country_code: str) -> OriginGroup:
    if not country_code or country_code == UNKNOWN:
        return OriginGroup.UNKNOWN
    if country_code in WESTERN_COUNTRIES:
        return OriginGroup.WESTERN
    return OriginGroup.NON_WESTERN
