"""A saved summary's narrative on its page: each paragraph escaped, each number the draft
marked (reports.presentation.narrative.marks) linked to its records where it still stands
in the same words, and each place left for the manager (【请填写：…】) highlighted.

The PDF and the Word file print the narrative as plain text: no links there."""

import re

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.presentation.document import HEADING, paragraphs
from reports.presentation.page import Links

DIGIT = re.compile(r"[0-9.,]")
TO_FILL = re.compile(r"【请填写[^】]*】")


def _url(item: dict, links: Links) -> str | None:
    if item.get("key"):
        return links(item["key"], item.get("categories") or ())
    try:
        return reverse(item["route"], args=[item["pk"]])
    except (KeyError, NoReverseMatch):
        return None


def _spans(text: str, marks: list[dict], links: Links) -> list[tuple[int, int, str]]:
    """(start, end, url) of each linked number in ``text``, not overlapping."""
    found = []
    for item in marks:
        number, before, after = item["text"], item.get("before", ""), item.get("after", "")
        if not number or (not before and number.isdigit()):
            continue  # a bare count without its words could be any number of the text
        phrase = before + number + after
        for hit in re.finditer(re.escape(phrase), text):
            start = hit.start() + len(before)
            end = start + len(number)
            # Not a piece of a longer number: "57" in "257", "2" in "2.4".
            if not before and start and DIGIT.match(text[start - 1]) and number[0].isdigit():
                continue
            if not after and end < len(text) and number[-1].isdigit() and DIGIT.match(text[end]):
                continue
            url = _url(item, links)
            if url:
                found.append((start, end, url))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans, reached = [], 0
    for start, end, url in found:
        if start >= reached:
            spans.append((start, end, url))
            reached = end
    return spans


def _highlighted(text: str) -> str:
    """Escaped text with the places to fill in marked."""
    out, position = [], 0
    for hit in TO_FILL.finditer(text):
        out.append(escape(text[position : hit.start()]))
        out.append(f'<mark class="to-fill">{escape(hit.group(0))}</mark>')
        position = hit.end()
    out.append(escape(text[position:]))
    return "".join(out)


def narrative_html(narrative: str, marks: list[dict], links: Links) -> list[SafeString]:
    """The narrative's paragraphs as safe HTML, numbers linked to their records."""
    shown = []
    for paragraph in paragraphs(narrative):
        out, position = [], 0
        for start, end, url in _spans(paragraph, marks or [], links):
            out.append(_highlighted(paragraph[position:start]))
            out.append(
                f'<a class="figure-link" href="{escape(url)}" title="查看明细">'
                f"{escape(paragraph[start:end])}</a>"
            )
            position = end
        out.append(_highlighted(paragraph[position:]))
        html = "".join(out)
        if HEADING.match(paragraph):
            html = f"<strong>{html}</strong>"
        shown.append(mark_safe(html))  # noqa: S308 - every piece escaped above
    return shown
