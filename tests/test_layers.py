"""Imports point down: the import-linter contracts of pyproject.toml, checked in the suite.

`make lint` runs the same contracts with lint-imports; here they run in-process (grimp builds
the import graph in a fraction of a second), so `make test` proves them too, and a check that
an upward import would be caught keeps the contracts from holding vacuously.
"""

import copy
from pathlib import Path

import grimp
import pytest
from django.apps import apps
from importlinter import api
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_TYPES = {kind.type_name: kind for kind in (LayersContract, AcyclicSiblingsContract)}


def configuration() -> tuple[dict, list[dict]]:
    config = api.read_configuration(str(ROOT / "pyproject.toml"))
    return config["session_options"], config["contracts_options"]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    session, _ = configuration()
    return grimp.build_graph(*session["root_packages"], cache_dir=None)


def contract(contract_id: str):
    session, contracts = configuration()
    options = next(options for options in contracts if options.get("id") == contract_id)
    kind = CONTRACT_TYPES[options["type"]]
    return kind(name=options["name"], session_options=session, contract_options=options)


def broken(check, found: LayersContract | AcyclicSiblingsContract, capsys) -> str:
    """What lint-imports would print about a broken contract."""
    capsys.readouterr()
    found.render_broken_contract(check)
    return capsys.readouterr().out


def contract_ids() -> list[str]:
    return [options["id"] for options in configuration()[1]]


@pytest.mark.parametrize("contract_id", contract_ids())
def test_the_import_contract_holds(contract_id, graph, capsys):
    found = contract(contract_id)
    check = found.check(copy.deepcopy(graph), verbose=False)
    assert check.kept, broken(check, found, capsys)


def test_every_app_of_the_project_is_in_a_layer():
    """A new app cannot escape the contract: each of the project's own apps is a layer."""
    session, _ = configuration()
    layers = contract("apps").layers
    layered = {module.name for layer in layers for module in layer.module_tails}
    tops = {config.name.split(".")[0]: Path(config.path) for config in apps.get_app_configs()}
    own_apps = {top for top, path in tops.items() if path.is_relative_to(ROOT / top)}
    assert {"core", "premises", "reports"} <= own_apps
    assert own_apps <= set(session["root_packages"])
    assert own_apps <= layered


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("core.models", "premises.models"),  # the kernel reaching into an app
        ("premises.models", "inspections.models"),  # an app reaching up one layer
        ("penalties.services", "licensing.models"),  # one side of a layer into the other
    ],
)
def test_an_upward_import_breaks_the_layers(importer, imported, graph, capsys):
    upward = copy.deepcopy(graph)
    upward.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    found = contract("apps")
    check = found.check(upward, verbose=False)
    assert not check.kept
    assert importer in broken(check, found, capsys)


def test_a_cycle_inside_an_app_breaks_the_contract(graph, capsys):
    """The records of a case naming the case's module again: the cycle removed for #14."""
    cyclic = copy.deepcopy(graph)
    cyclic.add_import(
        importer="penalties.models.records",
        imported="penalties.models.case",
        line_number=1,
        line_contents="",
    )
    found = contract("no-cycles")
    check = found.check(cyclic, verbose=False)
    assert not check.kept
    assert "penalties.models" in broken(check, found, capsys)
