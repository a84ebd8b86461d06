"""docs/security.md names, for each threat, the test that proves it holds: every test it
names must exist, so the page cannot drift from the suite."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"`((?:tests/(?:[\w/]+/)?)?test_\w+\.py)?(?:::(\w+)(?:\[[^\]]*\])?)?`")


def resolve(path: str) -> str:
    """``test_x.py`` written short: the one file of that name under tests/."""
    if path.startswith("tests/"):
        return path
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob(path))
    assert len(found) == 1, (path, found)
    return found[0]


def named_tests():
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    current = None
    for match in REFERENCE.finditer(text):
        path, name = match.groups()
        if path:
            current = path = resolve(path)
        if name:
            assert current, f"::{name} names no file before it"
            yield current, name
        elif path:
            yield path, None


def test_every_test_the_security_page_names_exists():
    named = list(named_tests())
    assert len(named) > 40
    missing = []
    for path, name in named:
        source = ROOT / path
        if not source.exists():
            missing.append(path)
        elif name and not re.search(rf"def {name}\b", source.read_text(encoding="utf-8")):
            missing.append(f"{path}::{name}")
    assert not missing, missing
