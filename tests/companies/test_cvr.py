import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.companies.cvr import normalise_cvr
from fremdrift.demo.companies import random_cvr

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345674", "12345674"),
        ("1234 5674", "12345674"),
        (" 12-34-56-82 ", "12345682"),
        ("29000018", "29000018"),
    ],
)
def test_good_numbers_are_normalised(raw, expected):
    assert normalise_cvr(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "8 cifre"),
        ("1234567", "8 cifre"),
        ("123456789", "8 cifre"),
        ("1234567a", "8 cifre"),
        ("02345678", "starter ikke med 0"),
        ("12345675", "kontrolcifferet passer ikke"),  # the check digit is wrong
        ("12345673", "kontrolcifferet passer ikke"),
        ("21345674", "kontrolcifferet passer ikke"),  # two digits swapped
    ],
)
def test_bad_numbers_say_what_is_wrong_in_danish(raw, message):
    with pytest.raises(ValidationError) as error:
        normalise_cvr(raw)
    assert message in error.value.messages[0]


@given(st.integers(min_value=0, max_value=99_999_999))
def test_any_eight_digits_pass_exactly_when_the_weighted_sum_divides_by_11(number):
    digits = f"{number:08d}"
    weighted = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True))
    valid = digits[0] != "0" and weighted % 11 == 0
    try:
        normalise_cvr(digits)
    except ValidationError:
        assert not valid
    else:
        assert valid


@given(st.integers(min_value=0, max_value=2**32))
def test_demo_numbers_are_always_valid(seed):
    cvr = random_cvr(random.Random(seed))
    assert normalise_cvr(cvr) == cvr
