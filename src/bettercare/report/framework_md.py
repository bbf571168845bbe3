"""What a framework file holds besides its assurance rules — templates and their sections,
metrics, conditions, sign-off kinds, and the check families it runs — as Markdown, so
`bettercare rules --framework FILE` shows a new round's file before it is used."""

from __future__ import annotations

from bettercare.frameworks import Framework


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def contents_markdown(framework: Framework, families: list[tuple[str, list[str]]]) -> str:
    """`families`: the check families this framework runs, each with the codes it raises."""
    out = [
        "",
        "## What the framework holds",
        "",
        f"`{framework.id}`: {framework.name}; years {', '.join(framework.years)}.",
        "",
        "### Templates",
        "",
        "| template | sections |",
        "|---|---|",
    ]
    for template in framework.templates:
        sections = ", ".join(section.id for section in template.sections)
        out.append(f"| {_cell(template.name)} (`{template.id}`) | {sections} |")
    out += [
        "",
        "### Metrics",
        "",
        "| id | metric | unit | better | P4P | plausible one-year improvement |",
        "|---|---|---|---|---|---|",
    ]
    for metric in framework.metrics:
        p4p = "yes" if metric.p4p else ""
        low, high = metric.min_improvement_percent, metric.max_improvement_percent
        band = f"{low:g}%" if low is not None else "—"
        band += f" to {high:g}%" if high is not None else " or more" if low is not None else ""
        out.append(
            f"| {metric.id} | {_cell(metric.name)} | {_cell(metric.unit)} | "
            f"{metric.better or ''} | {p4p} | {band} |"
        )
    out += ["", "### Conditions set on approval", "", "| code | condition |", "|---|---|"]
    for condition in framework.assurance.conditions:
        out.append(f"| {condition.code} | {_cell(condition.text)} |")
    kinds = ", ".join(f"{kind.kind} ({kind.name})" for kind in framework.form.signoff.kinds)
    out += ["", f"Sign-off blocks: {kinds}.", "", "### Check families run", ""]
    out += [f"- `{name}`: {', '.join(f'`{c}`' for c in codes)}" for name, codes in families]
    return "\n".join(out) + "\n"
