"""The roll-up as named tables of typed columns: the one layout the HTML page, the CSV and
the workbook (one sheet per table) all print, so every format holds the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bettercare.national.compare import COMPARED
from bettercare.national.rollup import NationalRollup

Kind = Literal["text", "count", "money", "percent", "number"]
Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"


@dataclass
class Table:
    name: str  # short id: the XLSX sheet's name and the CSV's "table" column
    title: str
    columns: list[Column]
    rows: list[list[Value]]


def _joined(values: list[str]) -> str:
    return "; ".join(values)


def rollup_tables(rollup: NationalRollup) -> list[Table]:
    """Every table of the roll-up, in the order pages show them."""
    categories = list(rollup.by_category)
    contributions = rollup.contributions
    columns = sorted({*contributions.council, *contributions.ccg, *contributions.other})
    severities = list(rollup.risks.by_severity)
    regions = list(rollup.risks.by_region)
    tables = [
        Table(
            "summary",
            "Summary",
            [Column("Figure"), Column("Value", "number")],
            [
                ["Plans", rollup.plans],
                ["HWB areas in the gazetteer", rollup.areas_in_gazetteer],
                ["Areas with a plan", rollup.areas_covered],
                ["Areas missing", len(rollup.missing_areas)],
                ["Files failed", len(rollup.failed)],
                ["Plans superseded by a later one", len(rollup.superseded)],
                [
                    "National minimum NEL reduction (%)",
                    rollup.thresholds["national_minimum_nel_reduction_percent"],
                ],
            ],
        ),
        Table(
            "by_category",
            "Plans by category",
            [Column("Category"), Column("Plans", "count")],
            [[name, count] for name, count in rollup.by_category.items()],
        ),
        Table(
            "by_region",
            "Plans by region and category",
            [
                Column("Region"),
                Column("HWB areas", "count"),
                Column("Plans", "count"),
                Column("Missing", "count"),
                *(Column(name, "count") for name in categories),
            ],
            [
                [r.region, r.areas, r.plans, r.missing, *(r.by_category[c] for c in categories)]
                for r in rollup.by_region.values()
            ],
        ),
        Table(
            "money",
            "Pooled budget by year",
            [
                Column("Year"),
                Column("Plans", "count"),
                Column("Minimum (£)", "money"),
                Column("Total pooled (£)", "money"),
                Column("Pooled above the minimum (£)", "money"),
            ],
            [[m.year, m.plans, m.minimum, m.total, m.above_minimum] for m in rollup.money],
        ),
        Table(
            "contributions",
            f"Contributions by kind of organisation ({contributions.plans} plans with a table)",
            [Column("Organisation"), *(Column(f"{c} (£)", "money") for c in columns)],
            [
                [kind, *(sums.get(c) for c in columns)]
                for kind, sums in (
                    ("council", contributions.council),
                    ("ccg", contributions.ccg),
                    ("other", contributions.other),
                )
                if sums
            ],
        ),
        Table(
            "ambition",
            "Non-elective ambition and payment for performance",
            [Column("Figure"), Column("Value", "number")],
            [
                ["Plans with a NEL baseline and plan", rollup.ambition.plans],
                ["Lowest reduction (%)", rollup.ambition.reduction_percent.minimum],
                ["Median reduction (%)", rollup.ambition.reduction_percent.median],
                ["Highest reduction (%)", rollup.ambition.reduction_percent.maximum],
                ["Plans below the national minimum", rollup.ambition.below_minimum],
                ["Admissions avoided", rollup.ambition.admissions_avoided],
                ["P4P at stake (£)", rollup.ambition.p4p_total],
            ],
        ),
        Table(
            "risks",
            "Most frequent risk codes",
            [
                Column("Code"),
                Column("Risk"),
                Column("Plans", "count"),
                *(Column(s, "count") for s in severities),
                *(Column(r, "count") for r in regions),
            ],
            [
                [
                    risk.code,
                    risk.title,
                    risk.plans,
                    *(rollup.risks.by_severity[s].get(risk.code, 0) for s in severities),
                    *(rollup.risks.by_region[r].get(risk.code, 0) for r in regions),
                ]
                for risk in rollup.risks.top
            ],
        ),
        Table(
            "conditions",
            "National conditions: plans evidencing each",
            [
                Column("Condition"),
                Column("Text"),
                Column("Evidenced", "count"),
                Column("Not evidenced", "count"),
                Column("Evidenced (%)", "percent"),
            ],
            [
                [c.code, c.text, c.plans_evidenced, c.plans_not_evidenced, c.percent_evidenced]
                for c in rollup.conditions
            ],
        ),
        Table(
            "outliers",
            "Outliers",
            [Column("Kind"), Column("File"), Column("Area"), Column("Detail")],
            [
                [kind, o.file, o.area, o.detail]
                for kind, items in (
                    ("ambition below the minimum", rollup.outliers.ambition_below_minimum),
                    ("pooled total below the minimum", rollup.outliers.pooled_below_minimum),
                    ("money units flagged", rollup.outliers.money_units_flagged),
                    ("sign-off gap", rollup.outliers.signoff_gaps),
                )
                for o in items
            ],
        ),
        Table(
            "needs_review",
            "Plans whose fields need review",
            [Column("File"), Column("Area"), Column("Fields")],
            [[r.file, r.area, _joined(r.fields)] for r in rollup.needs_review],
        ),
        Table(
            "plans",
            "Every plan",
            [
                Column("File"),
                Column("Area code"),
                Column("Area"),
                Column("Region"),
                Column("Category"),
                Column("Part 2"),
                Column("Minimum (£)", "money"),
                Column("Total pooled (£)", "money"),
                Column("Above minimum (£)", "money"),
                Column("NEL reduction (%)", "percent"),
                Column("Admissions avoided", "number"),
                Column("P4P (£)", "money"),
                Column("Population", "count"),
                Column("Pooled per head (£)", "number"),
                Column("Showstoppers", "count"),
                Column("Top risks", "count"),
                Column("Further risks", "count"),
                Column("Risk codes"),
                Column("Conditions not evidenced"),
                Column("Sign-off gaps", "count"),
                Column("Fields to review", "count"),
            ],
            [
                [
                    r.file,
                    r.area_code,
                    r.area,
                    r.region,
                    r.category,
                    "yes" if r.part2 else "no",
                    r.pooled_minimum,
                    r.pooled_total,
                    r.above_minimum,
                    r.reduction_percent,
                    r.admissions_avoided,
                    r.p4p_pot,
                    r.population,
                    r.money_per_head,
                    r.showstoppers,
                    r.top_risks,
                    r.further_risks,
                    _joined(r.risk_codes),
                    _joined(r.conditions_not_evidenced),
                    r.signoff_gaps,
                    r.needs_review,
                ]
                for r in rollup.rows
            ],
        ),
        Table(
            "missing",
            "HWB areas with no plan",
            [Column("Area code"), Column("Area"), Column("NHS region"), Column("ONS region")],
            [[m.code, m.name, m.region, m.ons_region] for m in rollup.missing_areas],
        ),
        Table(
            "failed",
            "Files that could not be assured",
            [Column("File"), Column("Reason")],
            [[f.file, f.reason] for f in rollup.failed],
        ),
        Table(
            "superseded",
            "Plans superseded by a later plan of the same area",
            [Column("File"), Column("Area"), Column("Superseded by")],
            [[s.file, s.area, s.by] for s in rollup.superseded],
        ),
    ]
    if rollup.comparison is not None:
        compared = rollup.comparison.areas
        labels = dict(COMPARED)
        tables.append(
            Table(
                "comparison",
                "Areas compared, and each against its region's median",
                [
                    Column("Area"),
                    Column("Region"),
                    Column("Category"),
                    Column("Figure"),
                    Column("Value", "number"),
                    Column("Region median", "number"),
                    Column("Difference", "number"),
                ],
                [
                    [
                        a.row.area,
                        a.row.region,
                        a.row.category,
                        labels[f.figure],
                        f.value,
                        f.region_median,
                        f.difference,
                    ]
                    for a in compared
                    for f in a.against_region
                ],
            )
        )
    return tables
