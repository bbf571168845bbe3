"""Line charts as inline SVG (matplotlib), for plan-against-actual pages.

Each line is an SVG group with the id "<title>-<line>" ("NEL-actual") holding one marker per
data point, so a page test can count the points it shows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

_HEADER = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def line_chart_svg(
    title: str, periods: Sequence[str], lines: Mapping[str, Sequence[float | None]], unit: str = ""
) -> str:
    """An SVG line chart: one line per entry of `lines`, points at `periods`; gaps for None."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "bettercare",
            "font.size": 9,
            "text.parse_math": False,  # a "$" in an area's name is text, not mathtext
        }
    )
    figure, axes = plt.subplots(figsize=(7.0, 2.8))
    try:
        styles = {"plan": ("#49627a", "--", "s"), "actual": ("#c45a00", "-", "o")}
        for name, values in lines.items():
            colour, dash, marker = styles.get(name, ("#1d2329", "-", "o"))
            points = [(p, v) for p, v in zip(periods, values, strict=True) if v is not None]
            if not points:
                continue
            (drawn,) = axes.plot(
                [periods.index(p) for p, _ in points],
                [v for _, v in points],
                linestyle=dash,
                marker=marker,
                color=colour,
                label=name.capitalize(),
            )
            drawn.set_gid(f"{title}-{name}")
        axes.set_xticks(range(len(periods)), list(periods))
        axes.set_title(title, loc="left")
        if unit:
            axes.set_ylabel(unit)
        axes.grid(axis="y", alpha=0.3)
        if axes.get_legend_handles_labels()[0]:  # a chart with no points yet has no legend
            axes.legend(loc="best", frameon=False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        plt.close(figure)
    return _HEADER.sub("", buffer.getvalue(), count=1)


# --- charts of the national picture and the board paper -------------------------------------
# Each returns one <svg> with role="img", a <title> and a <desc> (the text alternative; pages
# also give a figcaption and the data as a table). Document text (area names) is drawn as
# text, never as markup or mathtext: matplotlib escapes it and `text.parse_math` is off.

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_PALETTE = ["#2b7a3d", "#49627a", "#c45a00", "#a4161a", "#6b4c9a", "#8a949e"]


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "bettercare",
            "font.size": 9,
            "text.parse_math": False,
        }
    )
    return plt.subplots(figsize=(width, height))


def _svg(figure: Any, chart_id: str, title: str, description: str) -> str:
    """The figure as an <svg> element with its title and text alternative."""
    import matplotlib.pyplot as plt

    try:
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        plt.close(figure)
    return _labelled(_HEADER.sub("", buffer.getvalue(), count=1), chart_id, title, description)


def _labelled(svg: str, chart_id: str, title: str, description: str) -> str:
    """`svg` with role="img" and its <title> and <desc> (escaped), ids from `chart_id`."""
    ident = re.sub(r"[^a-z0-9-]", "-", chart_id.lower())
    opening = _SVG_OPEN.search(svg)
    assert opening is not None  # matplotlib always writes one
    tag = opening.group(0)[:-1] + (
        f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    return svg[: opening.start()] + tag + svg[opening.end() :]


def stacked_bars_svg(
    chart_id: str,
    title: str,
    groups: Sequence[str],
    stacks: Mapping[str, Sequence[int]],
    ylabel: str,
    description: str,
) -> str:
    """Vertical bars, one per group (region), each stacked by series (category)."""
    figure, axes = _figure(7.0, 3.4)
    bottoms = [0] * len(groups)
    for colour, (name, values) in zip(_PALETTE, stacks.items(), strict=False):
        axes.bar(range(len(groups)), values, bottom=bottoms, color=colour, label=name)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_xticks(range(len(groups)), list(groups))
    axes.set_title(title, loc="left")
    axes.set_xlabel("NHS England region")
    axes.set_ylabel(ylabel)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    return _svg(figure, chart_id, title, description)


def dot_plot_svg(
    chart_id: str,
    title: str,
    values: Sequence[float],
    threshold: float,
    xlabel: str,
    description: str,
    step: float = 0.25,
) -> str:
    """One dot per plan at its value, dots of the same `step`-wide bin stacked, and a
    dashed line at `threshold` (the national minimum)."""
    figure, axes = _figure(7.0, 2.8)
    heights: dict[float, int] = {}
    xs, ys = [], []
    for value in sorted(values):
        slot = round(value / step) * step
        heights[slot] = heights.get(slot, 0) + 1
        xs.append(slot)
        ys.append(heights[slot])
    axes.scatter(xs, ys, s=max(6.0, 40.0 - len(values) / 10), color="#49627a", label="A plan")
    axes.axvline(threshold, color="#a4161a", linestyle="--", label=f"National minimum {threshold}%")
    axes.set_title(title, loc="left")
    axes.set_xlabel(xlabel)
    axes.set_ylabel("Plans")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="best", frameon=False)
    return _svg(figure, chart_id, title, description)


def heatmap_svg(
    chart_id: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    xlabel: str,
    ylabel: str,
    description: str,
) -> str:
    """A grid of counts (rows × columns), each cell shaded and labelled with its number."""
    figure, axes = _figure(7.0, max(2.2, 0.6 + 0.28 * len(rows)))
    image = axes.imshow(counts or [[0]], cmap="Oranges", aspect="auto")
    axes.set_xticks(range(len(columns)), list(columns))
    axes.set_yticks(range(len(rows)), list(rows))
    top = max((max(row) for row in counts if row), default=0)
    for y, row in enumerate(counts):
        for x, count in enumerate(row):
            colour = "#ffffff" if top and count > top / 2 else "#1d2329"
            axes.text(x, y, str(count), ha="center", va="center", color=colour, fontsize=8)
    axes.set_title(title, loc="left")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    bar = figure.colorbar(image, ax=axes, label="Plans")
    bar.ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(figure, chart_id, title, description)


def bars_svg(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    xlabel: str,
    description: str,
) -> str:
    """Horizontal bars, one per label, largest at the top."""
    figure, axes = _figure(7.0, max(1.8, 0.7 + 0.22 * len(labels)))
    order = list(range(len(labels)))[::-1]
    axes.barh(order, list(values), color="#49627a")
    axes.set_yticks(order, list(labels))
    axes.set_title(title, loc="left")
    axes.set_xlabel(xlabel)
    return _svg(figure, chart_id, title, description)


def trajectory_svg(
    chart_id: str,
    title: str,
    periods: Sequence[str],
    lines: Mapping[str, Sequence[float | None]],
    unit: str,
    description: str,
) -> str:
    """A quarterly trajectory (plan, and actual where given) with its text alternative."""
    if set(lines) <= {"plan", "actual"}:
        return _labelled(line_chart_svg(title, periods, lines, unit), chart_id, title, description)
    figure, axes = _figure(7.0, 2.8)  # several areas: one colour and marker each
    markers = "os^Dv<>p"
    for number, (name, values) in enumerate(lines.items()):
        points = [(i, v) for i, v in enumerate(values) if v is not None]
        axes.plot(
            [i for i, _ in points],
            [v for _, v in points],
            marker=markers[number % len(markers)],
            color=_PALETTE[number % len(_PALETTE)],
            label=name,
        )
    axes.set_xticks(range(len(periods)), list(periods))
    axes.set_title(title, loc="left")
    axes.set_xlabel("Quarter")
    axes.set_ylabel(unit)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="best", frameon=False)
    return _svg(figure, chart_id, title, description)
