"""The assurance report as one self-contained HTML page (no scripts, no external files).

Jinja's autoescaping is on for every value, so document text can never become markup; the
page's Content-Security-Policy forbids scripts as a second guard.
"""

from __future__ import annotations

from collections import Counter

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bettercare import __version__
from bettercare.compare import Comparison
from bettercare.pipeline import Assured

_ENV = Environment(
    loader=PackageLoader("bettercare.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


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
        framework=assured.report.framework,
        version=__version__,
    )


def diff_html(comparison: Comparison) -> str:
    return _ENV.get_template("diff.html").render(comparison=comparison, version=__version__)
