"""core.renderers: every list page's filter form is the same HTML written in Python as
through Django's widget templates, empty and filled in (selected options, values)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.safestring import mark_safe

from core.lists import ObjectListView
from core.renderers import RENDERER
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory

FORM = re.compile(r'<details class="card filters".*?</details>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def list_urls(patterns=None, prefix=""):
    """(path, view class) of every list page whose URL takes no argument."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from list_urls(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            route = prefix + str(entry.pattern)
            if view and issubclass(view, ObjectListView) and "<" not in route:
                yield "/" + route.lstrip("^").rstrip("$"), view


def filled_in(form) -> dict:
    """A value for every field: a choice, a date, text to be escaped."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            if first is not None:
                data[name] = str(first.pk)
        elif isinstance(field, forms.ChoiceField):
            values = [str(v) for v, _ in field.choices if v not in ("", None)]
            if values:
                data[name] = values[-1]
        elif isinstance(field, forms.DateField):
            data[name] = "2024-02-30"  # invalid: the value shown back as typed
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            data[name] = "12"
        else:
            data[name] = '"<甲&乙>"'
    return data


@pytest.mark.django_db
def test_filter_forms_are_the_same_html_as_through_the_templates(client, monkeypatch):
    TownshipFactory(name='康"乐<镇>')
    EstablishmentFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    pages = sorted(set(list_urls()))
    assert len(pages) >= 15
    compared = 0
    for path, _view in pages:
        first = client.get(path)
        if first.status_code != 200:
            continue
        for query in ({}, filled_in(first.context["filterset"].form)):
            written = []
            for renderer in (RENDERER, DjangoTemplates()):
                monkeypatch.setattr(ObjectListView, "filter_renderer", renderer)
                response = client.get(path, query)
                assert response.status_code == 200, (path, query)
                written.append(TOKEN.sub("", FORM.search(response.content.decode()).group()))
            assert written[0] == written[1], (path, query)
            compared += 1
    assert compared >= 30


def test_widgets_python_does_not_write_are_rendered_by_templates():
    choices = [("a", "甲"), ("b", mark_safe("<b>乙</b>")), ("c", "丙<")]
    widgets = [
        forms.Select(choices=choices, attrs={"data-x": '"q"', "disabled": True}),
        forms.Select(choices=[("组", choices), ("", "全部")]),
        forms.SelectMultiple(choices=choices),
        forms.TextInput(attrs={"placeholder": "<搜索>", "required": False}),
        forms.DateInput(),
        forms.NumberInput(attrs={"min": 0}),
        forms.HiddenInput(),
        forms.CheckboxSelectMultiple(choices=choices),
        forms.RadioSelect(choices=choices),
        forms.Textarea(),
        forms.CheckboxInput(),
    ]
    for widget in widgets:
        for value in (None, "b", ["a", "c"], '"<x>"', 0):
            if isinstance(value, list) and not getattr(widget, "allow_multiple_selected", False):
                continue
            ours = widget.render("f", value, attrs={"id": "id_f"}, renderer=RENDERER)
            django = widget.render("f", value, attrs={"id": "id_f"}, renderer=DjangoTemplates())
            assert ours == django, (type(widget).__name__, value)
