"""A form renderer that writes the common widgets in Python.

Django renders every widget, and every ``<option>`` of a ``<select>``, through templates
(``django/forms/widgets/select.html`` including ``select_option.html`` and ``attrs.html``
per option): a list page's filter form with a category and a township ``<select>`` cost
8–10 ms of CPU that way. :class:`PythonWidgets` writes the same HTML, character for
character, for the text-like inputs and ``<select>``; any other widget goes through
Django's templates as before. List pages give it to their filter form (core.lists).
"""

from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "date", "number", "email", "search", "tel", "url", "hidden")
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def _text(value) -> str:
    """``{{ value }}`` in a template."""
    return conditional_escape(localize(value))


def _s(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template."""
    written = stringformat(value, "s")
    return written if isinstance(value, SafeData) else conditional_escape(written)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_s(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_s(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class PythonWidgets(DjangoTemplates):
    """Django's default form renderer, with inputs and selects written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUTS and "type" in widget:
                return _input(widget)
            if template_name == SELECT and "optgroups" in widget:
                written = _select(widget)
                if written is not None:
                    return written
        return super().render(template_name, context, request=request)


RENDERER = PythonWidgets()
