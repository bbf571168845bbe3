"""The `bettercare` command. Exit codes: 0 done; 2 unreadable or invalid input (one line)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from bettercare import __version__
from bettercare.errors import InputError
from bettercare.extract import extract_file
from bettercare.model import Plan
from bettercare.report.text import plan_as_text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read, check and assess Better Care Fund plans.",
    pretty_exceptions_enable=False,
)

_PLAN_SUFFIXES = (".txt", ".docx", ".pdf")


class Format(StrEnum):
    json = "json"
    text = "text"


def _fail(message: str) -> None:
    typer.echo(f"bettercare: error: {message}", err=True)


def _plan_files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives the plans inside it (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in _PLAN_SUFFIXES))
        else:
            files.append(path)
    return files


def _render(plan: Plan, output: Format) -> str:
    if output is Format.text:
        return plan_as_text(plan)
    return plan.model_dump_json(indent=2) + "\n"


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Plan files (.txt, .docx, .pdf) or folders.")],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.json,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for one output file per plan.")
    ] = None,
) -> None:
    """Extract each plan into typed data with the source line of every value."""
    plans = _plan_files(files)
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
            else:
                target = folder / f"{path.stem}{suffix}"
                _write_atomically(target, _render(plan, output_format))
            progress.advance(task)
    typer.echo(f"{len(plans) - failed} of {len(plans)} plans extracted to {folder}", err=True)
    if failed:
        raise typer.Exit(2)


def _write_atomically(target: Path, text: str) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    temporary = target.with_name(f".{target.name}.partial")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the extracted plan (the `extract` contract)."""
    sys.stdout.write(json.dumps(Plan.model_json_schema(), indent=2) + "\n")


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
