"""One CPR number, one person, whatever script its digits are written in; no text that turns
its own direction round.

Found by an attack: "١٦١٢٩٢-١١٢٤" (Arabic-Indic digits) was accepted by the create form and
by the import as a new number, so a Holbæk citizen got a second record in Odense, and a
search for the ordinary number found neither.
"""

from __future__ import annotations

import pytest

from fremdrift.caseimport.formats import masked_cpr
from fremdrift.citizens.cpr import looks_like_cpr, parse_cpr, plain_digits
from fremdrift.citizens.cpr_storage import cpr_decrypt, cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import CprTaken, citizen_create
from fremdrift.core.texts import direction_control_error
from tests.caseimport.test_importer import citizen_row, rejected
from tests.citizens.test_services import data
from tests.citizens.test_views import LIST, NEW, form_data, names_in
from tests.conftest import login

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")  # Persian, Urdu
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def written(cpr: str, table: dict[int, str]) -> str:
    return f"{cpr[:6]}-{cpr[6:]}".translate(table)


@pytest.mark.parametrize("table", [ARABIC_INDIC, EXTENDED_ARABIC_INDIC, FULL_WIDTH, DEVANAGARI])
def test_digits_of_any_script_are_the_same_number(table):
    raw = written("1612921124", table)
    assert not raw.isascii()
    assert parse_cpr(raw).digits == "1612921124"
    assert looks_like_cpr(raw)
    assert masked_cpr(raw) == "161292-XXXX"


def test_a_pasted_en_dash_is_a_dash_and_lookalikes_are_refused():
    assert parse_cpr("161292\u20131124").digits == "1612921124"
    assert plain_digits(" ١٦١٢٩٢ ١١٢٤ ") == "1612921124"
    for lookalike in ("16129²-1124", "16129①-1124", "161292-112\u200b4", "161292-1124\u202e"):
        assert not looks_like_cpr(lookalike), lookalike


def test_another_municipalitys_citizen_cannot_be_created_again_in_arabic_digits(
    odense_caseworker, holbaek_citizen
):
    cpr = cpr_decrypt(holbaek_citizen.cpr_encrypted)
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=odense_caseworker, cpr=written(cpr, ARABIC_INDIC), data=data())
    assert taken.value.existing is None  # and nothing about where
    assert list(Citizen.objects.values_list("pk", flat=True)) == [holbaek_citizen.pk]


def test_a_citizen_created_in_full_width_digits_is_found_by_the_ordinary_number(
    odense_caseworker,
):
    client = login(odense_caseworker)
    response = client.post(NEW, form_data(cpr=written("0101901234", FULL_WIDTH)))
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    assert cpr_decrypt(citizen.cpr_encrypted) == "0101901234"
    assert citizen.cpr_digest == cpr_digest("0101901234")
    assert names_in(client.get(LIST, {"q": "010190-1234"})) == {"Gebremedhin, Semhar"}
    assert names_in(client.get(LIST, {"q": written("0101901234", ARABIC_INDIC)})) == {
        "Gebremedhin, Semhar"
    }


def test_the_import_takes_arabic_digits_as_the_number_they_are(odense_admin, holbaek_citizen):
    cpr = cpr_decrypt(holbaek_citizen.cpr_encrypted)
    errors = rejected(odense_admin, [citizen_row("B1", written(cpr, ARABIC_INDIC))])
    assert len(errors) == 1
    assert errors[0].startswith("borgere.csv, række 2, kolonne 'cpr': ")
    assert "findes allerede" in errors[0]
    assert Citizen.objects.count() == 1


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_a_name_with_a_direction_override_is_refused_on_its_field(odense_caseworker, control):
    response = login(odense_caseworker).post(
        NEW, form_data(cpr="010190-1234", first_name=f"Ali{control}rpc")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_first_name_error"' in body
    assert f"U+{ord(control):04X}" in body
    assert not Citizen.objects.exists()


def test_arabic_names_and_their_ordinary_marks_are_welcome(odense_caseworker):
    name = "\u0631\u0627\u0645\u0627\u200f"  # "Rama" in Arabic with a right-to-left mark
    assert direction_control_error(name) is None
    response = login(odense_caseworker).post(NEW, form_data(cpr="010190-1234", first_name=name))
    assert response.status_code == 302
    assert Citizen.objects.get().first_name == name


def test_the_import_refuses_a_direction_override_with_row_and_column(odense_admin):
    errors = rejected(
        odense_admin, [citizen_row("B1"), citizen_row("B2", efternavn="Haddad\u202eevlis")]
    )
    assert len(errors) == 1
    assert errors[0].startswith("borgere.csv, række 3, kolonne 'efternavn': ")
    assert "U+202E" in errors[0]
    assert not Citizen.objects.exists()
