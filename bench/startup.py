"""How fast the command starts: wall time of `bettercare --help`, `--version` and `extract` of
the small example (each in a fresh process, best of 5), and the modules that cost the most
import time on each command's path (`python -X importtime`).

    .venv/bin/python bench/startup.py [--runs 5] [--top 12]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "riverton-2014-revised.txt"

# The modules each command imports before it does its work (the CLI's lazy imports).
PATHS = {
    "--help / --version": "import bettercare.cli",
    "extract": "import bettercare.cli, bettercare.extract",
    "assure": (
        "import bettercare.cli, bettercare.pipeline, bettercare.report.html, "
        "bettercare.report.actions_xlsx"
    ),
}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("bettercare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bettercare"]


def wall(args: list[str], runs: int) -> float:
    """Best wall time of `bettercare ARGS` in a fresh process, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*_command(), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        best = min(best, time.perf_counter() - start)
    return best


def import_times(code: str) -> tuple[int, list[tuple[int, int, str]]]:
    """Total import time (µs) of `code` and each module's (self, cumulative, name)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    rows: list[tuple[int, int, str]] = []
    total = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        depth = len(name) - len(name.lstrip())
        rows.append((int(own), int(cumulative), name.strip()))
        if depth == 1:  # a module the code itself imported
            total += int(cumulative)
    return total, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    options = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; best of {options.runs}")
    print()
    print("| command | wall time |")
    print("|---|---|")
    for label, args in (
        ("bettercare --help", ["--help"]),
        ("bettercare --version", ["--version"]),
        (f"bettercare extract {SMALL.relative_to(ROOT)}", ["extract", str(SMALL)]),
    ):
        print(f"| `{label}` | {wall(args, options.runs) * 1000:.0f} ms |")
    for label, code in PATHS.items():
        total, rows = import_times(code)
        print()
        print(f"## {label}: `{code}` — {total / 1000:.0f} ms of imports")
        print()
        print("| module | self ms | with its imports ms |")
        print("|---|---|---|")
        for own, cumulative, name in sorted(rows, reverse=True)[: options.top]:
            print(f"| {name} | {own / 1000:.1f} | {cumulative / 1000:.1f} |")
        packages: dict[str, int] = {}
        for own, _, name in rows:
            parts = name.split(".")
            package = ".".join(parts[:2]) if parts[0] == "bettercare" else parts[0]
            packages[package] = packages.get(package, 0) + own
        heaviest = sorted(packages.items(), key=lambda item: -item[1])[: options.top]
        print()
        print(
            "By package (self time of all its modules): "
            + ", ".join(f"{package} {own / 1000:.0f} ms" for package, own in heaviest)
        )


if __name__ == "__main__":
    main()
