"""The assurance report as one self-contained HTML page (no scripts, no external files).

Jinja's autoescaping is on for every value, so document text can never become markup; the
page's Content-Security-Policy forbids scripts as a second guard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup

from bettercare import __version__
from bettercare.report.charts import line_chart_svg
from bettercare.report.environment import TEMPLATES

if TYPE_CHECKING:
    from bettercare.compare import Comparison
    from bettercare.monitor import Monitoring
    from bettercare.pipeline import Assured

_ENV = TEMPLATES


def field_name(where: str) -> str:
    """A field's JSON Pointer as a person reads it: "/pooled_budget/minimum/2015~116" →
    "pooled budget › minimum › 2015/16"; "/signatories/1/date" → "signatories › 2 › date"."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in where.strip("/").split("/")]
    return " › ".join(str(int(p) + 1) if p.isdigit() else p.replace("_", " ") for p in parts)


_ENV.filters["field_name"] = field_name


def _area(assured: Assured) -> str:
    plan = assured.plan
    return plan.health_and_wellbeing_board or ", ".join(plan.local_authorities) or "Unnamed area"


def assurance_html(assured: Assured) -> str:
    assessment = assured.assessment
    severities = ["Showstopper", "Top risk", "Further risk"]
    counts: Counter[str] = Counter(risk.severity for risk in assessment.risks)
    areas = Counter(risk.area for risk in assessment.risks)
    return _ENV.get_template("assurance.html").render(
        assessment=assessment,
        automatic=assured.automatic if assured.reviewed else None,
        area=_area(assured),
        template=assured.plan.template_name or "template not recognised",
        source=assured.report.file,
        severities=severities,
        counts={severity: counts.get(severity, 0) for severity in severities},
        areas=dict(areas),
        dismissed=[f for f in assessment.findings if f.dismissed],
        findings={f.id: f for f in assessment.findings},
        figures=assured.figures,
        plan=assured.plan,
        framework=assured.report.framework,
        version=__version__,
    )


def diff_html(comparison: Comparison) -> str:
    return _ENV.get_template("diff.html").render(comparison=comparison, version=__version__)


def monitor_html(monitoring: Monitoring, plan_file: str, actuals_files: list[str]) -> str:
    """The monitoring page, with a plan-against-actual chart for each metric."""
    charts = {}
    for metric in monitoring.metrics:
        periods = [q.period for q in metric.quarters]
        lines = {
            "plan": [q.plan for q in metric.quarters],
            "actual": [q.actual for q in metric.quarters],
        }
        # Trusted markup: drawn by matplotlib from numbers and framework names only.
        charts[metric.metric] = Markup(line_chart_svg(metric.metric, periods, lines))
    counts = Counter(q.rag for m in monitoring.metrics for q in m.quarters if q.rag)
    counts.update(s.rag for s in monitoring.spend if s.rag)
    return _ENV.get_template("monitor.html").render(
        monitoring=monitoring,
        charts=charts,
        counts={rag: counts.get(rag, 0) for rag in ("Red", "Amber", "Green")},
        plan_file=plan_file,
        actuals_files=actuals_files,
        version=__version__,
    )


def batch_html(rows: list[dict[str, object]], assessed_on: dt.date, links: bool) -> str:
    """An index of a batch: each file's status; each plan's category and risk counts, linked
    to its report when the reports are HTML."""
    shown = [
        {**row, "link": quote(str(row["report"])) if links and row["report"] else ""}
        for row in rows
    ]
    categories = Counter(str(row["category"]) for row in rows if row["category"])
    return _ENV.get_template("batch.html").render(
        rows=shown, categories=dict(categories), assessed_on=assessed_on, version=__version__
    )
