"""Charts of a run as inline SVG, drawn by matplotlib.

Why SVG from matplotlib rather than Vega-Lite or plotly: the report must open with no network,
so a JavaScript chart library would be inlined into every file (plotly.js is about 3.5 MB,
Vega + Vega-Lite about 1 MB); static SVG is a few kilobytes a chart, needs no script, prints,
and matplotlib is kept and everywhere. Text stays text (``svg.fonttype: none``) and ids are
salted with a constant, so the same run gives the same bytes. matplotlib is imported when a
chart is drawn, not with the module: a plain ``leadq score`` draws none and skips its import.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from leadq.schema import STAGE_ORDER

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: it adds 0.3 s to every command
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH = 8.0  # inches at 72 points each: 576 px wide in the page
BAR_HEIGHT = 0.32  # inches per bar of a horizontal bar chart
STAGE_COLOURS = {
    "sql": "#1a7f37",
    "mql": "#4c9be8",
    "nurture": "#d4a72c",
    "disqualified": "#cf222e",
}
# Any: matplotlib's stubs want each rc key as a Literal.
SVG_SETTINGS: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "leadq",
    "font.size": 9,
    "font.sans-serif": ["DejaVu Sans", "Arial"],
}
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_ID_REFERENCE = re.compile(r'(id="|url\(#|href="#)(?=[^"#)])')


def to_svg(figure: Figure, name: str) -> str:
    """The figure as an ``<svg>`` element to inline in HTML (no XML prolog, no metadata).

    Its ids are prefixed with ``name``: several charts in one page must not share an id.
    """
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = _METADATA.sub("", buffer.getvalue())
    svg = text[text.index("<svg") :]
    return _ID_REFERENCE.sub(lambda match: f"{match.group(1)}{name}-", svg)


def _figure(height: float) -> tuple[Figure, Axes]:
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH, height))
        axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def funnel_chart(rows: int, stages: dict[str, int]) -> str:
    """Leads read, then those not disqualified, MQL or better, SQL: where the funnel narrows."""
    qualified = rows - stages.get("disqualified", 0)
    steps = {
        "read": rows,
        "not disqualified": qualified,
        "MQL or better": stages.get("sql", 0) + stages.get("mql", 0),
        "SQL": stages.get("sql", 0),
    }
    figure, axes = _figure(0.6 + BAR_HEIGHT * 2 * len(steps))
    labels, values = list(steps)[::-1], list(steps.values())[::-1]
    colours = [STAGE_COLOURS["sql"], STAGE_COLOURS["mql"], "#8c959f", "#57606a"]
    bars = axes.barh(labels, values, color=colours, left=[(rows - v) / 2 for v in values])
    axes.bar_label(bars, labels=[_count_and_share(v, rows) for v in values], label_type="center")
    axes.set_xticks([])
    axes.spines["bottom"].set_visible(False)
    return to_svg(figure, "funnel")


def stage_chart(by_source: pd.DataFrame) -> str:
    """Leads per stage in each source, stacked: which channel brings qualified leads."""
    frame = by_source.set_index("source").iloc[::-1]
    figure, axes = _figure(0.8 + BAR_HEIGHT * len(frame))
    left = np.zeros(len(frame))
    for stage in (stage.value for stage in STAGE_ORDER):
        axes.barh(frame.index, frame[stage], left=left, color=STAGE_COLOURS[stage], label=stage)
        left += frame[stage].to_numpy()
    axes.set_xlabel("leads")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return to_svg(figure, "stages")


def reasons_by_source_chart(reasons: pd.DataFrame, leads_per_source: pd.Series) -> str:
    """Per source, the share of its leads each disqualification rule caught, stacked.

    Shares, not counts: a small landing page whose form is broken stands out next to a big
    channel with a few typos.
    """
    shares = reasons.div(leads_per_source.reindex(reasons.index), axis=0).fillna(0.0)
    shares = shares.loc[shares.sum(axis=1).sort_values(kind="stable").index]
    figure, axes = _figure(0.9 + BAR_HEIGHT * max(len(shares), 1))
    left = np.zeros(len(shares))
    for rule_id in shares.columns:
        axes.barh(shares.index, shares[rule_id], left=left, label=rule_id)
        left += shares[rule_id].to_numpy()
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel("share of the source's leads disqualified, by rule")
    if len(shares.columns):
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return to_svg(figure, "reasons")


def distributions_chart(score: pd.Series, quality: pd.Series) -> str:
    """Histograms of the score and of the data-quality score, side by side."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH, 2.6))
        left, right = figure.subplots(1, 2)
    for axes, values, title, colour in (
        (left, score, "score", "#4c9be8"),
        (right, quality, "quality (0-100)", "#8250df"),
    ):
        axes.hist(values.dropna().to_numpy(dtype=float), bins=20, color=colour)
        axes.set_xlabel(title)
        axes.set_ylabel("leads")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    return to_svg(figure, "distributions")


