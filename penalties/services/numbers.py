"""The 文号 of a case's documents (卫生部令第87号 art. 4–5): the pattern's {category} is the
执法类别 of the case's domain (core.DocumentCode); other helpers' series pass it the same
way: ``number_take(series=..., year=..., category=number_category(case))``."""

from core.numbering import DocumentNumber, number_take


def number_category(case) -> str:
    """The code of the case's supervision domain ("" when its violation names none)."""
    violation = case.violation if case.violation_id else None
    domain = violation.domain if violation is not None and violation.domain_id else None
    return domain.code if domain is not None else ""


def case_number_take(*, case, series: str, year: int) -> DocumentNumber:
    """The next number of ``series`` for a document of ``case``."""
    return number_take(series=series, year=year, category=number_category(case))
