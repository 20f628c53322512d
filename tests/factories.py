"""Factories for test data. Citizens get valid, unique synthetic CPR numbers."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from fremdrift.accounts.models import Municipality, SizeGroup, Team, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.cpr import parse_cpr
from fremdrift.citizens.cpr_storage import cpr_digest, cpr_encrypt
from fremdrift.citizens.models import Category, Citizen

_serials = itertools.count(1)


def next_cpr(birth: dt.date = dt.date(1990, 1, 15), *, female: bool = False) -> str:
    """A fresh CPR number for `birth` (serials 0001.. give the 1900s for 19xx births)."""
    n = next(_serials)
    first = 0 if birth.year < 2000 else 4
    last = (2 * n) % 10 if female else (2 * n + 1) % 10
    serial = first * 1000 + (n % 100) * 10 + last
    return birth.strftime("%d%m%y") + f"{serial:04d}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{900 + n % 99:03d}")
    name = factory.LazyAttribute(lambda o: f"Testkommune {o.code}")
    size_group = SizeGroup.LARGE
    in_project = True


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Sequence(lambda n: f"Medarbejder{n}")
    last_name = "Jensen"
    role = Role.CASEWORKER
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.django.Password("korrekt-hest-batteri")


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        exclude = ("cpr",)

    cpr = factory.LazyFunction(next_cpr)
    municipality = factory.SubFactory(MunicipalityFactory)
    cpr_digest = factory.LazyAttribute(lambda o: cpr_digest(o.cpr))
    cpr_encrypted = factory.LazyAttribute(lambda o: cpr_encrypt(o.cpr))
    birth_date = factory.LazyAttribute(lambda o: parse_cpr(o.cpr).birth_date)
    gender = factory.LazyAttribute(lambda o: parse_cpr(o.cpr).gender)
    first_name = factory.Sequence(lambda n: f"Amal{n}")
    last_name = "Haddad"
    country_of_origin = "SY"
    category = Category.REFUGEE
    takeover_date = dt.date(2026, 3, 1)
    preferred_language = "ar"
    interpreter_needed = True
