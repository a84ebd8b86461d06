"""Reading a PDF as a user would: its text (pdftotext) and its fonts (pdffonts)."""

import re
import subprocess
import tempfile
from pathlib import Path

CJK_SC = re.compile(r"NotoSansCJKsc|Noto[- ]?Sans[- ]?CJK[- ]?SC", re.IGNORECASE)


def _with_file(content: bytes, command: list[str]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        return subprocess.run(
            [*command, str(path), *([] if command[0] == "pdffonts" else ["-"])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(content: bytes) -> str:
    return _with_file(content, ["pdftotext", "-layout"])


def embedded_fonts(content: bytes) -> dict[str, str]:
    """pdffonts' table as {font name without subset tag: its "emb" column}."""
    header, rule, *rows = _with_file(content, ["pdffonts"]).splitlines()
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    columns = [header[a:b].strip() for a, b in spans]
    fonts = {}
    for row in rows:
        cells = dict(zip(columns, (row[a:b].strip() for a, b in spans), strict=True))
        fonts[cells["name"].split("+")[-1]] = cells["emb"]
    return fonts


def assert_cjk_font_embedded(content: bytes) -> None:
    """The Simplified Chinese face of Noto Sans CJK is used, and every use is embedded."""
    fonts = embedded_fonts(content)
    cjk = {name: emb for name, emb in fonts.items() if CJK_SC.search(name)}
    assert cjk, fonts
    assert all(emb == "yes" for emb in cjk.values()), cjk
