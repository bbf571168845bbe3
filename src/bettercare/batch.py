"""Many plans at once, on every core: each worker runs the whole pipeline on one file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from bettercare.errors import InputError, unexpected
from bettercare.pipeline import Assured, assure_file

Outcome = tuple[Path, Assured | InputError]


def _one(path: Path, on: dt.date, unit_cost: float | None = None) -> Outcome:
    """One file through the whole flow; whatever goes wrong is that file's error alone."""
    try:
        return path, assure_file(path, on=on, unit_cost=unit_cost)
    except InputError as error:
        return path, error
    except Exception as error:  # a bug on one file must not stop the batch
        return path, unexpected(str(path), error)


def assure_many(
    paths: list[Path], on: dt.date, jobs: int | None = None, unit_cost: float | None = None
) -> Iterator[Outcome]:
    """Assure each file, in the order given; `jobs` worker processes (default: every core)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) == 1:
        yield from (_one(path, on, unit_cost) for path in paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(partial(_one, on=on, unit_cost=unit_cost), paths, chunksize=4)
