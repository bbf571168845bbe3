"""The `bettercare` command. Exit codes: 0 done; 1 a plan has a showstopper (`check`,
`assure`); 2 unreadable or invalid input (one line on stderr, never a traceback)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.progress import Progress

from bettercare import __version__
from bettercare.batch import assure_many
from bettercare.calc import with_unit_cost
from bettercare.check import check_file
from bettercare.compare import compare
from bettercare.errors import InputError, unexpected
from bettercare.extract import attach_part2, extract_file
from bettercare.frameworks import load_framework
from bettercare.model import CheckReport, Plan
from bettercare.monitor import monitor
from bettercare.monitor.actuals import Actuals, read_actuals
from bettercare.pipeline import Assured, AssureOutput, assure_file
from bettercare.report.actions_xlsx import actions_workbook
from bettercare.report.html import assurance_html, batch_html, diff_html, monitor_html
from bettercare.report.part2_template import part2_template
from bettercare.report.rules import rules_markdown
from bettercare.report.summary_csv import error_row, summary_csv, summary_row
from bettercare.report.text import (
    assessment_as_text,
    comparison_as_text,
    findings_as_text,
    monitoring_as_text,
    plan_as_text,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read, check and assess Better Care Fund plans.",
    pretty_exceptions_enable=False,
)

_PLAN_SUFFIXES = (".txt", ".docx", ".pdf")
_EXTRACT_SUFFIXES = (*_PLAN_SUFFIXES, ".xlsx")
template_app = typer.Typer(no_args_is_help=True, help="Write blank or prefilled templates.")
app.add_typer(template_app, name="template")


class Format(StrEnum):
    json = "json"
    text = "text"


class ReportFormat(StrEnum):
    json = "json"
    html = "html"
    text = "text"


class SchemaOf(StrEnum):
    plan = "plan"
    assure = "assure"
    check = "check"


# Options shared by several commands.
Part2Option = Annotated[
    Path | None, typer.Option("--part2", help="The plan's Part 2 workbook (.xlsx).")
]
UnitCostOption = Annotated[
    float | None,
    typer.Option("--unit-cost", min=0, help="£ per non-elective admission for P4P."),
]


def _fail(message: str) -> None:
    typer.echo(f"bettercare: error: {message}", err=True)


def _plan_files(paths: list[Path], suffixes: tuple[str, ...] = _PLAN_SUFFIXES) -> list[Path]:
    """Files as given; a folder gives the plans inside it (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes))
        else:
            files.append(path)
    return files


def _render(plan: Plan, output: Format) -> str:
    if output is Format.text:
        return plan_as_text(plan)
    return plan.model_dump_json(indent=2) + "\n"


@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Plan files (.txt, .docx, .pdf, Part 2 .xlsx) or folders.")
    ],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.json,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for one output file per plan.")
    ] = None,
) -> None:
    """Extract each plan into typed data with the source line (or cell) of every value."""
    plans = _plan_files(files, _EXTRACT_SUFFIXES)
    if not plans:
        _fail("no plan files given (.txt, .docx or .pdf)")
        raise typer.Exit(2)
    single = len(plans) == 1 and not files[0].is_dir() and out is None
    if single:
        try:
            plan = extract_file(plans[0])
        except InputError as error:
            _fail(str(error))
            raise typer.Exit(2) from None
        sys.stdout.write(_render(plan, output_format))
        return
    folder = out or Path("bettercare-out")
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    suffix = ".json" if output_format is Format.json else ".txt"
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Extracting", total=len(plans))
        for path in plans:
            try:
                plan = extract_file(path)
            except InputError as error:
                _fail(str(error))
                failed += 1
            except Exception as error:  # a bug on one file must not stop the batch
                _fail(str(unexpected(str(path), error)))
                failed += 1
            else:
                target = folder / f"{path.stem}{suffix}"
                _write_atomically(target, _render(plan, output_format))
            progress.advance(task)
    typer.echo(f"{len(plans) - failed} of {len(plans)} plans extracted to {folder}", err=True)
    if failed:
        raise typer.Exit(2)


