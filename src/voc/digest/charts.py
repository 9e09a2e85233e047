"""Charts for the HTML digest: inline SVG drawn from the digest's data, nothing else.

Plain string building, no JavaScript and nothing fetched: a chart is one `<svg>` element a
mail client can keep or drop. Every text in it goes through markupsafe's escape, and
every chart carries a `<title>` and a `<desc>` that say what it shows in words (the
template adds a small table beside each one for readers without images).

The same data gives the same bytes: coordinates are rounded to one decimal, ids come
from the chart's position and slug, nothing reads the clock.
"""

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
RULE = "#d9dee4"
BAR = "#3b5ba9"
BAR_PAST = "#a9b8dc"
NEGATIVE = "#c8553d"
POSITIVE = "#2a8a6e"
# Colour-blind-safe categories (Okabe and Ito), in the order sources are listed.
SOURCE_COLOURS = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#999999",
)
# When the digest splits a theme's notes by stance (`trend_by_stance`), the stances in
# the order they stack, bottom up, and their colours: issues and praise in the sentiment
# chart's red and green, requests in the bars' blue, mere mentions grey. Unknown stances
# stack last.
STANCES = {
    "issue": ("issues", NEGATIVE),
    "request": ("requests", BAR),
    "praise": ("praise", POSITIVE),
    "mention": ("mentions", "#b6bec8"),
}
LABEL_CHARS = 26
_ID_UNSAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Series:
    """One stacked layer of a column chart: a name for the legend and one count a period."""

    name: str
    values: list[int]
    colour: str


def theme_series(theme: dict) -> list[Series]:
    """A theme's notes per period as layers: one per stance when the data splits them
    (`trend_by_stance`: stance -> counts), else the single `trend`."""
    split = theme.get("trend_by_stance")
    if not split:
        return [Series("notes", list(theme["trend"]), BAR)]
    heard = [s for s in split if any(split[s])] or list(split)[:1]  # no empty layers
    order = sorted(heard, key=lambda s: (list(STANCES).index(s) if s in STANCES else 99, s))
    return [
        Series(STANCES.get(s, (s, MUTED))[0], list(split[s]), STANCES.get(s, (s, MUTED))[1])
        for s in order
    ]


def stance_key() -> list[tuple[str, str]]:
    """(name, colour) of each stance layer, in stacking order: the legend the template
    writes beside the trend charts."""
    return list(STANCES.values())


