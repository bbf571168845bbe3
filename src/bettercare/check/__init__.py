"""Checks: the plan against the framework's rules, each finding with a stable code, a
severity, a message and the lines that show it. The catalogue of codes is framework data
(`[[checks]]` in the framework TOML); each module here implements one family of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bettercare.check import (
    agreement,
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
from bettercare.frameworks import Framework, framework_ids, load_framework
from bettercare.model import CheckReport, Plan
from bettercare.read import Document, read_file

# In the order a reader meets them in the plan.
FAMILIES: list[Callable[[CheckContext], None]] = [
    completeness.run,
    signoff_checks.run,
    agreement.run,
    dates.run,
    money.run,
    schemes.run,
    risks.run,
    metrics.run,
    conditions.run,
    part2.run,
]


# The codes each family can raise. A family runs only where the framework's `[[checks]]`
# catalogue lists one of its codes, so a round lists just the families that work on its plans.
# (Interim: the check engine's own gating by catalogue replaces this table.)
CODES: dict[Callable[[CheckContext], None], frozenset[str]] = {
    completeness.run: frozenset({"section-missing", "unfinished-text", "item-missing"}),
    signoff_checks.run: frozenset(
        {"signoff-block-missing", "signoff-unsigned", "signoff-unconfirmed", "signoff-informal"}
    ),
    agreement.run: frozenset({"plan-not-agreed"}),
    dates.run: frozenset({"dates-inconsistent"}),
    money.run: frozenset(
        {
            "pooled-below-minimum",
            "pooled-below-minimum-lead-in",
            "money-unit-implausible",
            "contributions-mismatch",
            "contributions-below-minimum",
            "investment-exceeds-pooled",
        }
    ),
    schemes.run: frozenset({"scheme-no-annex", "scheme-no-investment"}),
    risks.run: frozenset({"risk-unrated", "risk-unmitigated"}),
    metrics.run: frozenset(
        {
            "nel-rising",
            "nel-reduction-below-minimum",
            "reduction-mismatch",
            "metric-worsening-unexplained",
            "metric-missing",
        }
    ),
    conditions.run: frozenset({"condition-unanswered"}),
    part2.run: frozenset(
        {
            "part2-scheme-unfunded",
            "part2-expenditure-unlisted",
            "benefits-short-of-ambition",
            "p4p-values-inconsistent",
            "supporting-ambition-unsupported",
            "supporting-worsening-unexplained",
        }
    ),
}


def _enabled(family: Callable[[CheckContext], None], framework: Framework) -> bool:
    listed = {check.code for check in framework.checks}
    return bool(CODES[family] & listed)


def check_plan(plan: Plan, document: Document, framework: Framework | None = None) -> CheckReport:
    """Run the checks the framework lists on an extracted plan; `document` supplies the
    evidence lines."""
    framework = framework or load_framework(plan.framework)
    ctx = CheckContext(plan, document, framework)
    listed = {check.code for check in framework.checks}
    entries = completeness.checklist(ctx) if "item-missing" in listed else []
    for family in FAMILIES:
        if _enabled(family, framework):
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
        held = ", ".join(framework_ids())
        raise InputError(
            str(path),
            f"a {plan.round} plan: no framework file holds the {plan.round} round "
            f"(held: {held}), so it can be extracted (bettercare extract) but not checked "
            "or assessed",
        )
    if part2 is not None:
        attach_part2(plan, part2)
    return plan, check_plan(plan, document)


__all__ = ["FAMILIES", "check_file", "check_plan"]
