"""Synthetic companies and referrals for the demo data set. Every name here is invented.

Called by the demo generator with its seeded `random.Random`, so the same seed gives the
same companies. CVR numbers pass the modulus-11 check, since the forms insist on it; they
are drawn at random and belong to no company we know of.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from django.utils import timezone

from fremdrift.accounts.models import Municipality, User
from fremdrift.citizens.models import Citizen
from fremdrift.companies.cvr import normalise_cvr
from fremdrift.companies.models import (
    Company,
    ContactPerson,
    Referral,
    ReferralReason,
    ReferralStatus,
)

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)

# Industry -> name patterns; {place} is a regional word, {town} the municipality's name and
# {name} a Danish surname.
# fmt: off
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "Lager og logistik": (
        "{place} Lager & Logistik ApS", "{name}s Transport A/S", "{town} Distributionscenter",
        "Nordisk Pakkeri ApS",
    ),
    "Rengøring": ("{place} Rengøring ApS", "Skinnende Rent ApS", "{name}s Rengøringsservice"),
    "Kantine og restaurant": (
        "Kantinen ved Havnen", "{town} Storkøkken ApS", "Café Kornmod", "Restaurant Bølgen",
    ),
    "Ældrepleje": ("Plejecenter Solsikken", "Plejecenter Egebakken", "Bostedet Lindely"),
    "Grønne områder": ("Grøn Have Service", "{name}s Anlægsgartneri", "{town} Park & Vej"),
    "Byggeri og håndværk": (
        "{name} Byg A/S", "{place} Tømrer & Snedker ApS", "{name}s Murerforretning",
    ),
    "Detailhandel": ("Købmand {name}", "{town} Byggemarked", "Genbrugsbutikken Fønix"),
    "Industri og produktion": ("{place} Plast A/S", "{name} Metal ApS", "{place} Emballage A/S"),
    "Landbrug og gartneri": ("{name}s Gartneri", "Bakkegården Økologi", "{town} Planteskole"),
    "Hotel": ("Hotel {town}", "Kro & Hotel Stranden"),
    "Børnepasning": ("Børnehuset Mælkebøtten", "Vuggestuen Spirekassen"),
}
PLACES = (
    "Fynsk", "Sjællandsk", "Nordisk", "Midtjysk", "Vestdansk", "Østdansk", "Kystens",
    "Fjordens", "Dansk",
)
STREETS = (
    "Industrivej", "Havnegade", "Stationsvej", "Bakkevej", "Skovvej", "Lindevej", "Kirkevej",
    "Hovedgaden", "Engvej", "Fabriksvej", "Møllevej", "Strandvejen", "Vestergade",
    "Østergade", "Nørregade", "Søndergade", "Erhvervsvej", "Teglværksvej",
)
CONTACT_FIRST = (
    "Jette", "Bo", "Kirsten", "Niels", "Lene", "Ole", "Karina", "Torben", "Dorte", "Brian",
    "Heidi", "Allan", "Mona", "Steen", "Rikke", "Jan",
)
CONTACT_TITLES = ("Mentor", "Daglig leder", "Værkfører", "HR-konsulent", "Afdelingsleder")
CONTACT_LAST = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Poulsen", "Knudsen", "Mikkelsen", "Frederiksen", "Vestergaard", "Skov",
)
DETAILS = (
    "Faglig baggrund: {trade} i hjemlandet, {years} års erfaring.\n"
    "Danskniveau: {danish}.\nTimer til rådighed: {hours} om ugen.\nTransport: {transport}.\n"
    "Helbredsmæssige hensyn: {health}.\nØnsker: arbejde inden for {wish}."
)
TRADES = ("lagerarbejder", "kok", "frisør", "landmand", "sygeplejerske", "chauffør",
          "syerske", "tømrer", "butiksassistent", "mekaniker", "lærer")
DANISH = ("modul 1 på danskuddannelse 2", "modul 3, taler enkel dansk", "modul 5, god dansk",
          "begynder, har brug for tolk")
TRANSPORT = ("cykel", "offentlig transport", "kørekort og egen bil", "kørekort, ingen bil")
HEALTH = ("ingen", "kan ikke løfte tungt", "ondt i ryggen, kan ikke stå hele dagen",
          "må ikke arbejde om natten")
# fmt: on

RETURN_NOTES = (
    "Borgeren skal først have afklaret sin ryg hos egen læge. Henvis igen bagefter.",
    "Vi mangler oplysninger om danskniveau og timer til rådighed.",
    "Borgeren er i forvejen i praktik gennem en anden konsulent.",
)


def random_cvr(rng: random.Random) -> str:
    """Eight digits passing the modulus-11 check, first digit not 0."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = -sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
        if check < 10:  # a remainder of 10 has no digit: draw again
            return normalise_cvr("".join(map(str, digits)) + str(check))


