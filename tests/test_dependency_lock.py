"""The supply chain: every install comes from hash-pinned locks that match pyproject.toml.

requirements/{base,test,bench}.txt are made by `make lock` (scripts/lock_requirements.py);
`make install` installs requirements/test.txt with --require-hashes, then the project with
--no-deps. These tests read files only (no network): they fail when a dependency is declared
without being locked, when a pin leaves its declared range or loses its hashes, when the locks
disagree with each other, or when pyproject.toml changed after the last `make lock`.
"""

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)(?:\s*;\s*(?P<marker>.+?))?$"
)


def _lock_script():
    spec = importlib.util.spec_from_file_location(
        "lock_requirements", ROOT / "scripts" / "lock_requirements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOCK_SCRIPT = _lock_script()


def parse_lock(text: str) -> tuple[list[dict], list[str]]:
    """The entries of a pip requirements file (continuations joined), and its problems."""
    entries, problems = [], []
    logical = re.sub(r"\\\n", " ", text)
    for raw in logical.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement, *options = re.split(r"\s+(?=--)", line)
        if requirement.startswith("-"):
            problems.append(f"an option or include line, not a pinned package: {line[:60]}")
            continue
        match = ENTRY.match(requirement.strip())
        if not match:
            problems.append(f"not pinned to one version with ==: {requirement}")
            continue
        hashes = [option for option in options if HASH.fullmatch(option.strip())]
        others = [option for option in options if not HASH.fullmatch(option.strip())]
        if not hashes:
            problems.append(f"{match['name']}=={match['version']} has no sha256 hash")
        if others:
            problems.append(f"{match['name']}: unexpected options {others}")
        entries.append(
            {
                "name": canonicalize_name(match["name"]),
                "version": match["version"],
                "marker": match["marker"],
                "hashes": sorted(hashes),
            }
        )
    return entries, problems


def environment(python: str) -> dict[str, str]:
    """Marker values of an office machine (Debian, x86_64, CPython) on the given Python."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "sys_platform": "linux",
        "os_name": "posix",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "extra": "",
    }


def declared(pyproject: dict, lock: str) -> list[str]:
    """What pyproject.toml asks of one lock: the runtime, an extra, and the installers."""
    extras = dict(LOCK_SCRIPT.LOCKS)[lock]
    optional = pyproject["project"].get("optional-dependencies", {})
    return [
        *pyproject["project"]["dependencies"],
        *(requirement for extra in extras for requirement in optional.get(extra, [])),
        *pyproject.get("build-system", {}).get("requires", []),
        *LOCK_SCRIPT.INSTALLERS,
    ]


def lock_problems(pyproject: dict, locks: dict[str, str]) -> list[str]:
    """Everything that makes the locks disagree with pyproject.toml or with each other."""
    problems = []
    expected_fingerprint = LOCK_SCRIPT.fingerprint_line(pyproject)
    seen: dict[tuple[str, str | None], tuple[str, list[str], str]] = {}
    for lock, text in locks.items():
        entries, structure = parse_lock(text)
        problems += [f"{lock}.txt: {problem}" for problem in structure]
        if expected_fingerprint not in text.splitlines():
            problems.append(
                f"{lock}.txt was not made from this pyproject.toml: run `make lock` and commit "
                "requirements/"
            )
        for entry in entries:
            key = (entry["name"], entry["marker"])
            pinned = (entry["version"], entry["hashes"])
            if key in seen and seen[key][:2] != pinned:
                problems.append(
                    f"{entry['name']} differs between {seen[key][2]}.txt and {lock}.txt"
                )
            seen.setdefault(key, (*pinned, lock))
        for python in SUPPORTED_PYTHONS:
            env = environment(python)
            for text_requirement in declared(pyproject, lock):
                requirement = Requirement(text_requirement)
                if requirement.marker and not requirement.marker.evaluate(env):
                    continue
                name = canonicalize_name(requirement.name)
                pins = [
                    entry
                    for entry in entries
                    if entry["name"] == name
                    and (not entry["marker"] or Marker(entry["marker"]).evaluate(env))
                ]
                if len(pins) != 1:
                    problems.append(
                        f"{lock}.txt pins {requirement.name} {len(pins)} times on Python "
                        f"{python}: declared in pyproject.toml, it must be locked once"
                    )
                elif not requirement.specifier.contains(pins[0]["version"], prereleases=True):
                    problems.append(
                        f"{lock}.txt: {requirement.name}=={pins[0]['version']} is outside "
                        f"pyproject.toml's {requirement}"
                    )
    return problems


def read_project() -> tuple[dict, dict[str, str]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    locks = {
        name: (ROOT / "requirements" / f"{name}.txt").read_text() for name in LOCK_SCRIPT.LOCKS
    }
    return pyproject, locks


def test_the_locks_pin_every_declared_dependency_with_hashes():
    pyproject, locks = read_project()
    assert lock_problems(pyproject, locks) == []


def test_the_lock_tool_is_pinned_with_hashes_too():
    entries, problems = parse_lock((ROOT / "requirements" / "tools.txt").read_text())
    assert problems == []
    assert [entry["name"] for entry in entries] == ["uv"]


def test_a_dependency_added_without_locking_is_caught():
    pyproject, locks = read_project()
    pyproject["project"]["dependencies"].append("qrcode>=7")
    problems = lock_problems(pyproject, locks)
    assert any("not made from this pyproject.toml" in problem for problem in problems)
    assert any("pins qrcode 0 times on Python 3.11" in problem for problem in problems)


def test_a_test_extra_added_without_locking_is_caught():
    pyproject, locks = read_project()
    pyproject["project"]["optional-dependencies"]["test"].append("pytest-timeout>=2")
    problems = lock_problems(pyproject, locks)
    assert any("test.txt pins pytest-timeout 0 times" in problem for problem in problems)
    # The runtime lock does not carry the test tools.
    assert not any(problem.startswith("base.txt pins pytest-timeout") for problem in problems)


def test_a_range_the_pin_leaves_is_caught():
    pyproject, locks = read_project()
    dependencies = pyproject["project"]["dependencies"]
    index = next(i for i, req in enumerate(dependencies) if req.lower().startswith("django>"))
    dependencies[index] = "Django>=6.0"
    problems = lock_problems(pyproject, locks)
    assert any(
        re.search(r"base\.txt: Django==5\.2\.\d+ is outside pyproject\.toml's Django>=6\.0", p)
        for p in problems
    )


def test_a_pin_without_hashes_or_version_is_caught():
    pyproject, locks = read_project()
    base = locks["base"]
    name, version = re.search(r"^(django)==(\S+)", base, re.MULTILINE).groups()
    stripped = re.sub(
        rf"^{name}=={re.escape(version)} \\\n(    --hash=sha256:\w+ \\\n)*    --hash=sha256:\w+\n",
        f"{name}=={version}\n",
        base,
        flags=re.MULTILINE,
    )
    assert stripped != base
    problems = lock_problems(pyproject, {**locks, "base": stripped})
    assert f"base.txt: {name}=={version} has no sha256 hash" in problems

    loose = base.replace("openpyxl==", "openpyxl>=", 1)
    problems = lock_problems(pyproject, {**locks, "base": loose})
    assert any(
        p.startswith("base.txt: not pinned to one version with ==: openpyxl>=") for p in problems
    )

    with_index = "--extra-index-url https://example.invalid/simple\n" + base
    problems = lock_problems(pyproject, {**locks, "base": with_index})
    assert any("an option or include line" in problem for problem in problems)


def test_locks_that_disagree_with_each_other_are_caught():
    pyproject, locks = read_project()
    version = re.search(r"^openpyxl==(\S+)", locks["test"], re.MULTILINE).group(1)
    bumped = locks["test"].replace(f"openpyxl=={version}", "openpyxl==3.1.999", 1)
    problems = lock_problems(pyproject, {**locks, "test": bumped})
    assert "openpyxl differs between base.txt and test.txt" in problems


@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
def test_requires_python_admits_every_supported_interpreter(python):
    pyproject, _ = read_project()
    assert SpecifierSet(pyproject["project"]["requires-python"]).contains(f"{python}.0")


def test_make_installs_only_from_the_locks():
    """`make install` re-runs when a lock changes, installs it with hashes, and the project
    adds nothing unpinned; no other pip install in the Makefile escapes the locks."""
    makefile = (ROOT / "Makefile").read_text()
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.MULTILINE).group(1).split()
    assert {"pyproject.toml", "requirements/base.txt", "requirements/test.txt"} <= set(stamp_rule)
    assert "PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes" in makefile
    assert "$(PIP_LOCKED) -r requirements/test.txt" in makefile
    for line in makefile.replace("\\\n", " ").splitlines():
        if "pip install" in line and not line.lstrip().startswith("#"):
            assert "--require-hashes" in line or "--no-deps" in line, line
