"""The numbers of the narrative draft and the records behind them.

While drafting, a paragraph writes each number with ``mark()``: the number between invisible
delimiters with what it counts (a figure key, whose drill-down lists its records, with the
kinds of table 1 it is narrowed to; or one record's page, a route and its id). ``unmark()``
then gives the plain text and, for each number, its mark: the exact string written and the
words around it in its clause (``before``, ``after``). The saved summary keeps the marks
(figures["narrative_marks"]); its page links each occurrence of a marked string in the same
words (reports.presentation.narrative.html), so a number the manager kept links to its
records, and a number the manager typed, or whose words were changed, stays plain."""

import re

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
FIELD = "\x1f"
MARKED = re.compile(f"{OPEN}([^{SEP}]*){SEP}([^{CLOSE}]*){CLOSE}")
# Where a clause ends: the words kept around a number never cross these (not brackets nor
# 、: kinds are named "商场（店）", "候车（机、船）室").
CLAUSE_END = "，。；：\n"
BEFORE, AFTER = 8, 2


def mark(text, key: str = "", *, categories=(), route: str = "", pk=None) -> str:
    """``text`` (a number as written) marked as the figure ``key`` (narrowed to the kinds
    ``categories``) or as the record ``route``/``pk``."""
    ref = FIELD.join((key, ",".join(categories), route, "" if pk is None else str(pk)))
    return f"{OPEN}{ref}{SEP}{text}{CLOSE}"


def _words_before(plain: str) -> str:
    start = max((plain.rfind(c) for c in CLAUSE_END), default=-1) + 1
    return plain[start:][-BEFORE:]


def _words_after(rest: str) -> str:
    rest = MARKED.sub(lambda m: m.group(2), rest)
    end = min([i for i in (rest.find(c) for c in CLAUSE_END) if i >= 0] or [len(rest)])
    return rest[:end][:AFTER]


def unmark(text: str) -> tuple[str, list[dict]]:
    """The plain text and the marks of its numbers, in order (a number marked twice with the
    same words is kept once)."""
    plain, marks, seen, position = [], [], set(), 0
    for found in MARKED.finditer(text):
        plain.append(text[position : found.start()])
        written = "".join(plain)
        key, categories, route, pk = found.group(1).split(FIELD)
        number = found.group(2)
        item = {
            "text": number,
            "before": _words_before(written),
            "after": _words_after(text[found.end() :]),
        }
        if key:
            item["key"] = key
            if categories:
                item["categories"] = categories.split(",")
        else:
            item["route"], item["pk"] = route, int(pk)
        signature = (item["before"], number, item["after"])
        if signature not in seen:
            seen.add(signature)
            marks.append(item)
        plain.append(number)
        position = found.end()
    plain.append(text[position:])
    return "".join(plain), marks
