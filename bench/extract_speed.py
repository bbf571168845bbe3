"""Extraction speed: the Blackpool pack once, and ten times over (no quadratic behaviour).

Run: .venv/bin/python bench/extract_speed.py
Prints seconds (best of several runs) and the 10× / 1× ratio; a ratio near 10 means linear.
Needs ../shared/corpus beside the repo; falls back to the shipped examples.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path

from timing import best_of

from bettercare.extract import extract_plan
from bettercare.read import read_bytes

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT.parent / "shared" / "corpus" / "blackpool-hwb-pack-2014-12.txt"


def main() -> None:
    if PACK.is_file():
        text = PACK.read_text()
        lines = text.split("\n")
        plan_only = "\n".join(lines[2408:4967])  # Appendix 6a, the plan itself
        label = f"Blackpool pack ({len(lines):,} lines)"
    else:
        text = (ROOT / "examples" / "riverton-2014-revised.txt").read_text()
        plan_only = text
        label = "examples/riverton-2014-revised.txt (corpus absent)"
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )

    def run(data: str) -> Callable[[], object]:
        raw = data.encode()
        return lambda: extract_plan(read_bytes("bench.txt", raw, "txt"))

    once = best_of(5, run(text))
    print(f"{label}: read + extract {once * 1000:.0f} ms")
    for name, unit in (("whole pack", text), ("plan section", plan_only)):
        single = best_of(3, run(unit))
        tenfold = best_of(2, run("\n".join([unit] * 10)))
        print(
            f"{name} ×10: {tenfold * 1000:.0f} ms vs ×1 {single * 1000:.0f} ms"
            f" → ratio {tenfold / single:.1f} (10 = linear)"
        )


if __name__ == "__main__":
    main()