def _write_atomically(target: Path, content: str | bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    temporary = target.with_name(f".{target.name}.partial")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(target)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A plan file (.txt, .docx, .pdf).")],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    part2: Part2Option = None,
) -> None:
    """Check a plan: every finding with its code, severity, message and evidence lines.

    Exits 1 when a finding is a showstopper, so a plan lead's pipeline can stop on it.
    """
    try:
        _, report = check_file(file, part2)
    except InputError as error:
        _fail(str(error))
        raise typer.Exit(2) from None
    if output_format is Format.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(findings_as_text(report))
    if report.showstoppers:
        raise typer.Exit(1)


def _emit(
    output: ReportFormat, result: BaseModel, html: Callable[[], str], text: Callable[[], str]
) -> None:
    """Print a result as JSON (its model), HTML or text."""
    if output is ReportFormat.html:
        sys.stdout.write(html())
    elif output is ReportFormat.text:
        sys.stdout.write(text())
    else:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")


def _assurance_output(assured: Assured, output: ReportFormat) -> str:
    if output is ReportFormat.html:
        return assurance_html(assured)
    if output is ReportFormat.text:
        return assessment_as_text(assured.assessment, assured.automatic)
    return json.dumps(assured.as_json(), indent=2) + "\n"


def _save_assurance(assured: Assured, path: Path, folder: Path, output: ReportFormat) -> None:
    suffix = {"json": ".assurance.json", "html": ".assurance.html", "text": ".assurance.txt"}
    _write_atomically(
        folder / f"{path.stem}{suffix[output.value]}", _assurance_output(assured, output)
    )
    area = assured.plan.health_and_wellbeing_board or path.stem
    framework = load_framework(assured.plan.framework)
    workbook = actions_workbook(assured.assessment, framework, area)
    _write_atomically(folder / f"{path.stem}.actions.xlsx", workbook)


def _has_showstopper(assured: Assured) -> bool:
    return any(risk.severity == "Showstopper" for risk in assured.assessment.risks)


@app.command()
def assure(
    files: Annotated[list[Path], typer.Argument(help="Plan files (.txt, .docx, .pdf) or folders.")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.")
    ] = ReportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for each plan's report and action plan (.xlsx)."),
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option("--review", help="An assurer's YAML file of overrides (one plan only)."),
    ] = None,
    part2: Part2Option = None,
    on: Annotated[
        dt.datetime | None,
        typer.Option("--on", formats=["%Y-%m-%d"], help="Assessment date (default today)."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", min=0, help="Worker processes for a batch (0: every core).")
    ] = 0,
    unit_cost: UnitCostOption = None,
) -> None:
    """Assess plans like the national review: category, risks with evidence, conditions and
    an action plan. Exits 1 when a plan has a showstopper."""
    plans = _plan_files(files)
    if not plans:
        _fail("no plan files given (.txt, .docx or .pdf)")
        raise typer.Exit(2)
    day = on.date() if on else dt.date.today()
    if (review is not None or part2 is not None) and len(plans) != 1:
        _fail("--review and --part2 apply to one plan at a time")
        raise typer.Exit(2)
    if len(plans) == 1 and not files[0].is_dir():
        try:
            assured = assure_file(plans[0], review=review, on=day, part2=part2, unit_cost=unit_cost)
        except InputError as error:
            _fail(str(error))
            raise typer.Exit(2) from None
        if out is None:
            sys.stdout.write(_assurance_output(assured, output_format))
        else:
            out.mkdir(parents=True, exist_ok=True)
            _save_assurance(assured, plans[0], out, output_format)
        if _has_showstopper(assured):
            raise typer.Exit(1)
        return
    folder = out or Path("bettercare-out")
    folder.mkdir(parents=True, exist_ok=True)
    failed = showstoppers = 0
    rows: list[dict[str, object]] = []
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Assuring", total=len(plans))
        for path, result in assure_many(plans, day, jobs or None, unit_cost):
            if isinstance(result, InputError):
                _fail(str(result))
                failed += 1
                rows.append(error_row(path, result.reason))
            else:
                _save_assurance(result, path, folder, output_format)
                showstoppers += _has_showstopper(result)
                rows.append(summary_row(path, result))
            progress.advance(task)
    _write_atomically(folder / "summary.csv", summary_csv(rows))
    links = output_format is ReportFormat.html
    _write_atomically(folder / "index.html", batch_html(rows, day, links))
    typer.echo(
        f"{len(plans) - failed} of {len(plans)} plans assured to {folder} "
        f"(index.html, summary.csv); {showstoppers} with a showstopper",
        err=True,
    )
    if failed:
        raise typer.Exit(2)
    if showstoppers:
        raise typer.Exit(1)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier submission.")],
    new: Annotated[Path, typer.Argument(help="The later submission of the same area.")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="json, html or text.")
    ] = ReportFormat.json,
) -> None:
    """Compare two submissions: values changed (with both sources), sections added or
    emptied, findings opened and closed."""
    try:
        day = dt.date.today()
        comparison = compare(assure_file(old, on=day), assure_file(new, on=day))
    except InputError as error:
        _fail(str(error))
        raise typer.Exit(2) from None
    _emit(
        output_format,
        comparison,
        html=lambda: diff_html(comparison),
        text=lambda: comparison_as_text(comparison),
    )


