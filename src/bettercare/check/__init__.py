"""Checks: the plan against the framework's rules, each finding with a stable code, a
severity, a message and the lines that show it.

The catalogue of codes is framework data (`[[checks]]` in the framework TOML); each module
here is one family of checks and declares the codes it raises (`CODES`). A family runs when
the framework lists its codes: a round without Part 2 simply lists no Part 2 codes. A code in
the catalogue that no family raises, or a family code missing from a catalogue that uses the
family, is an error naming both (`catalogue_problems`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bettercare.check import (
    agreement,
    ambition,
    completeness,
    conditions,
    dates,
    metrics,
    money,
    narrative_content,
    part2,
    risks,
    savings,
    schemes,
    supporting,
)
from bettercare.check import signoff as signoff_checks
from bettercare.check.context import CheckContext
from bettercare.errors import InputError
from bettercare.extract import attach_part2, extract_file
from bettercare.frameworks import Framework, framework_ids, load_framework
from bettercare.model import CheckReport, Plan


@dataclass(frozen=True)
class Family:
    """A module of checks: its name, the codes it may raise, and how it runs."""

    name: str
    codes: frozenset[str]
    run: Callable[[CheckContext], None]


# In the order a reader meets them in the plan.
FAMILIES: list[Family] = [
    Family("checklist", completeness.CHECKLIST_CODES, completeness.checklist),
    Family("completeness", completeness.CODES, completeness.run),
    Family("signoff", signoff_checks.CODES, signoff_checks.run),
    Family("agreement", agreement.CODES, agreement.run),
    Family("dates", dates.CODES, dates.run),
    Family("money", money.CODES, money.run),
    Family("schemes", schemes.CODES, schemes.run),
    Family("risks", risks.CODES, risks.run),
    Family("metrics", metrics.CODES, metrics.run),
    Family("conditions", conditions.CODES, conditions.run),
    Family("condition-evidence", conditions.EVIDENCE_CODES, conditions.run_evidence),
    Family("part2", part2.CODES, part2.run),
    Family("ambition", ambition.CODES, ambition.run),
    Family("supporting", supporting.CODES, supporting.run),
    Family("savings", savings.CODES, savings.run),
    Family("narrative_content", narrative_content.CODES, narrative_content.run),
]


class FrameworkError(InputError):
    """A framework whose check catalogue does not match the check functions."""


def catalogue_problems(framework: Framework) -> list[str]:
    """What does not match between the framework's `[[checks]]` and the check families."""
    catalogue = {check.code for check in framework.checks}
    raised = {code for family in FAMILIES for code in family.codes}
    problems = [
        f"[[checks]] {code!r} has no check function (none of the families "
        f"{', '.join(f.name for f in FAMILIES)} raises it)"
        for code in sorted(catalogue - raised)
    ]
    for family in FAMILIES:
        if family.codes & catalogue:
            problems += [
                f"check family {family.name!r} raises {code!r}, which has no [[checks]] entry"
                for code in sorted(family.codes - catalogue)
            ]
    return problems


def families_for(framework: Framework) -> tuple[Family, ...]:
    """The families a framework runs; raises `FrameworkError` naming every mismatch."""
    problems = catalogue_problems(framework)
    if problems:
        raise FrameworkError(f"framework {framework.id}", "; ".join(problems))
    catalogue = {check.code for check in framework.checks}
    return tuple(family for family in FAMILIES if family.codes & catalogue)


def check_plan(plan: Plan, framework: Framework | None = None, file: str = "") -> CheckReport:
    """Run every check of the framework on a plan; the plan alone is the evidence."""
    framework = framework or load_framework(plan.framework)
    ctx = CheckContext(plan, framework)
    for family in families_for(framework):
        ctx.codes = family.codes
        family.run(ctx)
    ctx.codes = None
    return CheckReport(
        file=file,
        framework=framework.id,
        template=plan.template,
        findings=ctx.findings,
        checklist=ctx.checklist,
    )


def check_file(
    path: str | Path, part2: str | Path | None = None, framework: Framework | None = None
) -> tuple[Plan, CheckReport]:
    """Read and check one plan — a document, or a plan saved as JSON by `extract` — with its
    Part 2 workbook if given (raises `InputError` when either cannot be read)."""
    plan = extract_file(path, framework)
    if plan.round is not None:
        held = ", ".join(framework_ids())
        raise InputError(
            str(path),
            f"a {plan.round} plan: no framework file holds the {plan.round} round "
            f"(held: {held}), so it can be extracted (bettercare extract) but not checked "
            "or assessed",
        )
    if part2 is not None:
        attach_part2(plan, part2, framework)
    framework = framework or load_framework(plan.framework)
    return plan, check_plan(plan, framework, str(path))


__all__ = ["FAMILIES", "Family", "catalogue_problems", "check_file", "check_plan"]