def build_demo_companies(
    *, rng: random.Random, municipality: Municipality, count: int
) -> list[Company]:
    """`count` companies in `municipality`, unique by CVR and name, saved in one batch."""
    cvrs: set[str] = set()
    names: set[str] = set()
    companies = []
    contacts: list[ContactPerson] = []
    industries = list(INDUSTRIES)
    while len(companies) < count:
        industry = rng.choice(industries)
        name = rng.choice(INDUSTRIES[industry]).format(
            place=rng.choice(PLACES), town=municipality.name, name=rng.choice(CONTACT_LAST)
        )
        base, branch = name, 1
        while name in names:
            # Past the distinct names, number the branches, as chains do.
            branch += 1
            name = f"{base} afd. {branch}"
        cvr = random_cvr(rng)
        if cvr in cvrs:
            continue
        names.add(name)
        cvrs.add(cvr)
        first, last = rng.choice(CONTACT_FIRST), rng.choice(CONTACT_LAST)
        domain = "".join(ch for ch in name.lower() if ch.isalnum())[:20] or "firma"
        companies.append(
            Company(
                municipality=municipality,
                cvr=cvr,
                name=name,
                industry=industry,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {municipality.name}",
            )
        )
        contacts.append(
            ContactPerson(
                municipality=municipality,
                name=f"{first} {last}",
                title=rng.choice(CONTACT_TITLES),
                phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{first.lower()}@{domain}.example",
            )
        )
    created = Company.objects.bulk_create(companies)
    for company, contact in zip(created, contacts, strict=True):
        contact.company = company
    ContactPerson.objects.bulk_create(contacts)
    return created


def _by_id(mapping: Mapping[object, Sequence[User]]) -> dict[int, Sequence[User]]:
    # Accept municipalities or their ids as keys: the generator has both at hand.
    return {getattr(key, "pk", key): users for key, users in mapping.items()}


def build_demo_referrals(
    *,
    rng: random.Random,
    citizens: Sequence[Citizen],
    consultants_by_municipality: Mapping[object, Sequence[User]],
    caseworkers_by_municipality: Mapping[object, Sequence[User]],
    today: dt.date,
    share: float = 0.08,
) -> int:
    """Referrals for about `share` of `citizens`: some open, most answered.

    A citizen who already has a consultant was referred and accepted by that consultant; one
    without is either waiting for an answer or was sent back, so the data agrees with itself.
    """
    consultants = _by_id(consultants_by_municipality)
    caseworkers = _by_id(caseworkers_by_municipality)
    tz = timezone.get_current_timezone()
    referrals = []
    for citizen in citizens:
        senders = caseworkers.get(citizen.municipality_id)
        receivers = consultants.get(citizen.municipality_id)
        if not senders or not receivers or rng.random() >= share:
            continue
        sender = next((u for u in senders if u.pk == citizen.caseworker_id), rng.choice(senders))
        age_days = rng.randint(1, 90)
        if citizen.consultant_id is not None:
            status = ReferralStatus.ACCEPTED
            consultant_id = citizen.consultant_id
        else:
            status = ReferralStatus.SENT if rng.random() < 0.7 else ReferralStatus.RETURNED
            consultant_id = rng.choice(receivers).pk
            if status == ReferralStatus.SENT:
                age_days = rng.randint(0, 14)  # open ones are recent
        sent = dt.datetime.combine(
            today - dt.timedelta(days=age_days), dt.time(rng.randint(8, 15), rng.randint(0, 59))
        ).replace(tzinfo=tz)
        answered = status != ReferralStatus.SENT
        referrals.append(
            Referral(
                municipality_id=citizen.municipality_id,
                citizen_id=citizen.pk,
                referred_by_id=sender.pk,
                consultant_id=consultant_id,
                reason=rng.choices(ReferralReason.values, weights=(5, 3, 2, 2, 2, 1))[0],
                details=_details(rng),
                status=status,
                response_note=rng.choice(RETURN_NOTES) if status == ReferralStatus.RETURNED else "",
                responded_by_id=consultant_id if answered else None,
                responded_at=(
                    sent + dt.timedelta(days=rng.randint(0, min(5, age_days - 1)))
                    if answered
                    else None
                ),
                created_at=sent,
            )
        )
    return len(Referral.objects.bulk_create(referrals, batch_size=2000))


def _details(rng: random.Random) -> str:
    return DETAILS.format(
        trade=rng.choice(TRADES),
        years=rng.randint(1, 15),
        danish=rng.choice(DANISH),
        hours=rng.choice((15, 20, 25, 30, 37)),
        transport=rng.choice(TRANSPORT),
        health=rng.choice(HEALTH),
        wish=rng.choice(list(INDUSTRIES)).lower(),
    )
