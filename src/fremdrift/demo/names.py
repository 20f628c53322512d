"""Names and e-mail addresses of the demo's staff and teams: plausible, Danish, distinct.

Names were once drawn at random with repeats, and the extra team leaders were all called
"<first name> Teamleder", so two managers in one municipality could both be "Hanne
Teamleder" and a list of leaders or owners could not tell them apart. Every staff member now
gets a first and last name pair no one else in the data set has.
"""

from __future__ import annotations

import random

TEAM_NAMES: tuple[str, ...] = (
    "Team Integration Nord",
    "Team Integration Syd",
    "Virksomhedsteamet",
    "Team Ung",
    "Team Familie",
    "Modtageteamet",
)

# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "Mette", "Anne", "Lars", "Jens", "Hanne", "Søren", "Susanne", "Peter", "Lone", "Michael",
    "Camilla", "Rasmus", "Louise", "Thomas", "Maria", "Henrik", "Pia", "Martin", "Sofie",
    "Morten", "Charlotte", "Jesper", "Tina", "Anders", "Line", "Jonas", "Birgitte", "Kasper",
    "Helle", "Christian", "Karin", "Mads", "Signe", "Niels", "Trine", "Ulrik", "Ditte", "Bo",
    "Malene", "Kim",
)

# Common Danish surnames; a few (e.g. Frederiksen, Rasmussen) are left out so that
# random pairs do not reproduce prominent Danish politicians.
LAST_NAMES: tuple[str, ...] = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
    "Mikkelsen", "Olesen", "Laursen", "Henriksen", "Lund", "Holm", "Kjær", "Bach", "Dahl",
    "Vestergaard", "Skov", "Brandt", "Lauridsen", "Winther",
)
# fmt: on

# .example is reserved for examples (RFC 2606): no demo address can reach a real person.
FACILITATOR_DOMAIN = "facilitator.example"
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})


class StaffNames:
    """Every first and last name pair once, in an order fixed by the seed."""

    def __init__(self, rng: random.Random) -> None:
        self._pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(self._pairs)

    def take(self) -> tuple[str, str]:
        if not self._pairs:
            raise RuntimeError("Demoens navne er brugt op: tilføj fornavne eller efternavne.")
        return self._pairs.pop()


def municipality_domain(slug: str) -> str:
    return f"{slug}.kommune.example"


def staff_email(first_name: str, last_name: str, domain: str) -> str:
    """mette.nielsen@odense.kommune.example: unique, as the name is."""
    local = f"{first_name}.{last_name}".lower().translate(_ASCII).replace(" ", "")
    return f"{local}@{domain}"
