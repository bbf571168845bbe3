"""Where the national roll-up's entries come from.

`PlanSource` is the plug point: anything that yields one `PlanEntry` or `FailedFile` per plan.
`FolderSource` assures a folder of plan files on every core, with the cache; the web
workspace will add a source that reads its stored assessments (see docs/national.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bettercare.batch import Input, path_problem
from bettercare.errors import InputError, unexpected
from bettercare.national.cache import Outcome, ResultCache, file_hash
from bettercare.national.entry import FailedFile, plan_entry


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
