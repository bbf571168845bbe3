"""One row per file of a batch, for an assurer or analyst to sort and filter in Excel.

Every file found is a row: `assured` (with its report), `failed` or `skipped` (with the reason).
Text goes through `cells.safe_text` and is quoted, so no plan text becomes a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from bettercare.report.cells import safe_cell

if TYPE_CHECKING:
    from bettercare.pipeline import Assured

COLUMNS = [
    "file",
    "status",
    "report",
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
    "reason",
]


def summary_row(file: str, assured: Assured, report: str = "") -> dict[str, object]:
    """The row of a plan assured; `file` as the batch shows it, `report` its report's name."""
    assessment, figures = assured.assessment, assured.figures
    severities = [risk.severity for risk in assessment.risks]
    change, pot = figures.change_percent, figures.p4p_pot
    return {
        "file": file,
        "status": "assured",
        "report": report,
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
        "nel_change_percent": round(change, 2) if change is not None else "",
        "p4p_pot": round(pot) if pot is not None else "",
        "reason": "",
    }


def error_row(file: str, reason: str) -> dict[str, object]:
    """The row of a file that could not be assured."""
    return {**dict.fromkeys(COLUMNS, ""), "file": file, "status": "failed", "reason": reason}


def skipped_row(file: str, reason: str) -> dict[str, object]:
    """The row of a file found in a folder and not read."""
    return {**dict.fromkeys(COLUMNS, ""), "file": file, "status": "skipped", "reason": reason}


def summary_csv(rows: list[dict[str, object]]) -> str:
    """The rows as CSV: numbers as numbers, every text quoted and made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_field(row.get(column)) for column in COLUMNS])
    return buffer.getvalue()


def _field(value: object) -> object:
    cell = safe_cell(value)
    return "" if cell is None else cell
