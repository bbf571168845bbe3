"""How well the reader generalises: random fictional plans in every layout and format.

Run: .venv/bin/python bench/layouts.py [--n 20] [--seed 0] [--layout NAME] [--format FMT]
                                      [--show-wrong]

For N seeded plans per layout × format (tests/plangen), it renders the plan, runs the whole
pipeline (`assure_file`: read → extract → check → assess) and prints, per layout and format,
the plan-details and sign-off fields right out of fields scored (the project's scorer,
`bettercare.evaluate.score_fields`), the fully signed plans wrongly "Not approved", the plans
with a wholly unsigned block not "Not approved", and the seconds per document (render, and
read-to-assessment). `--show-wrong` lists every wrong field.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.plangen.layouts import LAYOUTS  # noqa: E402
from tests.plangen.render import write  # noqa: E402
from tests.plangen.truth import RandomSource, seeded_plan  # noqa: E402

from bettercare.errors import InputError  # noqa: E402
from bettercare.evaluate import FieldResult, score_fields  # noqa: E402
from bettercare.pipeline import assure_file  # noqa: E402

ASSESSED_ON = dt.date(2014, 10, 20)


@dataclass
class Row:
    layout: str
    fmt: str
    docs: int = 0
    right: int = 0
    fields: int = 0
    signed: int = 0
    false_not_approved: int = 0
    unsigned: int = 0
    missed_not_approved: int = 0
    errors: int = 0
    render_seconds: float = 0.0
    read_seconds: float = 0.0
    wrong: list[tuple[int, FieldResult]] = field(default_factory=list)
    error_messages: list[tuple[int, str]] = field(default_factory=list)


def run(layout_name: str, fmt: str, n: int, seed: int, folder: Path) -> Row:
    layout = LAYOUTS[layout_name]
    row = Row(layout_name, fmt)
    for i in range(n):
        plan_seed = seed * 100_000 + i
        truth = seeded_plan(plan_seed, **layout.plan_options)
        started = time.perf_counter()
        rendered = layout.make(truth, RandomSource(random.Random(plan_seed + 7)))
        path = write(rendered, fmt, folder, f"{layout_name}-{i}")
        row.render_seconds += time.perf_counter() - started
        started = time.perf_counter()
        plan: dict[str, Any] = {}
        category = "error"
        try:
            assured = assure_file(path, on=ASSESSED_ON)
            plan = assured.plan.model_dump(mode="json")
            category = assured.assessment.category
        except InputError as error:
            row.errors += 1
            row.error_messages.append((plan_seed, str(error).split(": ", 1)[-1]))
        row.read_seconds += time.perf_counter() - started
        results = score_fields(plan, truth.gold())
        row.docs += 1
        row.fields += len(results)
        row.right += sum(r.right for r in results)
        row.wrong += [(plan_seed, r) for r in results if not r.right]
        if truth.fully_signed:
            row.signed += 1
            row.false_not_approved += category == "Not approved"
        if truth.has_unsigned:
            row.unsigned += 1
            row.missed_not_approved += category != "Not approved"
    return row


def table(rows: list[Row]) -> str:
    head = (
        f"{'layout':22} {'format':6} {'docs':>4} {'fields right':>14} {'accuracy':>8} "
        f"{'false NA':>10} {'missed NA':>10} {'errors':>6} {'render s':>8} {'read s':>7}"
    )
    lines = [head, "-" * len(head)]

    def line(r: Row, name: str, fmt: str) -> str:
        accuracy = r.right / r.fields if r.fields else 1.0
        return (
            f"{name:22} {fmt:6} {r.docs:>4} {f'{r.right}/{r.fields}':>14} {accuracy:>8.3f} "
            f"{f'{r.false_not_approved}/{r.signed}':>10} "
            f"{f'{r.missed_not_approved}/{r.unsigned}':>10} {r.errors:>6} "
            f"{r.render_seconds / max(r.docs, 1):>8.3f} {r.read_seconds / max(r.docs, 1):>7.3f}"
        )

    lines += [line(r, r.layout, r.fmt) for r in rows]
    total = Row("all", "")
    for r in rows:
        for name in ("docs", "right", "fields", "signed", "false_not_approved", "unsigned"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.missed_not_approved += r.missed_not_approved
        total.errors += r.errors
        total.render_seconds += r.render_seconds
        total.read_seconds += r.read_seconds
    lines += ["-" * len(head), line(total, "all", "")]
    by_format: dict[str, Row] = {}
    for r in rows:
        t = by_format.setdefault(r.fmt, Row("all", r.fmt))
        t.docs += r.docs
        t.right += r.right
        t.fields += r.fields
        t.signed += r.signed
        t.false_not_approved += r.false_not_approved
        t.unsigned += r.unsigned
        t.missed_not_approved += r.missed_not_approved
        t.errors += r.errors
        t.render_seconds += r.render_seconds
        t.read_seconds += r.read_seconds
    lines += [line(t, "all", fmt) for fmt, t in sorted(by_format.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20, help="plans per layout and format")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), action="append")
    parser.add_argument("--format", dest="formats", action="append")
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    names = args.layout or list(LAYOUTS)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            for fmt in LAYOUTS[name].formats:
                if args.formats and fmt not in args.formats:
                    continue
                rows.append(run(name, fmt, args.n, args.seed, Path(folder)))
    print(f"bench/layouts.py — {dt.datetime.now():%Y-%m-%d %H:%M}, n={args.n}, seed={args.seed}")
    print("fields right: plan details and sign-off values right / scored (bettercare.evaluate)")
    print("false NA: fully signed plans 'Not approved' / fully signed plans")
    print("missed NA: plans with a wholly unsigned block not 'Not approved' / such plans")
    print("errors: documents refused (InputError); render s, read s: seconds per document\n")
    print(table(rows))
    if args.show_wrong:
        for r in rows:
            if not r.wrong and not r.error_messages:
                continue
            print(f"\n{r.layout} .{r.fmt}")
            for plan_seed, message in r.error_messages:
                print(f"  seed {plan_seed}: refused: {message}")
            for plan_seed, result in r.wrong:
                print(
                    f"  seed {plan_seed}: {result.field}: expected {result.expected!r}, "
                    f"got {result.got!r}"
                )


if __name__ == "__main__":
    main()
