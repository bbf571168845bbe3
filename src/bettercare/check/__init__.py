"""Checks: the plan against the framework's rules, each finding with a stable code, a
severity, a message and the lines that show it. The catalogue of codes is framework data
(`[[checks]]` in the framework TOML); each module here implements one family of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bettercare.check import (
    completeness,
    conditions,
    dates,
    metrics,
    money,
    part2,
    risks,
    schemes,
)
from bettercare.check import signoff as signoff_checks
from bettercare.check.context import CheckContext
from bettercare.errors import InputError
from bettercare.extract import attach_part2, extract_plan
from bettercare.frameworks import Framework, load_framework
from bettercare.model import CheckReport, Plan
from bettercare.read import Document, read_file

# In the order a reader meets them in the plan.
FAMILIES: list[Callable[[CheckContext], None]] = [
    completeness.run,
    signoff_checks.run,
    dates.run,
    money.run,
    schemes.run,
    risks.run,
    metrics.run,
    conditions.run,
    part2.run,
]


def check_plan(plan: Plan, document: Document, framework: Framework | None = None) -> CheckReport:
    """Run every check on an extracted plan; `document` supplies the evidence lines."""
    framework = framework or load_framework(plan.framework)
    ctx = CheckContext(plan, document, framework)
    entries = completeness.checklist(ctx)
    for family in FAMILIES:
        family(ctx)
    return CheckReport(
        file=document.path,
        framework=framework.id,
        template=plan.template,
        findings=ctx.findings,
        checklist=entries,
    )


def check_file(path: str | Path, part2: str | Path | None = None) -> tuple[Plan, CheckReport]:
    """Read, extract and check one file, with its Part 2 workbook if given (raises
    `InputError` when either cannot be read)."""
    document = read_file(path)
    plan = extract_plan(document)
    if plan.round is not None:
        raise InputError(
            str(path),
            f"a {plan.round} plan: bettercare holds the rules of the {plan.framework} round only, "
            "so it can extract this plan (bettercare extract) but not check or assess it",
        )
    if part2 is not None:
        attach_part2(plan, part2)
    return plan, check_plan(plan, document)


__all__ = ["FAMILIES", "check_file", "check_plan"]
