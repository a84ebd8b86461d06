"""{% submission_key %}: a new one-time key for the form being rendered (core.submissions)."""

from django import template

from core.submissions import new_key

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return new_key()
