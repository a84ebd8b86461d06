"""``{% load figures %}`` then ``{{ amount|money }}``: amounts as every page and report
writes them (core.formatting.money: 14,500.00), not as the locale happens to."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def money(value) -> str:
    return formatting.money(value)
