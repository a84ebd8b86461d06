#!/usr/bin/env python3
"""Regenerate the hash-pinned lock files in requirements/ from pyproject.toml (`make lock`).

One universal resolution (uv, every platform, Python 3.11 up to requires-python's ceiling) of
everything pyproject.toml asks for, then one file per use, each pinned from that resolution so
that the same package has the same version and hashes in every file:

- requirements/base.txt   what the application runs on (production installs this)
- requirements/test.txt   base + the `test` extra (`make test`, `make run`)
- requirements/bench.txt  base + the `bench` extra (`make bench-load`, on top of test.txt)
- requirements/server.txt base + the `server` extra (gunicorn): a production server
- requirements/tools.txt  uv itself, for `make lock` (from requirements/tools.in)

Each also pins pip and the build backend (pyproject.toml [build-system]), so that
`pip install --no-deps --no-build-isolation .` after the lock fetches nothing unpinned.
The current pins are kept unless `--upgrade` is given (or pyproject.toml no longer allows them).
Each file records a fingerprint of the inputs it came from; tests/test_dependency_lock.py
fails when pyproject.toml changes without a new lock.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
REQUIREMENTS = ROOT / "requirements"
SCRATCH = Path("build") / "lock"  # relative to ROOT: it appears in uv's annotations
LOCKS = {"base": (), "test": ("test",), "bench": ("bench",), "server": ("server",)}
FINGERPRINT_PREFIX = "# inputs: pyproject.toml "
HEADER_COMMAND = "make lock"
# Tools that install the project, pinned like everything else.
INSTALLERS = ("pip",)
BUILD_ANNOTATION = "weijian (pyproject.toml [build-system], pip)"

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(\s*;\s*[^\\]+?)?\s*\\?$")


def lock_inputs(pyproject: dict) -> dict:
    """What a lock depends on in pyproject.toml, in a canonical form."""
    project = pyproject["project"]
    return {
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {
            name: sorted(reqs)
            for name, reqs in sorted(project.get("optional-dependencies", {}).items())
        },
        "build-system": sorted(pyproject.get("build-system", {}).get("requires", [])),
        "installers": list(INSTALLERS),
    }


def fingerprint(pyproject: dict) -> str:
    text = json.dumps(lock_inputs(pyproject), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def fingerprint_line(pyproject: dict) -> str:
    return f"{FINGERPRINT_PREFIX}{fingerprint(pyproject)}"


def python_floor(pyproject: dict) -> str:
    match = re.search(r">=\s*(\d+\.\d+)", pyproject["project"]["requires-python"])
    if not match:
        sys.exit("pyproject.toml: requires-python needs a lower bound (>=3.x)")
    return match.group(1)


def current_pins(paths: list[Path]) -> list[str]:
    """`name==version ; marker` of the existing locks: uv keeps them as preferences."""
    pins: dict[str, None] = {}
    for path in paths:
        if path.exists():
            for line in path.read_text().splitlines():
                match = PIN.match(line)
                if match:
                    pins[line.rstrip(" \\")] = None
    return list(pins)


def uv(*args: str) -> None:
    command = [os.environ.get("UV", "uv"), "pip", "compile", "--quiet", *args]
    subprocess.run(command, cwd=ROOT, check=True)


def tidy(path: Path, pyproject: dict, scratch_in: str, scratch_all: str) -> None:
    """Drop the scratch files from uv's annotations and record the inputs' fingerprint."""
    out: list[str] = []
    via: list[str] | None = None  # the entries of a "# via" block being read

    def close_via() -> None:
        if via:
            out.extend(
                [f"    # via {via[0]}"]
                if len(via) == 1
                else ["    # via", *(f"    #   {entry}" for entry in via)]
            )

    for line in path.read_text().splitlines():
        stripped = line.strip()
        if via is not None and stripped.startswith("#   "):
            entry = stripped[4:].replace(f"-r {scratch_in}", BUILD_ANNOTATION)
            if entry != f"-c {scratch_all}":
                via.append(entry)
            continue
        close_via()
        via = None
        if stripped == "# via":
            via = []
            continue
        if stripped.startswith("# via "):
            line = line.replace(f"-r {scratch_in}", BUILD_ANNOTATION)
        out.append(line)
        if line == f"#    {HEADER_COMMAND}":
            out.append(fingerprint_line(pyproject))
    close_via()
    path.write_text("\n".join(out) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="newest versions pyproject allows")
    args = parser.parse_args()

    pyproject = tomllib.loads(PYPROJECT.read_text())
    floor = python_floor(pyproject)
    scratch = ROOT / SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    scratch_in = str(SCRATCH / "installers.in")
    scratch_all = str(SCRATCH / "all.txt")
    build_requires = pyproject.get("build-system", {}).get("requires", [])
    (ROOT / scratch_in).write_text("\n".join([*build_requires, *INSTALLERS]) + "\n")
    locks = [REQUIREMENTS / f"{name}.txt" for name in LOCKS]
    (ROOT / scratch_all).write_text("\n".join(current_pins(locks)) + "\n")

    common = [
        "--universal",
        "--python-version",
        floor,
        "--generate-hashes",
        "--custom-compile-command",
        HEADER_COMMAND,
    ]
    extras = [
        arg
        for name in sorted(pyproject["project"].get("optional-dependencies", {}))
        for arg in ("--extra", name)
    ]
    # Everything at once: the one resolution every file is cut from.
    uv(
        "pyproject.toml",
        scratch_in,
        *extras,
        *common,
        *(["--upgrade"] if args.upgrade else []),
        "-o",
        scratch_all,
    )
    REQUIREMENTS.mkdir(exist_ok=True)
    for name, lock_extras in LOCKS.items():
        target = REQUIREMENTS / f"{name}.txt"
        extra_args = [arg for extra in lock_extras for arg in ("--extra", extra)]
        uv(
            "pyproject.toml",
            scratch_in,
            *extra_args,
            "-c",
            scratch_all,
            *common,
            "-o",
            str(target.relative_to(ROOT)),
        )
        tidy(target, pyproject, scratch_in, scratch_all)

    tools = REQUIREMENTS / "tools.txt"
    uv(
        str((REQUIREMENTS / "tools.in").relative_to(ROOT)),
        *common,
        *(["--upgrade"] if args.upgrade else []),
        "-o",
        str(tools.relative_to(ROOT)),
    )
    print("Locked:", ", ".join(str(p.relative_to(ROOT)) for p in [*locks, tools]))


if __name__ == "__main__":
    main()
