"""Panels: how an upper app shows a section on a lower app's page without being imported.

The lower app's view calls ``panels_for(obj, request)`` and its template renders each
panel's ``template`` with its ``context`` under its ``title``. An upper app registers a
callable for a model label from its ``AppConfig.ready()``; the callable returns a Panel or
None (nothing to show, e.g. for lack of permission). Each callable should run a fixed
number of queries, so the page's query count does not grow with the data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


_registry: dict[str, list[Callable[[Any, Any], Panel | None]]] = {}


def register_panel(model_label: str, provider: Callable[[Any, Any], Panel | None]) -> None:
    """``model_label`` is "app_label.modelname" in lower case, e.g. "premises.establishment".
    Registering the same callable twice has no effect."""
    providers = _registry.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def panels_for(obj, request) -> list[Panel]:
    label = obj._meta.label_lower
    panels = [p for provider in _registry.get(label, []) if (p := provider(obj, request))]
    return sorted(panels, key=lambda p: p.order)
