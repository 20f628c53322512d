import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.citizens.cpr import looks_like_cpr, mask, parse_cpr


@pytest.mark.parametrize(
    ("raw", "birth", "gender"),
    [
        ("010190-1233", dt.date(1990, 1, 1), "M"),
        ("0101901234", dt.date(1990, 1, 1), "F"),
        (" 311299 0011 ", dt.date(1999, 12, 31), "M"),
        ("150510-4002", dt.date(2010, 5, 15), "F"),  # 7th digit 4, year <= 36: 2000s
        ("150560-4002", dt.date(1960, 5, 15), "F"),  # 7th digit 4, year > 36: 1900s
        ("010101-5001", dt.date(2001, 1, 1), "M"),  # 5-8 and year <= 57: 2000s
        ("010160-5001", dt.date(1860, 1, 1), "M"),  # 5-8 and year > 57: 1800s
        ("290200-9001", dt.date(2000, 2, 29), "M"),  # 9 and year <= 36: 2000s (leap)
    ],
)
def test_parse_derives_birth_date_and_gender(raw, birth, gender):
    cpr = parse_cpr(raw)
    assert cpr.birth_date == birth
    assert cpr.gender == gender
    assert len(cpr.digits) == 10 and cpr.digits.isdigit()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12345", "10 cifre"),
        ("01019O-1234", "10 cifre"),
        ("320190-1234", "gyldig dato"),
        ("290201-1234", "gyldig dato"),  # 2001 is not a leap year ... but 7th digit 1: 1901
        ("310490-1234", "gyldig dato"),
        ("010130-4001", "fremtiden"),  # 2030
    ],
)
def test_invalid_cpr_gives_a_danish_reason(raw, message):
    with pytest.raises(ValidationError) as error:
        parse_cpr(raw)
    assert message in error.value.messages[0]


def test_mask_hides_the_serial():
    assert mask(dt.date(1990, 1, 1)) == "010190-XXXX"
    assert parse_cpr("010190-1233").masked == "010190-XXXX"


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)), st.integers(0, 3999)
)
def test_every_twentieth_century_date_round_trips(birth, serial):
    raw = birth.strftime("%d%m%y") + f"{serial:04d}"
    cpr = parse_cpr(raw)
    assert cpr.birth_date == birth
    assert cpr.formatted == f"{raw[:6]}-{raw[6:]}"
    assert cpr.gender == ("M" if serial % 2 else "F")
    assert looks_like_cpr(cpr.formatted)
