"""Areas side by side, and each against the median of the plans of its region."""

from __future__ import annotations

import statistics

from bettercare.national.rollup import (
    AgainstRegion,
    ComparedArea,
    Comparison,
    NationalRollup,
    PlanRow,
)

COMPARED = (
    ("pooled_minimum", "Minimum pooled (£)"),
    ("pooled_total", "Total pooled (£)"),
    ("above_minimum", "Pooled above the minimum (£)"),
    ("reduction_percent", "NEL reduction (%)"),
    ("admissions_avoided", "Admissions avoided"),
    ("p4p_pot", "P4P at stake (£)"),
    ("money_per_head", "Pooled per head (£)"),
)
"""The figures compared: (field of `PlanRow`, how pages name it)."""


def _matches(row: PlanRow, wanted: str) -> bool:
    key = wanted.strip().casefold()
    names = {row.file.casefold(), row.area.casefold(), (row.area_code or "").casefold()}
    return key in names


def compare_areas(rollup: NationalRollup, wanted: list[str]) -> Comparison:
    """Each area asked for (ONS code, gazetteer name or file) with its figures, and each figure
    against the median of its region's plans; names with no plan are listed as not found."""
    areas, not_found = [], []
    for name in wanted:
        row = next((r for r in rollup.rows if _matches(r, name)), None)
        if row is None:
            not_found.append(name)
            continue
        region = [r for r in rollup.rows if r.region == row.region]
        against = []
        for field, _ in COMPARED:
            value = getattr(row, field)
            values = [getattr(r, field) for r in region if getattr(r, field) is not None]
            median = float(statistics.median(values)) if values else None
            against.append(
                AgainstRegion(
                    figure=field,
                    value=value,
                    region_median=median,
                    difference=(
                        round(value - median, 2)
                        if value is not None and median is not None
                        else None
                    ),
                )
            )
        areas.append(ComparedArea(row=row, region_plans=len(region), against_region=against))
    return Comparison(asked=wanted, areas=areas, not_found=not_found)
