"""The `bettercare` command. Exit codes: 0 done; 1 a plan has a showstopper (`check`,
`assure`); 2 unreadable or invalid input, a bad option or an output that cannot be written
(one line on stderr naming the file or option and the cause, never a traceback).

Only the standard library and typer are imported here at start: each command imports the
readers, extraction, reports and openpyxl it needs when it runs, so `--help` and `--version`
start fast.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from bettercare.batch import Input, Skipped, gather, path_problem
from bettercare.errors import InputError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from bettercare.frameworks import Framework
    from bettercare.model import Plan
    from bettercare.national.rollup import NationalRollup
    from bettercare.pipeline import Assured


class UsageProblem(Exception):
    """Something the user can fix (a path, an option, an output folder): one line, exit 2."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bettercare")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from bettercare import __version__

        return str(__version__)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"bettercare {_version()}")
        raise typer.Exit()


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read, check and assess Better Care Fund plans.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_show_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read, check and assess Better Care Fund plans."""


_DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")
_EXTRACT_SUFFIXES = (*_DOCUMENT_SUFFIXES, ".xlsx")
_PLAN_SUFFIXES = (*_DOCUMENT_SUFFIXES, ".json")  # a plan saved by `extract` is assured again
template_app = typer.Typer(
    no_args_is_help=True, help="Write blank or prefilled templates.", rich_markup_mode=None
)
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
FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework",
        metavar="NAME|PATH",
        help="The round's rules: a shipped framework (bcf-2014, …) or a framework .toml file "
        "(default: the round recognised from each plan).",
    ),
]
UnitCostOption = Annotated[
    float | None,
    typer.Option("--unit-cost", min=0, help="£ per non-elective admission for P4P."),
]


def _fail(message: str) -> None:
    typer.echo(f"bettercare: error: {' '.join(message.split())}", err=True)


def _stop(message: str) -> NoReturn:
    raise UsageProblem(message)


@contextmanager
def _input_errors() -> Iterator[None]:
    """An `InputError` from the pipeline becomes the command's one line and exit 2."""
    try:
        yield
    except InputError as error:
        _stop(str(error))


def _framework(name: str | None) -> Framework | None:
    """The framework named by --framework, loaded once and its check catalogue validated
    against the check functions (one line and exit 2 when it is not usable)."""
    if name is None:
        return None
    from bettercare.check import families_for
    from bettercare.frameworks import load_framework

    with _input_errors():
        framework = load_framework(name)
        families_for(framework)
    return framework


def _existing(*paths: Path | None) -> None:
    """Stop with one line when a path given cannot be opened at all."""
    for path in paths:
        if path is not None and (problem := path_problem(path)) is not None:
            _stop(f"{path}: {problem}")


def _why_not_written(error: OSError, target: Path) -> str:
    if error.errno == errno.ENOENT:
        return f"the folder {target.parent} does not exist"
    if error.errno == errno.ENOTDIR:
        return f"{target.parent} is not a folder"
    if error.errno == errno.EISDIR:
        return "is a folder"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write it"
    return f"cannot be written ({error.strerror or error})"


