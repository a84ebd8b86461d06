"""``{% load figures %}`` then ``{{ amount|money }}``: amounts as every page and report
writes them (core.formatting.money: 14,500.00), not as the locale happens to."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def clause(value) -> str:
    """Typed text inside a printed sentence, without its own closing punctuation."""
    return formatting.clause(value)


@register.filter
def sentence(value) -> str:
    """Typed text as a printed sentence ending in one 。."""
    return formatting.sentence(value)
