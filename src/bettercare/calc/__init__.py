"""Calculations the review and the monitoring use: admissions avoided, % change against the
national minimum, the payment-for-performance (P4P) pot, and rates per 100,000.

Plain functions on numbers, so a board paper, a test or a notebook can reproduce every figure.
The unit cost of a non-elective admission is a framework parameter (`p4p_unit_cost`), never a
constant here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PER = 100_000


def admissions_avoided(baseline: Sequence[float], planned: Sequence[float]) -> float:
    """Baseline quarters minus planned quarters (positive when admissions fall)."""
    if len(baseline) != len(planned):
        raise ValueError("baseline and planned need the same number of quarters")
    return sum(baseline) - sum(planned)


def percent_change(before: float, after: float) -> float:
    """Change from `before` to `after` in per cent (negative is a reduction)."""
    if before == 0:
        raise ValueError("no change can be measured from zero")
    return (after - before) / before * 100


def p4p_pot(avoided: float, unit_cost: float) -> float:
    """The P4P pot: admissions avoided × the average cost of a non-elective admission."""
    return max(avoided, 0.0) * unit_cost


def rate_per_100k(count: float, population: float) -> float:
    """A count as a rate per 100,000 of the population it is drawn from."""
    if population <= 0:
        raise ValueError("population must be positive")
    return count / population * PER


def count_from_rate(rate: float, population: float) -> float:
    """The count behind a rate per 100,000 (e.g. delayed days from a DTOC rate)."""
    return rate * population / PER


@dataclass(frozen=True)
class P4PSummary:
    """The P4P line of a review summary, reproduced from its inputs."""

    baseline: float
    planned: float
    avoided: float
    change_percent: float
    meets_minimum: bool
    unit_cost: float
    pot: float


def p4p_summary(
    baseline: Sequence[float], planned: Sequence[float], unit_cost: float, minimum_percent: float
) -> P4PSummary:
    """Admissions avoided, % change, whether it meets the national minimum, and the pot."""
    avoided = admissions_avoided(baseline, planned)
    change = percent_change(sum(baseline), sum(planned))
    return P4PSummary(
        baseline=sum(baseline),
        planned=sum(planned),
        avoided=avoided,
        change_percent=change,
        meets_minimum=change <= -minimum_percent,
        unit_cost=unit_cost,
        pot=p4p_pot(avoided, unit_cost),
    )


def planned_at_reduction(baseline: Sequence[float], reduction_percent: float) -> list[float]:
    """Each baseline quarter reduced by a percentage (the national minimum is 3.5%)."""
    return [value * (1 - reduction_percent / 100) for value in baseline]
