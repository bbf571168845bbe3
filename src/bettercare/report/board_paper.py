"""The board paper: the few A4 pages a Health and Wellbeing Board tables about its plan —
summary, category and why, top risks with the plan's own words as evidence, money, metrics
with charts, and the action plan with owners and dates.

One HTML page (autoescaped Jinja2; charts are inline SVG whose text matplotlib escapes),
printed to PDF by WeasyPrint with the area's name in the running header and page numbers
in the footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from bettercare import __version__
from bettercare.model import SEVERITY_ORDER
from bettercare.report import charts
from bettercare.report.environment import TEMPLATES

if TYPE_CHECKING:
    from bettercare.monitor import Monitoring
    from bettercare.pipeline import Assured

_ENV = TEMPLATES
TOP_RISKS = 6
"""The paper shows this many risks, worst first; the action plan lists every one."""
QUOTES = 3
"""Evidence lines quoted under each risk."""

NEL_CHART_TITLE = "Non-elective admissions by quarter"
MONEY_CHART_TITLE = "Pooled budget by year"


def _area(assured: Assured) -> str:
    plan = assured.plan
    return plan.health_and_wellbeing_board or ", ".join(plan.local_authorities) or "Unnamed area"


def _pounds(value: float | None) -> str:
    return "—" if value is None else f"£{value:,.0f}"


_ENV.filters["pounds"] = _pounds


def _nel_chart(assured: Assured, monitoring: Monitoring | None) -> tuple[str, list[list[str]]]:
    """The NEL trajectory chart (plan, and actual where given) and its rows as a table."""
    framework, plan = assured.framework, assured.plan
    nel = framework.p4p_metric
    years = framework.years[-2:]
    periods = [f"{year} Q{quarter}" for year in years for quarter in range(1, 5)]
    planned: dict[str, float] = {}
    series = plan.series(nel) if nel else None
    if series is not None:
        planned = {v.period: v.value for v in series.values}
    if plan.part2 and len(plan.part2.p4p) == 4:
        for number, quarter in enumerate(plan.part2.p4p, start=1):
            if quarter.baseline is not None:
                planned[f"{years[0]} Q{number}"] = quarter.baseline
            if quarter.plan is not None:
                planned[f"{years[-1]} Q{number}"] = quarter.plan
    actual: dict[str, float] = {}
    if monitoring is not None:
        for metric in monitoring.metrics:
            if metric.metric == nel:
                actual = {q.period: q.actual for q in metric.quarters if q.actual is not None}
    if not planned and not actual:
        return "", []
    lines = {"plan": [planned.get(p) for p in periods]}
    if actual:
        lines["actual"] = [actual.get(p) for p in periods]
    rows = [
        [
            p,
            "—" if planned.get(p) is None else f"{planned[p]:,.0f}",
            "—" if actual.get(p) is None else f"{actual[p]:,.0f}",
        ]
        for p in periods
    ]
    description = "; ".join(f"{r[0]}: plan {r[1]}, actual {r[2]}" for r in rows)
    labels = [p.replace("20", "", 1) for p in periods]  # "14/15 Q1": fits the axis
    svg = charts.trajectory_svg(
        "chart-nel", NEL_CHART_TITLE, labels, lines, "Admissions (number)", description
    )
    return svg, rows


def _money_chart(assured: Assured) -> str:
    budget = assured.plan.pooled_budget
    years = [y for y in assured.framework.years if budget.total.get(y) or budget.minimum.get(y)]
    if not years:
        return ""
    labels, values = [], []
    for year in years:
        for kind, amounts in (("minimum", budget.minimum), ("total", budget.total)):
            labels.append(f"{year} {kind}")
            values.append((amounts.get(year) or 0) / 1_000_000)
    return charts.bars_svg(
        "chart-money",
        MONEY_CHART_TITLE,
        labels,
        values,
        "£ million",
        "; ".join(f"{label}: £{value:,.3f}m" for label, value in zip(labels, values, strict=True)),
    )


def board_paper_html(assured: Assured, monitoring: Monitoring | None = None) -> str:
    """The board paper as a self-contained HTML page (print it to PDF with `board_paper_pdf`)."""
    assessment = assured.assessment
    risks = sorted(assessment.risks, key=lambda r: SEVERITY_ORDER[r.severity])
    nel_svg, nel_rows = _nel_chart(assured, monitoring)
    money_svg = _money_chart(assured)
    years = assured.framework.years
    budget = assured.plan.pooled_budget
    money_rows = [
        [
            year,
            budget.minimum.get(year),
            budget.total.get(year),
            (budget.total[year] or 0) - (budget.minimum[year] or 0)
            if budget.total.get(year) is not None and budget.minimum.get(year) is not None
            else None,
        ]
        for year in years
    ]
    return _ENV.get_template("board_paper.html").render(
        area=_area(assured),
        plan=assured.plan,
        assessment=assessment,
        figures=assured.figures,
        risks=risks[:TOP_RISKS],
        more_risks=max(0, len(risks) - TOP_RISKS),
        quotes=QUOTES,
        money_rows=money_rows,
        nel_svg=Markup(nel_svg) if nel_svg else None,
        nel_rows=nel_rows,
        nel_title=NEL_CHART_TITLE,
        money_svg=Markup(money_svg) if money_svg else None,
        money_title=MONEY_CHART_TITLE,
        monitoring=monitoring,
        version=__version__,
    )


def board_paper_pdf(html: str) -> bytes:
    """The paper printed to A4 PDF by WeasyPrint (no file or network is fetched)."""
    from weasyprint import HTML

    def refuse(url: str) -> dict[str, object]:
        raise ValueError(f"the board paper fetches nothing ({url[:40]})")

    pdf = HTML(string=html, url_fetcher=refuse).write_pdf()
    assert pdf is not None  # write_pdf with no target returns the bytes
    return bytes(pdf)
