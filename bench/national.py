"""National roll-up speed: `bettercare national` over 150 and 1,500 generated plans on 1 and
2 worker processes, the re-run with nothing changed (every plan from the cache), and the peak
memory of the largest process (the command or one of its workers).

Run: PYTHONPATH=src .venv/bin/python bench/national.py [--sizes 150,1500]
The plans are the clean Millbrook plan (tests/fictional.py) renamed to every council of the
gazetteer in turn, with its own ambition and money; one in ten has a Part 2 workbook.
Targets: 150 plans under 30 s on 2 cores; a no-change re-run under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the plan generator lives with the tests

from tests.national_plans import millbrook, part2_workbook  # noqa: E402

ON = dt.date(2014, 10, 20)


def generate(folder: Path, count: int) -> None:
    """`count` plans, one per council in turn (so beyond 152 an area has several plans)."""
    from bettercare.gazetteer import gazetteer

    councils = gazetteer().bodies("council")
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        council = councils[number % len(councils)]
        avoided = 250 + number % 350
        minimum = 5_000_000 + (number % 97) * 250_000
        total = minimum + (number % 13) * 100_000
        text = millbrook(
            f"{council.name} Council",
            f"Area{number:04d}",
            avoided=avoided,
            minimum=minimum,
            total=total,
            council_share=(1_000_000, 1_000_000),
        )
        path = folder / f"plan-{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        if number % 10 == 0:
            part2_workbook(path, path.with_suffix(".xlsx"), 100_000 + number * 10, avoided)


def national(folder: Path, jobs: int, cache: Path | None) -> tuple[float, float]:
    """Seconds of one `bettercare national` run, and the peak RSS (MB) of its largest process."""
    command = [sys.executable, "-m", "bettercare", "national", str(folder), "--on", str(ON)]
    command += ["--jobs", str(jobs), "--out", os.devnull]
    command += ["--cache", str(cache)] if cache else ["--no-cache"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    assert process.stderr is not None
    error = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"national failed ({process.returncode}): {error}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="150,1500")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    cores = os.cpu_count() or 1
    print(
        f"machine: {platform.machine()}, {cores} cores, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, {dt.date.today().isoformat()}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary) / "plans"
            started = time.perf_counter()
            generate(folder, size)
            print(f"\n{size} plans generated in {time.perf_counter() - started:.1f} s")
            one, memory_one = national(folder, 1, None)
            two, memory_two = national(folder, min(2, cores), None)
            print(f"  1 worker : {one:7.2f} s  {size / one:6.1f} plans/s  peak {memory_one:.0f} MB")
            print(
                f"  2 workers: {two:7.2f} s  {size / two:6.1f} plans/s  peak {memory_two:.0f} MB"
                f"  (speed-up {one / two:.2f}x)"
            )
            cache = Path(temporary) / "cache"
            first, _ = national(folder, min(2, cores), cache)
            again, memory_again = national(folder, min(2, cores), cache)
            print(
                f"  cached   : first run {first:.2f} s; re-run with nothing changed {again:.2f} s "
                f"(ratio {again / first:.3f}), peak {memory_again:.0f} MB"
            )


if __name__ == "__main__":
    main()