def heatmap_chart(name: str, counts: pd.DataFrame, x_label: str) -> str:
    """A table of counts as coloured cells (e.g. source x grade), each cell labelled."""
    figure, axes = _figure(0.8 + BAR_HEIGHT * max(len(counts), 1))
    values = counts.to_numpy(dtype=float)
    axes.imshow(values, cmap="Blues", aspect="auto")
    axes.set_xticks(range(len(counts.columns)), [str(name) for name in counts.columns])
    axes.set_yticks(range(len(counts.index)), [str(name) for name in counts.index])
    axes.set_xlabel(x_label)
    top = values.max() if values.size else 0
    for (row, column), value in np.ndenumerate(values):
        colour = "white" if value > top / 2 else "black"
        axes.text(column, row, f"{value:.0f}", ha="center", va="center", color=colour)
    return to_svg(figure, name)


def sizes_chart(name: str, sizes: pd.DataFrame, label: str, colour: str = "#4c9be8") -> str:
    """Horizontal bars: leads per queue, or per rep (their load in this run)."""
    frame = sizes.iloc[::-1]
    figure, axes = _figure(0.6 + BAR_HEIGHT * max(len(frame), 1))
    bars = axes.barh(frame[label].astype(str), frame["leads"], color=colour)
    axes.bar_label(bars, padding=3)
    axes.set_xlabel("leads")
    return to_svg(figure, name)


def cluster_sizes_chart(cluster_size: pd.Series, cluster_id: pd.Series) -> str:
    """How many duplicate clusters have 2, 3, ... leads."""
    clusters = pd.DataFrame({"id": cluster_id, "size": cluster_size})
    sizes = clusters[clusters["size"] > 1].drop_duplicates("id")["size"].astype(int)
    counts = sizes.value_counts().sort_index()
    figure, axes = _figure(2.2)
    bars = axes.bar([str(size) for size in counts.index], counts.to_numpy(), color="#8250df")
    axes.bar_label(bars, padding=2)
    axes.set_xlabel("leads in the cluster")
    axes.set_ylabel("clusters")
    return to_svg(figure, "duplicates")


def _count_and_share(value: int, total: int) -> str:
    return f"{value} ({value / total:.0%})" if total else str(value)


def lift_chart(deciles: Sequence[tuple[str, float | None, float | None]], base: float) -> str:
    """Conversion per score decile, the best tenth of the queue first, against all leads'
    rate (dashed); each bar is labelled with its lift. Good rules make a falling staircase.

    Args:
        deciles: (label, conversion rate, lift) per decile; None for an empty decile.
        base: the conversion rate of all leads with a known outcome.
    """
    figure, axes = _figure(2.8)
    labels = [label for label, _, _ in deciles]
    rates = [rate or 0.0 for _, rate, _ in deciles]
    bars = axes.bar(labels, rates, color="#4c9be8")
    lifts = ["" if lift is None else f"{lift:.1f}x" for _, _, lift in deciles]
    axes.bar_label(bars, labels=lifts, padding=2, fontsize=8)
    axes.axhline(base, color="#57606a", linestyle="--", linewidth=1)
    axes.annotate(
        f"all leads {base:.1%}", (1.0, base), xycoords=("axes fraction", "data"),
        xytext=(4, 0), textcoords="offset points", va="center", color="#57606a",
    )  # fmt: skip
    axes.set_ylim(0, max([*rates, base]) * 1.15 or 1.0)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel("score decile (1 = the top tenth of the queue)")
    axes.set_ylabel("conversion")
    return to_svg(figure, "lift")
