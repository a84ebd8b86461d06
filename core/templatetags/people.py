"""``{% load people %}`` then ``{{ user|display_name }}``: pages show people's names,
never their login names (core.people)."""

from django import template

from core import people

register = template.Library()


@register.filter
def display_name(user) -> str:
    """Empty for no user (None, or a variable that does not resolve)."""
    return people.display_name(user) if user else ""
