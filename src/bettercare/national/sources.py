"""Where the national roll-up's entries come from.

`PlanSource` is the plug point: anything that yields one `PlanEntry` or `FailedFile` per plan.
`FolderSource` assures a folder of plan files on every core, with the cache;
`DatabaseSource` makes entries from plans stored as JSON with their assessments (the web
workspace's, `bettercare national --from-db`): no file is read, nothing is assessed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bettercare.batch import Input, path_problem
from bettercare.errors import InputError, unexpected
from bettercare.national.cache import Outcome, ResultCache, file_hash
from bettercare.national.entry import FailedFile, PlanEntry, plan_entry

if TYPE_CHECKING:
    from bettercare.pipeline import Assured


class PlanSource(Protocol):
    """Every plan of a roll-up, each as an entry or a failure with its reason."""

    def outcomes(self, advance: Callable[[], None]) -> Iterator[Outcome]: ...


@dataclass(frozen=True)
class Job:
    """One plan file of a folder, with the Part 2 workbook found beside it, if any."""

    path: Path
    shown: str
    part2: Path | None
    sha256: str


def _assure(job: Job, on: dt.date, framework: str | None) -> Outcome:
    """One plan through the whole pipeline, in a worker; any failure is this file's alone."""
    try:
        from bettercare.frameworks import load_framework
        from bettercare.pipeline import assure_file

        rules = load_framework(framework) if framework else None
        assured = assure_file(job.path, on=on, part2=job.part2, framework=rules)
        return plan_entry(assured, job.shown, job.sha256, part2=job.part2 is not None)
    except InputError as error:
        return FailedFile(file=job.shown, sha256=job.sha256, reason=error.reason)
    except Exception as error:  # a bug on one file must not stop the run
        return FailedFile(
            file=job.shown, sha256=job.sha256, reason=unexpected(str(job.path), error).reason
        )


def _work(arguments: tuple[Job, dt.date, str | None]) -> Outcome:
    return _assure(*arguments)


def pair_part2(inputs: list[Input], workbooks: list[Path]) -> dict[Path, Path]:
    """Each plan's Part 2: the .xlsx in the same folder with the same stem."""
    by_stem = {(w.parent, w.stem.casefold()): w for w in workbooks}
    pairs = {}
    for item in inputs:
        workbook = by_stem.get((item.path.parent, item.path.stem.casefold()))
        if workbook is not None:
            pairs[item.path] = workbook
    return pairs


@dataclass
class FolderSource:
    """Plan files assured on `jobs` processes; unchanged files are read from `cache`."""

    inputs: list[Input]
    on: dt.date
    jobs: int
    framework: str | None = None
    cache: ResultCache | None = None
    part2: dict[Path, Path] | None = None

    def _job(self, item: Input) -> Job | FailedFile:
        workbook = (self.part2 or {}).get(item.path)
        for path in (item.path, workbook):
            if path is not None and (problem := path_problem(path)) is not None:
                return FailedFile(file=item.shown, reason=f"{path}: {problem}")
        try:
            sha = file_hash(item.path, *([workbook] if workbook else []))
        except OSError as error:
            return FailedFile(file=item.shown, reason=f"{item.path}: {error.strerror or error}")
        return Job(item.path, item.shown, workbook, sha)

    def outcomes(self, advance: Callable[[], None]) -> Iterator[Outcome]:
        """Cached outcomes first, then each new one as its worker finishes (and is cached)."""
        pending: list[Job] = []
        for item in self.inputs:
            job = self._job(item)
            if isinstance(job, FailedFile):
                advance()
                yield job
                continue
            cached = self.cache.get(job.sha256, job.shown) if self.cache else None
            if cached is not None:
                advance()
                yield cached
            else:
                pending.append(job)
        work = [(job, self.on, self.framework) for job in pending]
        if self.jobs <= 1 or len(work) <= 1:
            results: Iterator[Outcome] = map(_work, work)
            yield from self._kept(results, advance)
            return
        import bettercare.pipeline  # noqa: F401 - imported once here, inherited by forked workers

        workers = min(self.jobs, len(work))
        chunk = max(1, min(16, len(work) // (workers * 8)))  # few round trips, even load
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from self._kept(pool.map(_work, work, chunksize=chunk), advance)

    def _kept(self, results: Iterator[Outcome], advance: Callable[[], None]) -> Iterator[Outcome]:
        for outcome in results:
            if self.cache is not None:
                self.cache.put(outcome)
            advance()
            yield outcome


# --- plans stored as JSON (the web workspace's database) -----------------------------------


def assured_from_json(plan: Any, assessment: Any, file: str) -> Assured:
    """A stored plan (the JSON of `bettercare schema plan`, or a `Plan`) with the assessment
    that stands for it, as the pipeline's `Assured`: its check report is the assessment's
    findings and checklist, its figures the core's own. Nothing is read or assessed again."""
    from bettercare.calc import plan_figures
    from bettercare.frameworks import load_framework
    from bettercare.model import Assessment, CheckReport, Plan
    from bettercare.pipeline import Assured

    plan = plan if isinstance(plan, Plan) else Plan.model_validate(plan)
    framework = load_framework(plan.framework)
    standing = (
        assessment if isinstance(assessment, Assessment) else Assessment.model_validate(assessment)
    )
    report = CheckReport(
        file=file,
        framework=framework.id,
        template=plan.template,
        findings=standing.findings,
        checklist=standing.checklist,
    )
    return Assured(plan, report, standing, plan_figures(plan, framework), framework)


@dataclass(frozen=True)
class StoredPlan:
    """One stored plan: how the roll-up names it, its lasting id (a database row), a key that
    changes whenever the plan or its assessment does (kept as the entry's `sha256`), the plan
    JSON (with any corrections applied) and the assessment that stands."""

    file: str
    id: str
    key: str
    plan: Any
    assessment: Any
    part2: bool = False


@dataclass
class DatabaseSource:
    """Entries made from stored plans and assessments (no file read, nothing re-assessed);
    `cache` (id → entry) keeps the entry of each plan, used again while its key is the same,
    so it holds one entry a plan however often the plan changes."""

    plans: Iterable[StoredPlan]
    cache: dict[str, PlanEntry] | None = None

    def outcomes(self, advance: Callable[[], None]) -> Iterator[Outcome]:
        for stored in self.plans:
            cached = self.cache.get(stored.id) if self.cache is not None else None
            if cached is not None and (cached.sha256, cached.file) == (stored.key, stored.file):
                advance()
                yield cached
                continue
            try:
                assured = assured_from_json(stored.plan, stored.assessment, stored.file)
                outcome: Outcome = plan_entry(assured, stored.file, stored.key, stored.part2)
            except Exception as error:  # one bad row must not stop the roll-up
                outcome = FailedFile(file=stored.file, reason=unexpected(stored.file, error).reason)
            if self.cache is not None and isinstance(outcome, PlanEntry):
                self.cache[stored.id] = outcome
            advance()
            yield outcome
