"""Line charts as inline SVG (matplotlib), for plan-against-actual pages.

Each line is an SVG group with the id "<title>-<line>" ("NEL-actual") holding one marker per
data point, so a page test can count the points it shows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

_HEADER = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def line_chart_svg(
    title: str, periods: Sequence[str], lines: Mapping[str, Sequence[float | None]], unit: str = ""
) -> str:
    """An SVG line chart: one line per entry of `lines`, points at `periods`; gaps for None."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "bettercare", "font.size": 9})
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
