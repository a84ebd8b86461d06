"""Where an import's columns are in a file: the header row (found past title rows), and for
each column of the import the file's column holding it, by its name, a synonym, or a
mapping the clerk made (saved per source, core.import_models.ImportMapping); a column the
file lacks may be given one value for every row.
"""

import unicodedata
from dataclasses import dataclass, field

HEAD_SCAN = 10  # rows searched for the header row (title rows above it are skipped)
HEAD_WIDTH = 200  # columns read of those rows (a cell at XFD must not widen every row)
REQUIRED_MARKS = ("(必填)", "(选填)", "*")


def normalise_header(text) -> str:
    """A header as compared: full-width forms folded (（）→ ()), spaces, line breaks and
    required-marks (*, （必填）) removed."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    folded = unicodedata.normalize("NFKC", str(text))
    folded = "".join(folded.split())
    for mark in REQUIRED_MARKS:
        folded = folded.replace(mark, "")
    return folded.rstrip(":：")


def _names(column) -> list[str]:
    return [normalise_header(column.header), *(normalise_header(s) for s in column.synonyms)]


@dataclass
class Layout:
    header_row: int  # 1-based; 0 when the file has no non-empty row at all
    headers: list[str]  # the header row's cells as text ("" for empty ones)
    positions: dict[str, int | None]  # column key → index in the row (None: not in the file)
    values: dict[str, str] = field(default_factory=dict)  # column key → value for every row
    how: dict[str, str] = field(default_factory=dict)  # column key → how it was found

    def header_of(self, key) -> str:
        index = self.positions.get(key)
        return self.headers[index] if index is not None else ""

    @property
    def width(self) -> int:
        found = [i for i in self.positions.values() if i is not None]
        return max(found, default=0) + 1

    def missing(self, columns) -> list:
        """Required columns neither in the file nor given a value."""
        return [
            c
            for c in columns
            if c.required and self.positions.get(c.key) is None and not self.values.get(c.key)
        ]


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _score(columns, row, mapping_headers) -> int:
    cells = {normalise_header(c) for c in row} - {""}
    known = {name for column in columns for name in _names(column)}
    return len(cells & known) + len(cells & mapping_headers)


def find_layout(columns, head_rows, mapping: dict | None = None) -> Layout:
    """The layout of a file whose first rows are ``head_rows``. ``mapping``:
    {"columns": {key: file header or ""}, "values": {key: value}} (a saved or typed
    mapping); a header mapped to "" means the column is not read from the file."""
    mapping = mapping or {}
    mapped = {k: normalise_header(v) for k, v in (mapping.get("columns") or {}).items()}
    mapping_headers = set(mapped.values()) - {""}
    best, best_score = None, 0
    for index, row in enumerate(head_rows):
        if row is None or not any(_text(c) for c in row):
            continue
        if best is None:
            best = index  # the first non-empty row, unless another matches better
        score = _score(columns, row, mapping_headers)
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return Layout(0, [], {c.key: None for c in columns})
    headers = [_text(c) for c in head_rows[best]]
    normalised = [normalise_header(h) for h in headers]
    positions: dict[str, int | None] = {c.key: None for c in columns}
    how: dict[str, str] = {}
    taken: set[int] = set()

    def place(column, name, reason):
        for index, header in enumerate(normalised):
            if header and header == name and index not in taken:
                positions[column.key] = index
                how[column.key] = reason
                taken.add(index)
                return True
        return False

    for column in columns:  # the clerk's mapping first
        if column.key in mapped and mapped[column.key]:
            place(column, mapped[column.key], "按保存的对应")
    for column in columns:  # then our own header
        if column.key not in mapped and positions[column.key] is None:
            place(column, _names(column)[0], "列名一致")
    for column in columns:  # then a synonym
        if column.key not in mapped and positions[column.key] is None:
            for name in _names(column)[1:]:
                if place(column, name, "同义列名"):
                    break
    values = {}
    for key, value in (mapping.get("values") or {}).items():
        if key in positions and positions[key] is None and str(value).strip():
            values[key] = str(value).strip()
            how[key] = "固定值"
    return Layout(best + 1, headers, positions, values, how)
