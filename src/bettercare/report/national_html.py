"""The national roll-up as one self-contained HTML page: headline figures, charts (inline SVG,
each with a caption and its data in a table) and every table of the roll-up.

Jinja's autoescaping is on for every value, so a plan's text can never become markup; the
page's Content-Security-Policy forbids scripts as a second guard.
"""

from __future__ import annotations

from markupsafe import Markup

from bettercare import __version__
from bettercare.national.rollup import NationalRollup
from bettercare.national.tables import Kind, Value, rollup_tables
from bettercare.report import charts
from bettercare.report.environment import TEMPLATES

_ENV = TEMPLATES
MAX_BARS = 30
"""Money per head shows at most this many areas (the highest); the table lists them all."""


def shown(value: Value, kind: Kind) -> str:
    """A cell as a page prints it: pounds with £ and commas, per cent with 2 decimals."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == "money":
        return f"£{value:,.0f}"
    if kind == "percent":
        return f"{value:.2f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{value:,.0f}"


_ENV.filters["shown"] = shown


def _charts(rollup: NationalRollup) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    regions = list(rollup.by_region)
    stacks = {c: [rollup.by_region[r].by_category[c] for r in regions] for c in rollup.by_category}
    found.append(
        {
            "id": "chart-categories",
            "table": "table-by_region",
            "caption": "Plans by category in each NHS England region (number of plans).",
            "svg": charts.stacked_bars_svg(
                "chart-categories",
                "Categories by region",
                regions,
                stacks,
                "Plans (number)",
                "; ".join(
                    f"{r}: " + ", ".join(f"{c} {stacks[c][i]}" for c in stacks)
                    for i, r in enumerate(regions)
                ),
            ),
        }
    )
    minimum = rollup.ambition.national_minimum_percent
    values = [value for _, value in rollup.ambition.values]
    spread = rollup.ambition.reduction_percent
    found.append(
        {
            "id": "chart-ambition",
            "table": "table-ambition",
            "caption": f"Planned reduction in non-elective admissions, one dot a plan; dashed "
            f"line: the national minimum of {minimum}%.",
            "svg": charts.dot_plot_svg(
                "chart-ambition",
                "Non-elective ambition",
                values,
                minimum,
                "Planned reduction in non-elective admissions (%)",
                f"{len(values)} plans; lowest {shown(spread.minimum, 'percent')}, median "
                f"{shown(spread.median, 'percent')}, highest {shown(spread.maximum, 'percent')}; "
                f"{rollup.ambition.below_minimum} below the national minimum of {minimum}%.",
            ),
        }
    )
    codes = [risk.code for risk in rollup.risks.top]
    risk_regions = list(rollup.risks.by_region)
    if codes:
        counts = [[rollup.risks.by_region[r].get(code, 0) for r in risk_regions] for code in codes]
        found.append(
            {
                "id": "chart-risks",
                "table": "table-risks",
                "caption": "Plans with each risk code, by NHS England region.",
                "svg": charts.heatmap_svg(
                    "chart-risks",
                    "Risk codes by region",
                    codes,
                    risk_regions,
                    counts,
                    "NHS England region",
                    "Risk code",
                    "; ".join(
                        f"{code}: "
                        + ", ".join(f"{r} {counts[i][j]}" for j, r in enumerate(risk_regions))
                        for i, code in enumerate(codes)
                    ),
                ),
            }
        )
    per_head = sorted(
        (r for r in rollup.rows if r.money_per_head is not None),
        key=lambda r: -(r.money_per_head or 0.0),
    )[:MAX_BARS]
    if per_head:
        found.append(
            {
                "id": "chart-per-head",
                "table": "table-plans",
                "caption": "Total pooled budget per head of population (£), for plans whose "
                "Part 2 gives the population"
                + (f"; the {MAX_BARS} highest." if len(per_head) == MAX_BARS else "."),
                "svg": charts.bars_svg(
                    "chart-per-head",
                    f"Pooled budget per head, {rollup.year}",
                    [r.area for r in per_head],
                    [r.money_per_head or 0.0 for r in per_head],
                    "Pooled budget per head (£)",
                    "; ".join(f"{r.area}: {shown(r.money_per_head, 'money')}" for r in per_head),
                ),
            }
        )
    trajectories = rollup.trajectories
    if rollup.comparison is not None:
        files = [a.row.file for a in rollup.comparison.areas]
        compared = {f: trajectories[f] for f in files if f in trajectories}
        names = {a.row.file: a.row.area for a in rollup.comparison.areas}
        if compared:
            periods = sorted({p for series in compared.values() for p in series})
            lines = {names[f]: [s.get(p) for p in periods] for f, s in compared.items()}
            found.append(
                {
                    "id": "chart-trajectory",
                    "table": "table-comparison",
                    "caption": "Planned non-elective admissions by quarter of the areas compared.",
                    "svg": charts.trajectory_svg(
                        "chart-trajectory",
                        "Quarterly NEL trajectory",
                        periods,
                        lines,
                        "Admissions (number)",
                        "; ".join(
                            f"{name}: "
                            + ", ".join(
                                f"{p} {v:,.0f}"
                                for p, v in zip(periods, values_, strict=True)
                                if v is not None
                            )
                            for name, values_ in lines.items()
                        ),
                    ),
                }
            )
    for chart in found:
        chart["svg"] = Markup(chart["svg"])  # built by matplotlib; its text escaped there
    return found


def national_html(rollup: NationalRollup) -> str:
    return _ENV.get_template("national.html").render(
        rollup=rollup,
        tables=rollup_tables(rollup),
        charts=_charts(rollup),
        version=__version__,
    )
