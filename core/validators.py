"""Validators for Chinese identifiers: unified social credit code and resident ID number."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

# GB 32100-2015: the code alphabet leaves out I, O, S, V and Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999: weights of the first 17 digits and the check character by remainder.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code whose first 17 are given."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def normalize_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            "统一社会信用代码应为18位，当前为%(n)s位。", code="length", params={"n": len(code)}
        )
    bad = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符“%(c)s”（不使用I、O、S、V、Z）。",
            code="alphabet",
            params={"c": bad[0]},
        )
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3–8位应为行政区划代码（数字）。", code="division")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对后重新输入。", code="checksum")


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_id_number(value: str) -> None:
    number = normalize_code(value)
    if len(number) != 18:
        raise ValidationError(
            "身份证号码应为18位，当前为%(n)s位。", code="length", params={"n": len(number)}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号码前17位应为数字，最后一位为数字或X。", code="format")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期无效。", code="birth_date") from None
    if birth.year < 1900 or birth > timezone.localdate():
        raise ValidationError("身份证号码中的出生日期无效。", code="birth_date")
    if id_number_check_char(number[:17]) != number[17]:
        raise ValidationError("身份证号码校验位错误，请核对后重新输入。", code="checksum")


def mask_id_number(value: str) -> str:
    """1101**********1234: the first four and last four characters stay visible."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
