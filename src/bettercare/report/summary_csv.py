"""One row per plan of a batch, for an assurer or analyst to sort and filter in Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bettercare.pipeline import Assured

COLUMNS = [
    "file",
    "health_and_wellbeing_board",
    "template",
    "category",
    "rule",
    "showstoppers",
    "top_risks",
    "further_risks",
    "risk_codes",
    "conditions",
    "pooled_total_2015_16",
    "nel_change_percent",
    "p4p_pot",
    "error",
]


def summary_row(path: Path, assured: Assured) -> dict[str, object]:
    assessment, figures = assured.assessment, assured.figures
    severities = [risk.severity for risk in assessment.risks]
    return {
        "file": path.name,
        "health_and_wellbeing_board": assured.plan.health_and_wellbeing_board or "",
        "template": assured.plan.template or "",
        "category": assessment.category,
        "rule": assessment.rule,
        "showstoppers": severities.count("Showstopper"),
        "top_risks": severities.count("Top risk"),
        "further_risks": severities.count("Further risk"),
        "risk_codes": " ".join(risk.code for risk in assessment.risks),
        "conditions": " ".join(condition.code for condition in assessment.conditions),
        "pooled_total_2015_16": figures.pooled_total if figures.pooled_total is not None else "",
        "nel_change_percent": (
            f"{figures.change_percent:.2f}" if figures.change_percent is not None else ""
        ),
        "p4p_pot": f"{figures.p4p_pot:.0f}" if figures.p4p_pot is not None else "",
        "error": "",
    }


def error_row(path: Path, reason: str) -> dict[str, object]:
    return {**dict.fromkeys(COLUMNS, ""), "file": path.name, "error": reason}


def summary_csv(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
