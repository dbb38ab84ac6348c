"""Charts of a dashboard table, drawn as SVG by pygal on the server.

A chart says what its table says, no more: the page shows the table under it, and the
image's text alternative points to it. The colours are the Okabe–Ito palette, told
apart by people with any common colour-vision deficiency; lines are also dashed
differently.
"""

import base64
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.style import Style

from core.figures import Table

# Okabe & Ito (2008), darkest first; the yellow, weak on white, last.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "6,3", "2,3", "9,3,2,3")
STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground="#1f2933", foreground_strong="#1f2933",
              foreground_subtle="#52606d", colors=PALETTE, font_family="system-ui, sans-serif",
              label_font_size=13, major_label_font_size=13, legend_font_size=14, title_font_size=16,
              value_font_size=12, tooltip_font_size=13)
KINDS: dict[str, Callable[..., Any]] = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "hbar": pygal.HorizontalBar,
                                        "hstacked": pygal.HorizontalStackedBar, "line": pygal.Line}


@dataclass(frozen=True)
class Chart:
    """How to draw a table: categories along ``x``; one series per value column of
    ``values``, or per value of the ``series`` columns (summing ``value``); with ``ratio``
    a percentage: the sum of ``value`` over the sum of ``ratio``. ``split`` draws one
    chart per value of that column."""

    kind: str
    x: str
    values: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    value: str | None = None
    ratio: str | None = None
    split: str | None = None
    key: str = ""  # which chart of a table, when it has several
    also: tuple[str, ...] = ()  # columns the table under the chart shows, not drawn (an average, say)


Say = Callable[[str, Any], str]  # (column, value) -> words


@dataclass
class Series:
    name: str
    values: list[float | None]
    # with a ratio: (value, whole) behind each percentage
    parts: list[tuple[float, float]] | None = None


@dataclass
class Plot:
    """What a chart shows: the categories along x and the series; the page shows the same
    as a table (a row per category, a column per series)."""

    x: list[Any]
    x_labels: list[str]
    series: list[Series]


def plot(table: Table, chart: Chart, say: Say) -> Plot:
    """The categories and series of ``chart`` over ``table`` (sums, in one pass over the rows)."""
    rows = table.as_dicts()
    xs = list(dict.fromkeys(row[chart.x] for row in rows))
    labels = [say(chart.x, x) for x in xs]
    if not chart.series:
        totals: dict[tuple[str, Any], float] = defaultdict(float)
        for row in rows:
            for column in chart.values:
                totals[(column, row[chart.x])] += row[column] or 0
        return Plot(xs, labels, [Series(say("_column", column), [totals[(column, x)] for x in xs])
                                 for column in chart.values])
    assert chart.value is not None
    sums: dict[tuple[tuple[Any, ...], Any], float] = defaultdict(float)
    wholes: dict[tuple[tuple[Any, ...], Any], float] = defaultdict(float)
    for row in rows:
        key = (tuple(row[c] for c in chart.series), row[chart.x])
        sums[key] += row[chart.value] or 0
        if chart.ratio:
            wholes[key] += row[chart.ratio] or 0
    out = []
    for name in dict.fromkeys(tuple(row[c] for c in chart.series) for row in rows):
        title = " · ".join(say(column, value) for column, value in zip(chart.series, name, strict=True))
        values = [sums[(name, x)] for x in xs]
        if chart.ratio:
            parts = [(sums[(name, x)], wholes[(name, x)]) for x in xs]
            shares: list[float | None] = [round(100 * t / w, 1) if w else None for t, w in parts]
            out.append(Series(title, shares, parts))
        else:
            out.append(Series(title, list(values)))
    return Plot(xs, labels, out)


def svg(title: str, figure: Plot, kind: str, *, percent: bool = False) -> str:
    """The chart as an SVG document."""
    labels, series = figure.x_labels, figure.series
    if kind.startswith("h"):  # pygal draws the first category at the bottom: the table's order from the top
        labels = labels[::-1]
        series = [Series(one.name, one.values[::-1]) for one in series]
    height = 420 if not kind.startswith("h") else max(300, 60 + 34 * len(labels))
    chart = KINDS[kind](style=STYLE, title=title, width=960, height=height,
                        legend_at_bottom=True, legend_at_bottom_columns=min(4, max(1, len(series))),
                        show_legend=len(series) > 1, x_label_rotation=-30 if len(labels) > 8 else 0,
                        truncate_label=40, truncate_legend=60, js=[], disable_xml_declaration=True,
                        print_values=False, include_x_axis=True, margin=16, spacing=8,
                        value_formatter=(lambda v: f"{v:g} %") if percent else (lambda v: f"{v:g}"))
    if percent:
        chart.range = (0, 100)
    else:
        values = [[v or 0 for v in one.values] for one in series]
        top = max((sum(column) for column in zip(*values, strict=True)) if "stacked" in kind
                  else (v for one in values for v in one), default=0)
        if all(float(v).is_integer() for one in values for v in one) and 0 < top <= 10:
            chart.y_labels = list(range(int(top) + 1))  # counts of a few: whole numbers only
    chart.x_labels = labels
    for index, one in enumerate(series):
        extra = {"stroke_style": {"width": 3, "dasharray": DASHES[index % len(DASHES)]}} if kind == "line" else {}
        chart.add(one.name, one.values, **extra)
    # pygal's configuration script: an image runs no script, so it is left out
    return re.sub(r"<script[^>]*>.*?</script>", "", str(chart.render(is_unicode=True)), flags=re.S)


def data_uri(document: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(document.encode()).decode()
