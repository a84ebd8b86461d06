"""Document number patterns (``DocumentSeries.pattern``): checked when saved, read back.

A pattern is text with two placeholders in str.format syntax: ``{year}`` and ``{number}``
with an optional integer format (``{number:04d}``). An administrator edits patterns in the
admin; a pattern that cannot make a number (no ``{number}``, a misspelt placeholder, a
format that is not an integer format) is refused there, on the field, before any document
is numbered with it.
"""

import functools
import re
import string

from django.core.exceptions import ValidationError

PLACEHOLDERS = ("year", "number")


def validate_number_pattern(pattern: str) -> None:
    """Refuse a pattern that would fail, or repeat numbers, when a document is numbered."""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(pattern or "")
            if name is not None
        ]
    except ValueError:
        raise ValidationError(
            "文号格式中的花括号不成对：占位符须写作 {year}、{number} 或 {number:04d}。",
            code="braces",
        ) from None
    names = [name for name, _, _ in fields]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            "文号格式中有无法识别的占位符 %(names)s：只能使用 {year}（年度）与 {number}（序号）。",
            code="placeholder",
            params={"names": "、".join("{" + n + "}" for n in unknown)},
        )
    for placeholder in PLACEHOLDERS:
        count = names.count(placeholder)
        if count != 1:
            raise ValidationError(
                "文号格式须含且只含一个 {%(name)s}（当前 %(count)s 个）。",
                code="missing" if count == 0 else "repeated",
                params={"name": placeholder, "count": count},
            )
    for name, spec, conversion in fields:
        if conversion or not re.fullmatch(r"(0?\d{1,2})?d?", spec or ""):
            raise ValidationError(
                "占位符 {%(name)s} 的格式“%(spec)s”无效：序号可写 {number} 或 {number:04d}（补足位数）。",
                code="format",
                params={
                    "name": name,
                    "spec": (("!" + conversion) if conversion else "") + (spec or ""),
                },
            )
    try:
        pattern.format(year=2026, number=1)
    except (ValueError, KeyError, IndexError):
        raise ValidationError("文号格式无法生成文号，请检查占位符。", code="invalid") from None


@functools.lru_cache(maxsize=64)
def pattern_regex(pattern: str) -> re.Pattern:
    """A regular expression matching numbers written in ``pattern``, with groups ``year``
    and ``number`` (leading zeros allowed: 第29号 and 第0029号 are the same number)."""
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "number":
            parts.append(r"(?P<number>\d{1,9})")
    return re.compile("".join(parts))