def trend_chart(theme: dict, periods: list[str], index: int = 0) -> Markup:
    """Columns of a theme's notes in each period, the current one darkest."""
    width, height, top, bottom, left = 300, 128, 22, 22, 8
    series = theme_series(theme)
    split = bool(theme.get("trend_by_stance"))  # then colours mean stances, not time
    totals = [sum(layer.values[i] for layer in series) for i in range(len(periods))]
    peak = max([*totals, 1])
    slot = (width - 2 * left) / max(len(periods), 1)
    scale = (height - top - bottom) / peak
    cid = chart_id("trend", index, theme.get("slug", ""))
    parts = [_open(cid, width, height)]
    parts.append(_title_desc(cid, _trend_title(theme, periods), _trend_desc(series, periods)))
    base = height - bottom
    parts.append(_line(left, base, width - left, base, RULE))
    for i, label in enumerate(periods):
        x = left + i * slot + slot * 0.18
        y = base
        current = i == len(periods) - 1
        for layer in series:
            h = layer.values[i] * scale
            colour = layer.colour if current or split else BAR_PAST
            if h > 0:
                parts.append(_rect(x, y - h, slot * 0.64, h, colour))
            y -= h
        weight = "700" if current else "400"
        parts.append(_text(x + slot * 0.32, y - 4, str(totals[i]), 11, INK, "middle", weight))
        parts.append(_text(x + slot * 0.32, base + 15, short_period(label), 10, MUTED, "middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def sentiment_chart(themes: list[dict], index: int = 0) -> Markup:
    """A diverging bar a theme: net sentiment from −100 (left, red) to +100 (right, green)."""
    label_w, half, row, top = 190, 200, 26, 8
    width = label_w + 2 * half + 40
    height = top + row * len(themes) + 26
    centre = label_w + half
    cid = chart_id("sentiment", index, "")
    parts = [_open(cid, width, height)]
    parts.append(
        _title_desc(cid, "Net sentiment by theme, from −100 to +100", _sentiment_desc(themes))
    )
    for tick in (-100, -50, 0, 50, 100):
        x = centre + tick * half / 100
        colour = MUTED if tick == 0 else RULE
        parts.append(_line(x, top, x, top + row * len(themes), colour))
        parts.append(_text(x, height - 8, _signed(tick), 10, MUTED, "middle"))
    for i, theme in enumerate(themes):
        y = top + i * row
        middle = y + row / 2 + 4
        parts.append(_text(label_w - 10, middle, _cut(theme["label"]), 12, INK, "end"))
        net = theme.get("net_sentiment")
        if net is None:
            parts.append(_text(centre + 6, middle, "no sentiment", 11, MUTED, "start"))
            continue
        length = abs(net) * half / 100
        x = centre - length if net < 0 else centre
        parts.append(_rect(x, y + 5, length, row - 10, NEGATIVE if net < 0 else POSITIVE))
        tx, anchor = (x - 5, "end") if net < 0 else (x + length + 5, "start")
        if net < 0 and length > half - 36:  # no room left of the bar: write it inside
            tx, anchor, colour = x + 5, "start", "#ffffff"
        else:
            colour = INK
        parts.append(_text(tx, middle, _signed(net), 11, colour, anchor, "700"))
    parts.append("</svg>")
    return Markup("".join(parts))


def sources_chart(sources: list[dict], period: str, previous: str, index: int = 0) -> Markup:
    """Two stacked bars, this period and the one before, one segment a source; their
    lengths compare the periods' note counts."""
    label_w, bar_w, row, top = 90, 500, 34, 6
    width = label_w + bar_w + 50
    heard = heard_sources(sources)
    legend_rows = (len(heard) + 3) // 4
    height = top + 2 * row + 10 + legend_rows * 20
    rows = [
        (period, [s["notes"] for s in heard]),
        (previous, [s["change"]["previous"] for s in heard]),
    ]
    peak = max([sum(counts) for _, counts in rows] + [1])
    cid = chart_id("sources", index, "")
    parts = [_open(cid, width, height)]
    parts.append(_title_desc(cid, "Notes by source", _sources_desc(heard, rows)))
    for r, (label, counts) in enumerate(rows):
        y = top + r * row
        parts.append(_text(label_w - 10, y + row / 2 + 4, label, 12, INK, "end", "700"))
        x = float(label_w)
        for i, count in enumerate(counts):
            w = count * bar_w / peak
            if w > 0:
                parts.append(_rect(x, y + 4, w, row - 8, source_colour(i), stroke="#ffffff"))
                if w >= 22:
                    text_colour = INK if source_colour(i) in ("#f0e442", "#e69f00") else "#ffffff"
                    parts.append(
                        _text(x + w / 2, y + row / 2 + 4, str(count), 11, text_colour, "middle")
                    )
            x += w
        parts.append(_text(x + 6, y + row / 2 + 4, str(sum(counts)), 12, INK, "start", "700"))
    parts.extend(_legend([s["source"] for s in heard], label_w, top + 2 * row + 10))
    parts.append("</svg>")
    return Markup("".join(parts))


def source_colour(index: int) -> str:
    return SOURCE_COLOURS[index % len(SOURCE_COLOURS)]


def heard_sources(sources: list[dict]) -> list[dict]:
    """The sources the chart draws: heard this period or the one before."""
    return [s for s in sources if s["notes"] or s["change"]["previous"]]


def source_colours(sources: list[dict]) -> dict[str, str]:
    """Source -> its colour in the chart, so a table beside it can use the same."""
    return {s["source"]: source_colour(i) for i, s in enumerate(heard_sources(sources))}


def chart_id(kind: str, index: int, slug: str) -> str:
    """A stable id, safe in an attribute: the kind, its place in the digest, its slug."""
    tail = _ID_UNSAFE.sub("-", slug.lower()).strip("-")
    return f"chart-{kind}-{index}" + (f"-{tail}" if tail else "")


def short_period(label: str) -> str:
    """`2026-W47` -> `W47` (the year is in the heading); others stay whole."""
    year, _, rest = label.partition("-W")
    return f"W{rest}" if rest and year.isdigit() else label


def _trend_title(theme: dict, periods: list[str]) -> str:
    span = f"{periods[0]} to {periods[-1]}" if periods else "no periods"
    return f"{theme['label']}: notes per period, {span}"


def _trend_desc(series: list[Series], periods: list[str]) -> str:
    return "; ".join(
        f"{layer.name}: "
        + ", ".join(f"{p} {v}" for p, v in zip(periods, layer.values, strict=False))
        for layer in series
    )


def _sentiment_desc(themes: list[dict]) -> str:
    nets = [t.get("net_sentiment") for t in themes]
    return "; ".join(
        f"{t['label']} {'none' if net is None else _signed(net)}"
        for t, net in zip(themes, nets, strict=True)
    )


def _sources_desc(heard: list[dict], rows: list[tuple[str, list[int]]]) -> str:
    return "; ".join(
        f"{label}: "
        + ", ".join(f"{s['source']} {c}" for s, c in zip(heard, counts, strict=True))
        + f" (total {sum(counts)})"
        for label, counts in rows
    )


def _legend(names: list[str], x0: float, y0: float) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        x = x0 + (i % 4) * 125
        y = y0 + (i // 4) * 20
        parts.append(_rect(x, y, 11, 11, source_colour(i)))
        parts.append(_text(x + 16, y + 10, name.capitalize(), 11, INK, "start"))
    return parts


def _open(cid: str, width: float, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{cid}" class="chart" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" style="display:block;max-width:100%;height:auto">'
    )


def _title_desc(cid: str, title: str, desc: str) -> str:
    return (
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = "") -> str:
    edge = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
        f'fill="{fill}"{edge} rx="2"/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{colour}" stroke-width="1"/>'
    )


def _text(
    x: float, y: float, text: str, size: int, fill: str, anchor: str, weight: str = "400"
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _n(value: float) -> str:
    """One decimal at most, no trailing `.0`: short, and the same on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
