"""Results kept between runs, so a re-run over a folder skips every plan that has not changed.

An entry is stored under the SHA-256 of the plan file's bytes (and its Part 2 workbook's)
salted with the framework files' hash, the assessment date and the entry version: change the
plan, its workbook, the rules or the date and the plan is assured again. Each entry is one
small JSON file, written beside its final name and renamed, so an interrupted run leaves
only whole entries and resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from importlib import resources
from pathlib import Path

from bettercare.national.entry import ENTRY_VERSION, FailedFile, PlanEntry

Outcome = PlanEntry | FailedFile


def file_hash(*paths: Path) -> str:
    """SHA-256 of the files' bytes, in order (a plan and its Part 2 workbook)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def framework_hash(framework: str | None) -> str:
    """SHA-256 of the framework file given (a path or a shipped name), or of every shipped
    framework file when each plan's round decides which one applies."""
    from bettercare.frameworks import framework_ids

    digest = hashlib.sha256()
    if framework is not None and (framework.endswith(".toml") or "/" in framework):
        digest.update(Path(framework).read_bytes())
        return digest.hexdigest()
    folder = resources.files("bettercare.frameworks")
    names = [framework] if framework is not None else framework_ids()
    for name in sorted(names):
        digest.update(folder.joinpath(f"{name}.toml").read_bytes())
    return digest.hexdigest()


class ResultCache:
    """Entries under `folder`, keyed by a file's content hash and the run's `salt`."""

    def __init__(self, folder: Path, framework: str | None, on: dt.date) -> None:
        self.folder = folder
        self.salt = f"{ENTRY_VERSION}|{framework_hash(framework)}|{on.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        key = hashlib.sha256(f"{self.salt}|{sha256}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, sha256: str, file: str) -> Outcome | None:
        """The stored outcome of content `sha256`, named as `file` in this run; None if absent
        or unreadable (then it is simply assured again)."""
        try:
            data = json.loads(self._path(sha256).read_text(encoding="utf-8"))
            if "failed" in data:
                return FailedFile(file=file, sha256=sha256, reason=str(data["failed"]))
            entry = PlanEntry.model_validate(data["entry"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry.model_copy(update={"file": file})

    def put(self, outcome: Outcome) -> None:
        if outcome.sha256 is None:
            return
        path = self._path(outcome.sha256)
        if isinstance(outcome, FailedFile):
            data: dict[str, object] = {"failed": outcome.reason}
        else:
            data = {"entry": outcome.model_dump(mode="json")}
        try:
            path.parent.mkdir(exist_ok=True)
            partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps(data), encoding="utf-8")
            partial.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run
