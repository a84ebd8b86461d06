"""Every app has the one layout the README describes, and the one way of each thing holds.

A new module outside the layout (an ``urls_cases.py``, a ``filters_api.py``, a
``forms_health.py``) fails here: it belongs in the app's module or package of that name.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["premises", "inspections", "licensing", "licensing/health", "penalties", "reports"]

# Each app has these; a name may be a module or a package of the same name.
REQUIRED = {"models", "services", "views", "api", "filters", "tables", "urls"}
PACKAGES = {"models", "services", "views", "api"}
# What an app may have besides: nothing else at its top level.
OPTIONAL = {
    "__init__",
    "apps",
    "admin",
    "choices",
    "forms",
    "imports",
    "documents",
    "jobs",
    "panels",
    "unit_file",  # the app's sections of a unit's page (一户一档, premises/unit_file.py)
    "management",
    "migrations",
    "templatetags",
    "health",  # licensing's sub-package
    # reports' pipeline (README): scope → record sets → counting → figures → presentation
    "scope",
    "sets",
    "counting",
    "figures",
    "presentation",
}


def names(app: str) -> dict[str, Path]:
    found = {}
    for path in (ROOT / app).iterdir():
        if path.name.startswith((".", "__pycache__")):
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            found[path.name] = path
        elif path.suffix == ".py":
            found[path.stem] = path
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_one_layout(app):
    found = names(app)
    assert REQUIRED <= set(found), f"{app} lacks {sorted(REQUIRED - set(found))}"
    for name in PACKAGES if "/" not in app else ():  # a sub-package may keep modules
        assert found[name].is_dir(), f"{app}/{name} must be a package"
    api = names(f"{app}/api")
    # A sub-package's endpoints are routed by its app's api/urls.py.
    wanted = {"serializers", "views"} | ({"urls"} if "/" not in app else set())
    assert wanted <= set(api), f"{app}/api: {sorted(api)}"
    extra = set(found) - REQUIRED - OPTIONAL
    assert not extra, f"{app} has modules outside the layout: {sorted(extra)}"


def python_files(*folders):
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_list_column_is_declared_in_a_view():
    """Columns live in <app>/tables.py: one definition reused by list, export and drill-down."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files("premises", "inspections", "licensing", "penalties", "reports")
        if "views" in path.parts and re.search(r"\bColumn\(", path.read_text())
    ]
    assert offenders == []


def test_people_are_named_by_core_people_only():
    """No local person()/name helper: core.people.display_name is the one way."""
    offenders = []
    for path in python_files("premises", "inspections", "licensing", "penalties", "reports"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in {"person", "user_name"}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}()")
        if "get_full_name() or" in path.read_text():
            offenders.append(f"{path.relative_to(ROOT)}: get_full_name() or …")
    assert offenders == []


def _base_names(node: ast.ClassDef) -> set[str]:
    return {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}


def test_form_pages_use_the_one_base():
    """A view that reads a form from a POST is a ServiceFormView: no page validates a form,
    calls a service and catches its errors by hand (a list's private search and the import
    pages have bases of their own)."""
    allowed = {"ServiceFormView", "ObjectListView", "ImportView"}
    classes, posting = {}, []
    for path in python_files("premises", "inspections", "licensing", "penalties", "reports"):
        if "views" not in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            classes[node.name] = _base_names(node)
            post = [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "post"]
            if any(
                isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", "")).endswith("Form")
                for function in post
                for call in ast.walk(function)
            ):
                posting.append((path.relative_to(ROOT), node))

    def ancestors(name, seen=()):
        for base in classes.get(name, ()):
            if base not in seen:
                yield base
                yield from ancestors(base, (*seen, base))

    offenders = [
        f"{path}:{node.lineno} {node.name}"
        for path, node in posting
        if not set(ancestors(node.name)) & allowed
    ]
    assert offenders == []
