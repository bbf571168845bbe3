"""Part 2 and monitoring speed: read a 150-scheme Part 2 workbook; monitor 150 plans against a
year of actuals (JSON), and draw one monitoring page with its charts (HTML).

Run: .venv/bin/python bench/part2_monitor_speed.py   (needs only examples/)
"""

from __future__ import annotations

import platform
import tempfile
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from timing import best_of

from bettercare.extract import extract_file
from bettercare.frameworks import load_framework
from bettercare.model import Plan, Scheme
from bettercare.monitor import monitor
from bettercare.monitor.actuals import read_actuals
from bettercare.report.html import monitor_html
from bettercare.report.part2_template import part2_template

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = 150
PLANS = 150


def workbook_with_schemes(path: Path, count: int) -> None:
    framework = load_framework()
    plan = Plan(
        framework=framework.id,
        health_and_wellbeing_board="Benchmark HWB",
        schemes=[
            Scheme(ref=f"S{n}", name=f"Scheme {n}", investment=10_000 * n) for n in range(count)
        ],
    )
    book = load_workbook(BytesIO(part2_template(framework, plan)))
    sheet = book["3. HWB Expenditure Plan"]
    for row in range(6, 6 + count):
        sheet[f"C{row}"], sheet[f"D{row}"], sheet[f"F{row}"] = "Social care", "Joint", "Other"
    book.save(path)


def main() -> None:
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        workbook = folder / "part2.xlsx"
        workbook_with_schemes(workbook, SCHEMES)
        seconds = best_of(5, lambda: extract_file(workbook))
        plan = extract_file(workbook)
        assert plan.part2 is not None and len(plan.part2.expenditure) == SCHEMES
        print(f"read a {SCHEMES}-scheme Part 2 workbook: {seconds * 1000:.0f} ms")

        source = (ROOT / "examples" / "riverton-2014-revised.txt").read_text(encoding="utf-8")
        plans = []
        for number in range(PLANS):
            path = folder / f"plan-{number:03d}.txt"
            path.write_text(source.replace("Riverton", f"Area{number:03d}"), encoding="utf-8")
            plans.append(path)
        actuals = folder / "actuals.csv"
        rows = ["metric,period,value"]
        rows += [f"NEL,2015/16 Q{q},{2300 + 20 * q}" for q in range(1, 5)]
        rows += ["scheme,period,spend"] + [f"A,2015/16 Q{q},1050000" for q in range(1, 5)]
        actuals.write_text("\n".join(rows) + "\n", encoding="utf-8")
        framework = load_framework()

        def monitor_all() -> None:
            for path in plans:
                monitor(extract_file(path), read_actuals(actuals), framework)

        seconds = best_of(3, monitor_all)
        print(
            f"monitor {PLANS} plans (read, extract, compare; JSON): {seconds:.2f} s "
            f"({seconds / PLANS * 1000:.1f} ms a plan, one core)"
        )
        result = monitor(extract_file(plans[0]), read_actuals(actuals), framework)
        page = best_of(3, lambda: monitor_html(result, "plan", ["actuals"]))
        print(f"one monitoring page with its charts (HTML): {page * 1000:.0f} ms")


if __name__ == "__main__":
    main()
