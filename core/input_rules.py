"""One rule for the whole project on what a record may hold, wherever it comes from.

- **Dates** of records lie in a plausible window: from ``RECORD_DATE_MIN`` (1949-01-01)
  to ``RECORD_DATE_YEARS_AHEAD`` (10) years after today. A unit opened in year 1, a
  receipt series started in year 1 (许受〔1〕0001号), an opinion deadline or a case
  extension to 9999-12-31 are typing mistakes, and some of them (year 1, year 9999)
  overflow date arithmetic later.
- **Text** holds no C0 control characters (other than tab, line feed and carriage
  return): they are invisible, and they break the .xlsx exports for everyone.
- **Free text** (a ``TextField`` with no length of its own) is at most
  ``TEXT_MAX_CHARS`` characters (20,000: some ten printed pages).

Where the rules hold (``install()``, called once from core.apps):

- every form field and every API field of these kinds (Django's ``forms.DateField``,
  ``DateTimeField``, ``CharField`` and DRF's, their subclasses included) carries the
  validators as defaults, so bad input gets a message on its field in pages, filters and
  the API;
- every model field of the project's apps carries them too (model forms, serializers
  built from models, ``full_clean()``, the imports' cell checks), and a ``pre_save``
  check refuses a record breaking them whatever saves it (a service, the admin, a
  command): the model is the last word.

Bulk inserts skip ``pre_save``; the imports that use them check every row's fields with
the model's validators first (core.imports).
"""

import datetime
import re

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone
from rest_framework import serializers

PROJECT_APPS = ("core", "premises", "inspections", "licensing", "penalties", "reports")
# Records the system writes about requests, not records people enter: they keep what came.
EXEMPT_MODELS = ("core.IdempotencyKey", "core.Job", "core.PersonalDataAccess")
# The largest id a database row can have (PostgreSQL bigint, SQLite INTEGER): a larger
# number in a list of ids is refused as input instead of overflowing the driver.
MAX_ID = 2**63 - 1

# Control characters, and the invisible ones that change what a text says without being
# seen: zero-width spaces and joiners, direction marks and overrides, the BOM. A party's
# name with U+200B looks like another party's and is not found by a search.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)


def date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day a record's date may fall on."""
    today = today or timezone.localdate()
    first = datetime.date.fromisoformat(settings.RECORD_DATE_MIN)
    years = settings.RECORD_DATE_YEARS_AHEAD
    try:
        last = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + years, day=28)
    return first, last


def date_out_of_window(value) -> str | None:
    """The refusal for a date or datetime outside the window, else None."""
    if not isinstance(value, datetime.date):
        return None
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = date_window()
    if first <= day <= last:
        return None
    return (
        f"日期“{day.isoformat()}”不在合理范围内：应在 {first:%Y-%m-%d} 至 {last:%Y-%m-%d} 之间，"
        "请检查年份。"
    )


def validate_record_date(value) -> None:
    message = date_out_of_window(value)
    if message:
        raise ValidationError(message, code="date_window")


def validate_no_control_characters(value) -> None:
    if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
        raise ValidationError(
            "含有不可见的控制字符（%(code)s），请删除后重新输入（可能是从其他软件复制时带入的）。",
            code="control_character",
            params={"code": f"U+{ord(found.group()):04X}"},
        )


def validate_text_length(value) -> None:
    limit = settings.TEXT_MAX_CHARS
    # A line break typed is one character; browsers send it as two (CR LF).
    count = len(value) - value.count("\r\n") if isinstance(value, str) else 0
    if count > limit:
        raise ValidationError(
            "内容过长：最多 %(limit)s 个字（当前 %(count)s 个）。较长的材料请作为附件上传。",
            code="text_too_long",
            params={"limit": f"{limit:,}", "count": f"{count:,}"},
        )


# ---------------------------------------------------------------- installing the rules

TEXT_RULES = (validate_no_control_characters, validate_text_length)
DATE_RULES = (validate_record_date,)


def _add_defaults(field_class, rules):
    present = list(field_class.default_validators)  # its own, or inherited
    field_class.default_validators = [*present, *(r for r in rules if r not in present)]


def install_form_and_api_fields():
    """Every form and API field of these kinds gets the rules as default validators."""
    for field_class in (forms.DateField, forms.DateTimeField, serializers.DateField,
                        serializers.DateTimeField):  # fmt: skip
        _add_defaults(field_class, DATE_RULES)
    for text_class in (forms.CharField, serializers.CharField):
        _add_defaults(text_class, TEXT_RULES)
    # DRF moves a parsed datetime into the current time zone before any validator runs,
    # and year 1 or 9999 overflows there (a 500): check the window first.
    if not getattr(serializers.DateTimeField.enforce_timezone, "checks_window", False):
        enforce_timezone = serializers.DateTimeField.enforce_timezone

        def checked(self, value):
            refusal = date_out_of_window(value)
            if refusal:
                raise serializers.ValidationError(refusal, code="date_window")
            return enforce_timezone(self, value)

        checked.checks_window = True  # type: ignore[attr-defined]
        serializers.DateTimeField.enforce_timezone = checked  # type: ignore[method-assign]


def _model_rules(field):
    if isinstance(field, models.DateField):  # DateTimeField included
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return ()
        return DATE_RULES
    if isinstance(field, models.TextField):
        return TEXT_RULES if field.max_length is None else TEXT_RULES[:1]
    if isinstance(field, models.CharField):
        return TEXT_RULES[:1]  # its max_length is checked by Django
    return ()


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def project_models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if not _is_history(model) and model._meta.label not in EXEMPT_MODELS:
                yield model


def install_model_fields():
    """The project's model fields carry the rules (model forms, serializers built from
    models, full_clean, the imports' cell checks), and a record breaking them is never
    saved (``pre_save``)."""
    for model in project_models():
        checked = []
        for field in model._meta.concrete_fields:
            rules = _model_rules(field)
            if not rules:
                continue
            validators = field.validators  # cached list: what forms and DRF read
            validators.extend(r for r in rules if r not in validators)
            checked.append((field, rules))
        if checked:
            model._record_rules = checked
            pre_save.connect(
                refuse_implausible, sender=model, dispatch_uid=f"input_rules.{model._meta.label}"
            )


def refuse_implausible(sender, instance, raw=False, **kwargs):
    """pre_save: the rules checked on the record itself, whoever saves it."""
    if raw:
        return  # loaddata of a fixture as it was dumped
    errors: dict[str, list] = {}
    for field, rules in sender._record_rules:
        value = getattr(instance, field.attname)
        if value is None or value == "":
            continue
        for rule in rules:
            try:
                rule(value)
            except ValidationError as exc:
                errors.setdefault(field.name, []).extend(exc.messages)
                break
    if errors:
        raise ValidationError(errors)


def install():
    install_form_and_api_fields()
    install_model_fields()
