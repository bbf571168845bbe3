"""Assurance speed: `assure` (read, extract, check, assess, HTML) on the Blackpool pack, and a
batch of 150 plans generated from the shipped examples, on one worker and on every core.

Run: .venv/bin/python bench/assure_speed.py
Needs ../shared/corpus beside the repo for the Blackpool figure; the batch needs only examples/.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import best_of

from bettercare.batch import assure_many
from bettercare.pipeline import assure_file
from bettercare.report.html import assurance_html

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT.parent / "shared" / "corpus" / "blackpool-hwb-pack-2014-12.txt"
ON = dt.date(2014, 10, 20)
BATCH = 150


def generate(folder: Path, count: int) -> list[Path]:
    """`count` plans: the examples with their area renamed and their figures varied."""
    examples = sorted((ROOT / "examples").glob("*.txt"))
    paths = []
    for number in range(count):
        source = examples[number % len(examples)]
        text = source.read_text(encoding="utf-8")
        text = text.replace("Riverton", f"Area{number:03d}").replace(
            "Eastbrook", f"Area{number:03d}"
        )
        text = text.replace("2,350", f"{2300 + number % 97:,}")
        path = folder / f"plan-{number:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    if PACK.is_file():
        whole = best_of(5, lambda: assure_file(PACK, on=ON))
        assured = assure_file(PACK, on=ON)
        html = best_of(5, lambda: assurance_html(assured))
        print(f"Blackpool pack: assure {whole * 1000:.0f} ms; HTML report {html * 1000:.1f} ms")
    else:
        print("Blackpool pack: skipped (../shared/corpus is missing)")
    with tempfile.TemporaryDirectory() as temporary:
        paths = generate(Path(temporary), BATCH)

        def batch(jobs: int) -> Callable[[], object]:
            return lambda: sum(1 for _ in assure_many(paths, ON, jobs))

        one = best_of(2, batch(1))
        every = best_of(2, batch(cores))
        print(
            f"batch of {BATCH} plans: 1 worker {one:.2f} s, {cores} workers {every:.2f} s "
            f"→ speed-up {one / every:.2f}× ({every / BATCH * 1000:.1f} ms a plan)"
        )


if __name__ == "__main__":
    main()
