"""Many plans at once, on every core: each worker runs the whole pipeline on one file.

`gather` turns the paths given into the batch's inputs, each with an output name no other
input shares, and accounts for every other file found (skipped, with the reason).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bettercare.errors import InputError, unexpected

if TYPE_CHECKING:
    from bettercare.pipeline import Assured

Outcome = tuple[Path, "Assured | InputError"]


@dataclass(frozen=True)
class Input:
    """One file of a batch: `shown` is how the summary names it (its path inside the folder
    given, or as given), `name` the base of its output files, unique in the batch."""

    path: Path
    shown: str
    name: str


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder that the batch does not read, and why."""

    shown: str
    reason: str


def path_problem(path: Path) -> str | None:
    """Why `path` cannot be opened at all (missing, a symbolic link loop, no permission to
    read it), or None. Checked before any reader runs, so the message names the real cause."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file" if not path.is_symlink() else "a broken symbolic link"
        if error.errno == errno.EACCES:
            return "permission denied"
        return f"cannot be opened ({error.strerror or error})"
    if not os.access(path, os.R_OK):
        return "no permission to read it"
    return None


def _walk(folder: Path, exclude: Path | None) -> Iterator[Path]:
    """Every file under `folder` (symbolic links to folders not followed), hidden files and
    folders (names starting with ".") and the folder `exclude` left out."""
    for root, folders, files in os.walk(folder):
        here = Path(root)
        folders[:] = [
            name
            for name in folders
            if not name.startswith(".") and (exclude is None or _resolved(here / name) != exclude)
        ]
        yield from (here / name for name in files if not name.startswith("."))


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def gather(
    paths: list[Path], suffixes: tuple[str, ...], exclude: Path | None = None
) -> tuple[list[Input], list[Skipped]]:
    """The batch's inputs and the files skipped, each list in path order.

    A file named on the command line is an input whatever its type (its reader says what is
    wrong); a folder gives every file inside it with one of `suffixes`, and every other file as
    skipped. Outputs are named by the path inside the folder with "/" as "__" and the suffix
    dropped (`a/plan.txt` → `a__plan`), a named file by its stem; inputs that would still share
    a name (`plan.txt` and `plan.pdf`) each get "-" and 8 hex digits of the SHA-256 of the path.
    """
    excluded = _resolved(exclude) if exclude is not None else None
    several = len(paths) > 1
    found: list[tuple[Path, str, str]] = []  # path, shown, base name
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for given in paths:
        if not given.is_dir():
            if given not in seen:
                seen.add(given)
                found.append((given, str(given), given.stem or given.name))
            continue
        for path in sorted(_walk(given, excluded)):
            relative = path.relative_to(given)
            shown = str(given / relative) if several else relative.as_posix()
            if path in seen:
                continue
            seen.add(path)
            if path.suffix.lower() not in suffixes:
                kind = path.suffix.lower() or "no suffix"
                reason = f"not a file this command reads ({kind}; it reads {', '.join(suffixes)})"
                skipped.append(Skipped(shown, reason))
                continue
            base = "__".join((*relative.parent.parts, path.stem))
            found.append((path, shown, base))
    counts: dict[str, int] = {}
    for _, _, base in found:
        counts[base.casefold()] = counts.get(base.casefold(), 0) + 1
    inputs: list[Input] = []
    taken: set[str] = set()
    for path, shown, base in found:
        name = base if counts[base.casefold()] == 1 else f"{base}-{_short_hash(str(path))}"
        number = 2
        unique = name
        while unique.casefold() in taken:  # only for names made to look like another's hash
            unique = f"{name}-{number}"
            number += 1
        taken.add(unique.casefold())
        inputs.append(Input(path, shown, unique))
    return inputs, skipped


def assure_file(
    path: Path, *, on: dt.date, unit_cost: float | None = None, framework: str | None = None
) -> Assured:
    """The pipeline's `assure_file`, imported only when a batch first needs it; `framework`
    a name or path, loaded once per worker process."""
    from bettercare.frameworks import load_framework
    from bettercare.pipeline import assure_file as assure

    rules = load_framework(framework) if framework else None
    return assure(path, on=on, unit_cost=unit_cost, framework=rules)


def _one(
    path: Path, on: dt.date, unit_cost: float | None = None, framework: str | None = None
) -> Outcome:
    """One file through the whole flow; whatever goes wrong is that file's error alone."""
    try:
        problem = path_problem(path)
        if problem is not None:
            return path, InputError(str(path), problem)
        return path, assure_file(path, on=on, unit_cost=unit_cost, framework=framework)
    except InputError as error:
        return path, error
    except Exception as error:  # a bug on one file must not stop the batch
        return path, unexpected(str(path), error)


def assure_many(
    paths: list[Path],
    on: dt.date,
    jobs: int | None = None,
    unit_cost: float | None = None,
    framework: str | None = None,
) -> Iterator[Outcome]:
    """Assure each file, in the order given; `jobs` worker processes (default: every core);
    `framework` a name or path (default: each plan's recognised round)."""
    jobs = jobs or os.cpu_count() or 1
    one = partial(_one, on=on, unit_cost=unit_cost, framework=framework)
    if jobs == 1 or len(paths) == 1:
        yield from (one(path) for path in paths)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(one, paths, chunksize=4)
