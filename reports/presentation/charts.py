"""Charts as inline SVG, drawn on the server: the same markup on the pages and in the PDF,
no JavaScript and nothing fetched from outside (offices run on intranets)."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from core import formatting

COLOURS = ("#1d5fa8", "#9aa5b1", "#137333", "#b42318", "#9a6700")
FONT = "Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | int | None]


def _nice_max(value: float) -> float:
    """The top of the axis: four equal whole steps (1, 2 or 5 × 10ⁿ) covering ``value``."""
    if value <= 0:
        return 4
    step = 1
    while step * 4 < value:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 ...
            step = int(step * factor)
            if step * 4 >= value:
                break
    return step * 4


def bar_chart(
    labels: list[str],
    series: list[Series],
    *,
    title: str = "",
    width: int = 640,
    height: int = 260,
    percent: bool = False,
) -> SafeString:
    """Grouped vertical bars, one group per label, one bar per series, with a legend."""
    left, right, top, bottom = 44, 10, 28 if title else 12, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top_value = 1.0 if percent else _nice_max(max(values, default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" font-family="{FONT}" font-size="11">'
    ]
    if title:
        parts.append(
            f'<text x="{left}" y="16" font-size="13" font-weight="600">{escape(title)}</text>'
        )
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        tick = top_value * i / 4
        text = f"{tick:.0%}" if percent else f"{tick:g}"
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e7eb"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#66788a">{text}</text>'
        )
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = max(2.0, min(28.0, group_w * 0.8 / max(len(series), 1)))
    for g, label in enumerate(labels):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s_index, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else None
            if value is None:
                continue
            h = plot_h * min(float(value) / top_value, 1.0) if top_value else 0
            x = x0 + s_index * bar_w
            shown = formatting.rate(value) if percent else f"{value:g}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s_index % len(COLOURS)]}">'
                f"<title>{escape(s.name)} {escape(label)}：{shown}</title></rect>"
            )
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 14}" '
            f'text-anchor="middle" fill="#1f2933">{escape(label)}</text>'
        )
    legend_x = left
    for s_index, s in enumerate(series):
        y = height - 12
        parts.append(
            f'<rect x="{legend_x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[s_index % len(COLOURS)]}"/>'
            f'<text x="{legend_x + 14}" y="{y}">{escape(s.name)}</text>'
        )
        legend_x += 24 + 12 * len(s.name)
    parts.append("</svg>")
    return mark_safe("".join(parts))