def _write_atomically(target: Path, content: str | bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file. A target
    that is not a regular file (/dev/null, a pipe) is written into, never replaced."""
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    if target.exists() and not target.is_file() and not target.is_dir():
        try:
            with target.open("wb") as stream:
                stream.write(data)
        except OSError as error:
            _stop(f"{target}: {_why_not_written(error, target)}")
        return
    temporary = target.with_name(f".{target.name}.partial")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            temporary.write_text(content, encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        _stop(f"{target}: {_why_not_written(error, target)}")


def _out_folder(out: Path) -> Path:
    """The output folder, made if need be; one line when it cannot be used."""
    if out.exists() and not out.is_dir():
        _stop(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        _stop(f"--out {out}: a part of the path is a file, not a folder")
    except OSError as error:
        _stop(f"--out {out}: the folder cannot be made ({error.strerror or error})")
    if not os.access(out, os.W_OK | os.X_OK):
        _stop(f"--out {out}: no permission to write in this folder")
    return out


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        _stop(f"--jobs {value!r}: not a whole number of 0 or more (0: every core)")
    return jobs


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _stop(f"--on {value!r}: not a date as YYYY-MM-DD")


def _batch(
    files: list[Path], suffixes: tuple[str, ...], out: Path | None
) -> tuple[list[Input], list[Skipped]]:
    """The inputs of a batch; stops with one line when there is no file to read."""
    _existing(*files)
    inputs, skipped = gather(files, suffixes, exclude=out)
    if not inputs:
        found = f" ({len(skipped)} other files skipped)" if skipped else ""
        _stop(f"no plan files given ({', '.join(suffixes)}){found}")
    return inputs, skipped


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _render(plan: Plan, output: Format) -> str:
    if output is Format.text:
        from bettercare.report.text import plan_as_text

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
    framework: FrameworkOption = None,
) -> None:
    """Extract each plan into typed data with the source line (or cell) of every value."""
    from bettercare.errors import unexpected
    from bettercare.extract import extract_file

    rules = _framework(framework)
    if len(files) == 1 and out is None and not files[0].is_dir():
        _existing(files[0])
        with _input_errors():
            plan = extract_file(files[0], rules)
        sys.stdout.write(_render(plan, output_format))
        return
    inputs, skipped = _batch(files, _EXTRACT_SUFFIXES, out)
    folder = _out_folder(out or Path("bettercare-out"))
    for skip in skipped:
        typer.echo(f"bettercare: skipped {skip.shown}: {skip.reason}", err=True)
    failed = 0
    suffix = ".json" if output_format is Format.json else ".txt"
    with _progress(len(inputs), "Extracting") as advance:
        for item in inputs:
            try:
                problem = path_problem(item.path)
                if problem is not None:
                    raise InputError(str(item.path), problem)
                plan = extract_file(item.path, rules)
            except InputError as error:
                _fail(str(error))
                failed += 1
            except Exception as error:  # a bug on one file must not stop the batch
                _fail(str(unexpected(str(item.path), error)))
                failed += 1
            else:
                _write_atomically(folder / f"{item.name}{suffix}", _render(plan, output_format))
            advance()
    typer.echo(
        f"{len(inputs) - failed} of {len(inputs)} plans extracted to {folder}"
        + (f"; {failed} failed" if failed else "")
        + (f"; {len(skipped)} other files skipped" if skipped else ""),
        err=True,
    )
    if failed:
        raise typer.Exit(2)


@app.command()
def check(
    file: Annotated[
        Path, typer.Argument(help="A plan file (.txt, .docx, .pdf) or a plan saved as JSON.")
    ],
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    part2: Part2Option = None,
    framework: FrameworkOption = None,
) -> None:
    """Check a plan: every finding with its code, severity, message and evidence lines.

    Exits 1 when a finding is a showstopper, so a plan lead's pipeline can stop on it.
    """
    from bettercare.check import check_file
    from bettercare.report.text import findings_as_text

    rules = _framework(framework)
    _existing(file, part2)
    with _input_errors():
        _, report = check_file(file, part2, rules)
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
        from bettercare.report.html import assurance_html

        return assurance_html(assured)
    if output is ReportFormat.text:
        from bettercare.report.text import assessment_as_text

        return assessment_as_text(assured.assessment, assured.automatic)
    return json.dumps(assured.as_json(), indent=2) + "\n"


_REPORT_SUFFIX = {"json": ".assurance.json", "html": ".assurance.html", "text": ".assurance.txt"}


def _save_assurance(assured: Assured, name: str, folder: Path, output: ReportFormat) -> str:
    """Write the report and action plan of one plan as `name`.*; the report's file name."""
    from bettercare.report.actions_xlsx import actions_workbook

    report = f"{name}{_REPORT_SUFFIX[output.value]}"
    _write_atomically(folder / report, _assurance_output(assured, output))
    area = assured.plan.health_and_wellbeing_board or name
    workbook = actions_workbook(assured.assessment, assured.framework, area)
    _write_atomically(folder / f"{name}.actions.xlsx", workbook)
    return report


def _has_showstopper(assured: Assured) -> bool:
    worst = assured.framework.assurance.severities[0]  # the framework lists worst first
    return any(risk.severity == worst for risk in assured.assessment.risks)


@app.command()
def assure(
    files: Annotated[
        list[Path],
        typer.Argument(help="Plan files (.txt, .docx, .pdf, or plans saved as .json) or folders."),
    ],
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
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="Assessment date (default today)."),
    ] = None,
    jobs: Annotated[
        str,
        typer.Option("--jobs", metavar="N", help="Worker processes for a batch (0: every core)."),
    ] = "0",
    unit_cost: UnitCostOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Assess plans like the national review: category, risks with evidence, conditions and
    an action plan. Exits 1 when a plan has a showstopper."""
    day, workers = _day(on), _jobs(jobs)
    rules = _framework(framework)
    _existing(review, part2)
    if len(files) == 1 and not files[0].is_dir():
        from bettercare.pipeline import assure_file

        _existing(files[0])
        with _input_errors():
            assured = assure_file(
                files[0], review=review, on=day, part2=part2, unit_cost=unit_cost, framework=rules
            )
        if out is None:
            sys.stdout.write(_assurance_output(assured, output_format))
        else:
            _save_assurance(assured, files[0].stem, _out_folder(out), output_format)
        if _has_showstopper(assured):
            raise typer.Exit(1)
        return
    if review is not None or part2 is not None:
        _stop("--review and --part2 apply to one plan at a time")
    inputs, skipped = _batch(files, _PLAN_SUFFIXES, out)
    folder = _out_folder(out or Path("bettercare-out"))
    _assure_batch(inputs, skipped, folder, output_format, day, workers, unit_cost, framework)


def _assure_batch(
    inputs: list[Input],
    skipped: list[Skipped],
    folder: Path,
    output_format: ReportFormat,
    day: dt.date,
    jobs: int,
    unit_cost: float | None,
    framework: str | None,
) -> None:
    """Assure every input; one row per file found (assured, failed, skipped) in summary.csv
    and index.html, in path order."""
    from bettercare.batch import assure_many
    from bettercare.report.html import batch_html
    from bettercare.report.summary_csv import error_row, skipped_row, summary_csv, summary_row

    failed = showstoppers = 0
    rows: dict[str, dict[str, object]] = {}
    for skip in skipped:
        typer.echo(f"bettercare: skipped {skip.shown}: {skip.reason}", err=True)
        rows[skip.shown] = skipped_row(skip.shown, skip.reason)
    by_path = {item.path: item for item in inputs}
    with _progress(len(inputs), "Assuring") as advance:
        paths = [item.path for item in inputs]
        outcomes = assure_many(paths, day, jobs or None, unit_cost, framework)
        for path, result in outcomes:
            item = by_path[path]
            if isinstance(result, InputError):
                _fail(str(result))
                failed += 1
                rows[item.shown] = error_row(item.shown, result.reason)
            else:
                report = _save_assurance(result, item.name, folder, output_format)
                showstoppers += _has_showstopper(result)
                rows[item.shown] = summary_row(item.shown, result, report)
            advance()
    order = sorted(rows, key=Path)  # every file found, in path order
    listed = [rows[shown] for shown in order]
    _write_atomically(folder / "summary.csv", summary_csv(listed))
    links = output_format is ReportFormat.html
    _write_atomically(folder / "index.html", batch_html(listed, day, links))
    typer.echo(
        f"{len(inputs) - failed} of {len(inputs)} plans assured to {folder} "
        f"(index.html, summary.csv); {showstoppers} with a showstopper"
        + (f"; {len(skipped)} other files skipped" if skipped else ""),
        err=True,
    )
    if failed:
        raise typer.Exit(2)
    if showstoppers:
        raise typer.Exit(1)


class NationalFormat(StrEnum):
    json = "json"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"


def _cache_folder(cache: Path | None, no_cache: bool) -> Path | None:
    """The national run's cache: --cache, else the user's cache folder; None with --no-cache."""
    if no_cache:
        return None
    if cache is not None:
        return cache
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bettercare" / "national"


@app.command()
def national(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders (or files) of plans: .txt, .docx, .pdf or saved .json; a Part 2 .xlsx "
            "beside a plan with the same name is read with it."
        ),
    ] = None,
    output_format: Annotated[
        NationalFormat, typer.Option("--format", help="json, html, csv or xlsx.")
    ] = NationalFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", help="The file to write (default: standard output).")
    ] = None,
    jobs: Annotated[
        str,
        typer.Option("--jobs", metavar="N", help="Worker processes (0: every core)."),
    ] = "0",
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="Assessment date (default today)."),
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            metavar="AREA",
            help="An area to compare (ONS code, name or file); repeat for each area.",
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", help="Folder of results kept between runs (default: ~/.cache)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Assure every plan again; keep nothing.")
    ] = False,
    framework: FrameworkOption = None,
    from_db: Annotated[
        bool,
        typer.Option(
            "--from-db",
            help="Roll up the web workspace's plans (the latest read version of each area's "
            "submission, as assessed there) from $DATABASE_URL or the data folder's SQLite, "
            "instead of files.",
        ),
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="With --from-db: the data folder (default $BETTERCARE_DATA)."),
    ] = None,
    round_: Annotated[
        str | None,
        typer.Option(
            "--round", help="With --from-db: the round (default: the latest with a plan)."
        ),
    ] = None,
) -> None:
    """Roll every plan up into the national picture: categories by region, money pooled,
    non-elective ambition and P4P, frequent risks, national conditions, outliers and the
    areas with no plan. A re-run reads unchanged plans from the cache."""
    from bettercare.national.compare import compare_areas

    day, workers = _day(on), _jobs(jobs)
    rules = _framework(framework)
    if output_format is NationalFormat.xlsx and out is None:
        _stop("--format xlsx needs --out FILE")
    if out is not None and out.is_dir():
        _stop(f"--out {out}: is a folder; give the file to write")
    if from_db:
        if files:
            _stop("--from-db reads the workspace's database: give no files")
        rollup, skipped = _rollup_from_db(data, round_, day), 0
    elif not files:
        _stop("no plan files given (.txt, .docx, .pdf, .json), nor --from-db")
    else:
        rollup, skipped = _rollup_from_files(files, day, workers, framework, rules, cache, no_cache)
    if compare:
        rollup.comparison = compare_areas(rollup, compare)
    _write_national(rollup, output_format, out)
    for failure in rollup.failed:
        _fail(f"{failure.file}: {failure.reason}")
    not_found = rollup.comparison.not_found if rollup.comparison else []
    for name in not_found:
        _fail(f"--compare {name}: no plan of that area (ONS code, name or file)")
    typer.echo(
        f"{rollup.plans} plans rolled up; {len(rollup.missing_areas)} areas with no plan"
        + (f"; {len(rollup.failed)} files failed" if rollup.failed else "")
        + (f"; {skipped} other files skipped" if skipped else ""),
        err=True,
    )
    if rollup.failed or not_found:
        raise typer.Exit(2)


def _rollup_from_db(data: Path | None, round_: str | None, day: dt.date) -> NationalRollup:
    """The workspace's plans rolled up through the core's `DatabaseSource` (see docs/web.md)."""
    try:
        from bettercare.web.serve import configure
    except ImportError:
        _stop("--from-db needs the web extra: pip install 'bettercare[web]'")
    configure(data)
    from bettercare.web.models import Status, Version
    from bettercare.web.national import filtered, rollup

    versions = Version.objects.all()
    rounds = sorted(
        set(versions.filter(status=Status.DONE).values_list("submission__round", flat=True))
    )
    if round_ is not None and round_ not in rounds:
        _stop(f"--round {round_}: no plan of that round (rounds: {', '.join(rounds) or 'none'})")
    chosen = round_ or (rounds[-1] if rounds else "")
    result: NationalRollup = rollup(filtered(versions, round=chosen), day)
    return result


def _rollup_from_files(
    files: list[Path],
    day: dt.date,
    workers: int,
    framework: str | None,
    rules: Framework | None,
    cache: Path | None,
    no_cache: bool,
) -> tuple[NationalRollup, int]:
    from bettercare.frameworks import DEFAULT_FRAMEWORK, load_framework
    from bettercare.national.cache import ResultCache
    from bettercare.national.rollup import build_rollup
    from bettercare.national.sources import FolderSource, pair_part2

    found, skipped = _batch(files, (*_PLAN_SUFFIXES, ".xlsx"), None)
    plans = [item for item in found if item.path.suffix.lower() != ".xlsx"]
    workbooks = [item for item in found if item.path.suffix.lower() == ".xlsx"]
    pairs = pair_part2(plans, [item.path for item in workbooks])
    paired = set(pairs.values())
    skipped += [
        Skipped(item.shown, "a Part 2 workbook with no plan of the same name beside it")
        for item in workbooks
        if item.path not in paired
    ]
    if not plans:
        _stop("no plan files given (.txt, .docx, .pdf, .json)")
    for skip in skipped:
        typer.echo(f"bettercare: skipped {skip.shown}: {skip.reason}", err=True)
    folder = _cache_folder(cache, no_cache)
    try:
        kept = ResultCache(folder, framework, day) if folder is not None else None
    except OSError as error:
        _stop(f"--cache {folder}: cannot be used ({error.strerror or error})")
    source = FolderSource(plans, day, workers or (os.cpu_count() or 1), framework, kept, pairs)
    with _progress(len(plans), "Rolling up") as advance:
        outcomes = list(source.outcomes(advance))
    return build_rollup(outcomes, rules or load_framework(DEFAULT_FRAMEWORK), day), len(skipped)


def _write_national(
    rollup: NationalRollup, output_format: NationalFormat, out: Path | None
) -> None:
    content: str | bytes
    if output_format is NationalFormat.html:
        from bettercare.report.national_html import national_html

        content = national_html(rollup)
    elif output_format is NationalFormat.csv:
        from bettercare.report.national_csv import national_csv

        content = national_csv(rollup)
    elif output_format is NationalFormat.xlsx:
        from bettercare.report.national_xlsx import national_workbook

        content = national_workbook(rollup)
    else:
        content = rollup.model_dump_json(indent=2) + "\n"
    if out is None:
        assert isinstance(content, str)
        sys.stdout.write(content)
    else:
        _write_atomically(out, content)


class PaperFormat(StrEnum):
    html = "html"
    pdf = "pdf"


@app.command()
def report(
    file: Annotated[
        Path, typer.Argument(help="A plan file (.txt, .docx, .pdf) or a plan saved as JSON.")
    ],
    pdf: Annotated[bool, typer.Option("--pdf", help="Print the paper to PDF (A4).")] = False,
    output_format: Annotated[
        PaperFormat, typer.Option("--format", help="html or pdf.")
    ] = PaperFormat.html,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The file to write (default: standard output, HTML only)."),
    ] = None,
    part2: Part2Option = None,
    actuals: Annotated[
        list[Path] | None,
        typer.Option("--actuals", help="Quarterly actuals (CSV or XLSX); repeat for each file."),
    ] = None,
    review: Annotated[
        Path | None, typer.Option("--review", help="An assurer's YAML file of overrides.")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="Assessment date (default today)."),
    ] = None,
    unit_cost: UnitCostOption = None,
    framework: FrameworkOption = None,
) -> None:
    """The board paper an HWB tables: summary, category and why, top risks with evidence,
    money, metrics with charts, and the action plan with owners and dates."""
    from bettercare.pipeline import assure_file
    from bettercare.report.board_paper import board_paper_html, board_paper_pdf

    day = _day(on)
    rules = _framework(framework)
    as_pdf = pdf or output_format is PaperFormat.pdf
    if as_pdf and out is None:
        _stop("a PDF needs --out FILE")
    if out is not None and out.is_dir():
        _stop(f"--out {out}: is a folder; give the file to write")
    _existing(file, part2, review, *(actuals or []))
    with _input_errors():
        assured = assure_file(
            file, review=review, on=day, part2=part2, unit_cost=unit_cost, framework=rules
        )
        monitoring = None
        if actuals:
            from bettercare.monitor import monitor
            from bettercare.monitor.actuals import Actuals, read_actuals

            read = Actuals.merged([read_actuals(path) for path in actuals])
            monitoring = monitor(assured.plan, read, assured.framework)
    html = board_paper_html(assured, monitoring)
    if out is None:
        sys.stdout.write(html)
        return
    _write_atomically(out, board_paper_pdf(html) if as_pdf else html)
    typer.echo(f"wrote {out}", err=True)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier submission.")],
    new: Annotated[Path, typer.Argument(help="The later submission of the same area.")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="json, html or text.")
    ] = ReportFormat.json,
    framework: FrameworkOption = None,
) -> None:
    """Compare two submissions: values changed (with both sources), sections added or
    emptied, findings opened and closed."""
    from bettercare.compare import compare
    from bettercare.pipeline import assure_file
    from bettercare.report.html import diff_html
    from bettercare.report.text import comparison_as_text

    rules = _framework(framework)
    _existing(old, new)
    with _input_errors():
        day = dt.date.today()
        comparison = compare(
            assure_file(old, on=day, framework=rules), assure_file(new, on=day, framework=rules)
        )
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
    framework: FrameworkOption = None,
) -> None:
    """Actuals against plan per metric and quarter (RAG), P4P earned to date, spend per scheme."""
    from bettercare.calc import with_unit_cost
    from bettercare.extract import attach_part2, extract_file
    from bettercare.frameworks import load_framework
    from bettercare.monitor import monitor
    from bettercare.monitor.actuals import Actuals, read_actuals
    from bettercare.report.html import monitor_html
    from bettercare.report.text import monitoring_as_text

    rules = _framework(framework)
    _existing(plan, part2, *actuals)
    with _input_errors():
        source = extract_file(plan, rules)
        if part2 is not None:
            attach_part2(source, part2, rules)
        read = [read_actuals(path) for path in actuals]
        rules = rules or load_framework(source.framework)
    if rules.monitoring is None:
        _stop(f"{plan}: the {rules.name} framework file holds no monitoring rules")
    result = monitor(source, Actuals.merged(read), with_unit_cost(rules, unit_cost))
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
    framework: FrameworkOption = None,
) -> None:
    """Write the Part 2 workbook (expenditure, benefits, P4P, supporting metrics, checklist)."""
    from bettercare.extract import extract_file
    from bettercare.frameworks import DEFAULT_FRAMEWORK, load_framework
    from bettercare.report.part2_template import part2_template

    rules = _framework(framework)
    _existing(plan)
    if out.is_dir():
        _stop(f"{out}: is a folder; give the workbook's file name (.xlsx)")
    with _input_errors():
        source = extract_file(plan, rules) if plan is not None else None
        rules = rules or load_framework(source.framework if source else DEFAULT_FRAMEWORK)
    if rules.part2 is None:
        _stop(f"{plan or out}: the {rules.name} framework file holds no Part 2 workbook")
    _write_atomically(out, part2_template(rules, source))
    typer.echo(f"wrote {out}", err=True)


@app.command()
def rules(framework: FrameworkOption = None) -> None:
    """Print what a framework holds — its templates, national conditions, metrics,
    parameters, category rules and check catalogue — as Markdown (as in docs/)."""
    from bettercare.check import families_for
    from bettercare.frameworks import DEFAULT_FRAMEWORK
    from bettercare.report.framework_md import contents_markdown
    from bettercare.report.rules import rules_markdown

    chosen = _framework(framework or DEFAULT_FRAMEWORK)
    assert chosen is not None  # a name was given
    families = [(family.name, sorted(family.codes)) for family in families_for(chosen)]
    sys.stdout.write(rules_markdown(chosen) + contents_markdown(chosen, families))


@app.command()
def schema(
    of: Annotated[
        SchemaOf, typer.Argument(help="plan (extract), assure, or check.")
    ] = SchemaOf.plan,
) -> None:
    """Print the JSON Schema of an output contract (default: the extracted plan)."""
    from bettercare.model import CheckReport, Plan
    from bettercare.pipeline import AssureOutput

    models: dict[str, type[BaseModel]] = {
        "plan": Plan,
        "assure": AssureOutput,
        "check": CheckReport,
    }
    model = models[of.value]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    workers: Annotated[int, typer.Option("--workers", min=1, help="gunicorn workers.")] = 2,
    demo: Annotated[bool, typer.Option("--demo", help="Load the example plans.")] = False,
    worker: Annotated[
        bool, typer.Option("--worker/--no-worker", help="Run the upload worker here too.")
    ] = True,
    admin_email: Annotated[
        str | None, typer.Option("--admin-email", help="Make this first admin if missing.")
    ] = None,
    data: Annotated[
        Path | None, typer.Option("--data", help="Data folder (default $BETTERCARE_DATA).")
    ] = None,
) -> None:
    """Run the assurance web workspace (SQLite in the data folder, or $DATABASE_URL), with
    its worker. See docs/web.md."""
    from bettercare.web.serve import configure, prepare, run

    configure(data)
    for line in prepare(admin_email, demo):
        typer.echo(f"bettercare: {line}", err=True)
    typer.echo(f"bettercare: serving on http://{host}:{port}/", err=True)
    raise typer.Exit(run(host, port, workers, worker))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(_version())


def _usage_error(error: Exception) -> int | None:
    """A bad option or argument (typer's click exception) as one line, where typer would draw
    a box of several; None when `error` is not one."""
    format_message = getattr(error, "format_message", None)
    exit_code = getattr(error, "exit_code", None)
    if not callable(format_message) or not isinstance(exit_code, int):
        return None
    if type(error).__name__ == "NoArgsIsHelpError":  # `bettercare` alone: the help, as usual
        typer.echo(format_message(), err=True)
        return exit_code
    context = getattr(error, "ctx", None)
    command = getattr(context, "command_path", None)
    where = f" (see: {command} --help)" if command else ""
    message = str(format_message()).replace("Value error, ", "")  # typer's pydantic wording
    _fail(f"{message}{where}")
    return exit_code


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure is one line on stderr — exit 2 for what the user can fix,
    "internal error" only for a bug — never a traceback."""
    try:
        code = app(args=argv, prog_name="bettercare", standalone_mode=False)
    except UsageProblem as problem:
        _fail(str(problem))
        code = 2
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    except OSError as error:
        if error.filename is None:
            _fail(f"internal error (OSError: {error}); please report it")
        else:
            _fail(f"{error.filename}: {error.strerror or error}")
        code = 2
    except Exception as error:  # the last guard of the CLI contract
        code = _usage_error(error)
        if code is None:
            _fail(f"internal error ({type(error).__name__}: {error}); please report it")
            code = 2
    raise SystemExit(code if isinstance(code, int) else 0)
