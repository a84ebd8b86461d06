import pytest
from django.core.exceptions import ValidationError

from core.validators import mask_id_number, validate_credit_code, validate_id_number

# Published codes: the example of GB 32100-2015 itself and codes of well-known companies.
REAL_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L", "91110108551385082Q"]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)


def test_credit_code_is_normalised_before_checking():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "校验位"),  # last character changed
        ("91350100M000100Y4", "18位"),
        ("91350100M000100I43", "不允许的字符"),  # I is not in the alphabet
        ("913501O0M000100Y43", "不允许的字符"),
        ("9135A100M000100Y43", "行政区划"),
    ],
)
def test_wrong_credit_codes_are_rejected_with_reason(code, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert fragment in exc.value.messages[0]


# The example of GB 11643-1999 (ending in X), typed in upper and lower case.
@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x"])
def test_valid_id_numbers_pass(number):
    validate_id_number(number)


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491231002", "18位"),
        ("11010519491331002X", "出生日期"),  # month 13
        ("1101051949123100AX", "数字"),
    ],
)
def test_wrong_id_numbers_are_rejected_with_reason(number, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert fragment in exc.value.messages[0]


def test_mask_keeps_first_and_last_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
