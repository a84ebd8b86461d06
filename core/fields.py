from django.db import models

from core.validators import normalize_code, validate_credit_code, validate_id_number

# Amounts of money in yuan (fines, confiscated gains, payments): model fields, query
# expressions and API fields all take ``**MONEY``.
MONEY = {"max_digits": 12, "decimal_places": 2}


class NormalizedCodeField(models.CharField):
    """A code typed by people: spaces removed and letters upper-cased before validation."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_code(value) if value else value


class CreditCodeField(NormalizedCodeField):
    default_validators = [validate_credit_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("verbose_name", "统一社会信用代码")
        super().__init__(*args, **kwargs)


class IdNumberField(NormalizedCodeField):
    default_validators = [validate_id_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("verbose_name", "身份证号码")
        super().__init__(*args, **kwargs)
