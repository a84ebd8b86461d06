"""Document number patterns (``DocumentSeries.pattern``): checked when saved, read back.

A pattern is text with placeholders in str.format syntax: ``{year}`` and ``{number}``
(both required), with an optional integer format (``{number:04d}``), and optionally the
文号 parts of 卫生部令第87号 art. 4–5 (``地区简称 + 卫 + 执法类别 + 执法性质 + 〔年份〕 + 序号``):
``{office}`` (the office's 地区简称, e.g. 万) and ``{category}`` (the 执法类别 of the
document's domain, e.g. 医), both read from ``core.models.DocumentCode``. The 执法性质
(罚、告、听…) is written in the pattern itself, e.g. ``{office}卫{category}罚〔{year}〕{number:03d}号``.
An administrator edits patterns in the admin; a pattern that cannot make a number (no
``{number}``, a misspelt placeholder, a format that is not an integer format) is refused
there, on the field, before any document is numbered with it.
"""

import functools
import re
import string

from django.core.exceptions import ValidationError

REQUIRED = ("year", "number")
# Optional: at most once each, filled from DocumentCode ("" where no code is set).
CODES = ("office", "category")
PLACEHOLDERS = REQUIRED + CODES


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
            "文号格式中的花括号不成对：占位符须写作 {year}、{number}、{number:04d}、{office} 或 {category}。",
            code="braces",
        ) from None
    names = [name for name, _, _ in fields]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            "文号格式中有无法识别的占位符 %(names)s：只能使用 {year}（年度）、{number}（序号）、"
            "{office}（地区简称）与 {category}（执法类别）。",
            code="placeholder",
            params={"names": "、".join("{" + n + "}" for n in unknown)},
        )
    for placeholder in PLACEHOLDERS:
        count = names.count(placeholder)
        if count > 1 or (count == 0 and placeholder in REQUIRED):
            raise ValidationError(
                "文号格式须含且只含一个 {%(name)s}（当前 %(count)s 个）。",
                code="missing" if count == 0 else "repeated",
                params={"name": placeholder, "count": count},
            )
    for name, spec, conversion in fields:
        if name in CODES and (conversion or spec):
            raise ValidationError(
                "占位符 {%(name)s} 不能带格式，请写作 {%(name)s}。",
                code="format",
                params={"name": name},
            )
        if name in CODES:
            continue
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
        pattern.format(year=2026, number=1, office="万", category="医")
    except (ValueError, KeyError, IndexError):
        raise ValidationError("文号格式无法生成文号，请检查占位符。", code="invalid") from None


@functools.lru_cache(maxsize=64)
def pattern_regex(pattern: str) -> re.Pattern:
    """A regular expression matching numbers written in ``pattern``, with groups ``year``
    and ``number`` (leading zeros allowed: 第29号 and 第0029号 are the same number); an
    ``{office}`` or ``{category}`` matches any code (none included)."""
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "number":
            parts.append(r"(?P<number>\d{1,9})")
        elif name in CODES:
            parts.append(rf"(?P<{name}>\D*?)")
    return re.compile("".join(parts))