@app.command("monitor")
def monitor_command(
    plan: Annotated[Path, typer.Argument(help="The plan (Part 1 document).")],
    actuals: Annotated[
        list[Path], typer.Argument(help="Quarterly actuals, CSV or XLSX (metric/scheme rows).")
    ],
    part2: Part2Option = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="json, html or text.")
    ] = ReportFormat.json,
    unit_cost: UnitCostOption = None,
) -> None:
    """Actuals against plan per metric and quarter (RAG), P4P earned to date, spend per scheme."""
    try:
        source = extract_file(plan)
        if part2 is not None:
            attach_part2(source, part2)
        read = [read_actuals(path) for path in actuals]
    except InputError as error:
        _fail(str(error))
        raise typer.Exit(2) from None
    framework = with_unit_cost(load_framework(source.framework), unit_cost)
    result = monitor(source, Actuals.merged(read), framework)
    _emit(
        output_format,
        result,
        html=lambda: monitor_html(result, str(plan), [str(a) for a in actuals]),
        text=lambda: monitoring_as_text(result),
    )


@template_app.command("part2")
def template_part2(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    plan: Annotated[
        Path | None, typer.Option("--plan", help="A Part 1 plan to prefill it from.")
    ] = None,
) -> None:
    """Write the Part 2 workbook (expenditure, benefits, P4P, supporting metrics, checklist)."""
    try:
        source = extract_file(plan) if plan is not None else None
    except InputError as error:
        _fail(str(error))
        raise typer.Exit(2) from None
    framework = load_framework(source.framework if source else "bcf-2014")
    _write_atomically(out, part2_template(framework, source))
    typer.echo(f"wrote {out}", err=True)


@app.command()
def rules() -> None:
    """Print the check catalogue and the category rules (Markdown, as in docs/)."""
    sys.stdout.write(rules_markdown(load_framework()))


@app.command()
def schema(
    of: Annotated[
        SchemaOf, typer.Argument(help="plan (extract), assure, or check.")
    ] = SchemaOf.plan,
) -> None:
    """Print the JSON Schema of an output contract (default: the extracted plan)."""
    models: dict[str, type[BaseModel]] = {
        "plan": Plan,
        "assure": AssureOutput,
        "check": CheckReport,
    }
    model = models[of.value]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: any unexpected failure is still one line and exit 2, never a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:  # the last guard of the CLI contract
        _fail(f"internal error ({type(error).__name__}: {error}); please report it")
        raise SystemExit(2) from None
