"""Hypothesis fuzzing: damaged plans never raise anything but the documented InputError."""

from __future__ import annotations

import contextlib
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bettercare import InputError, extract_plan
from bettercare.assess import assess
from bettercare.assess.review import load_review
from bettercare.calc import plan_figures
from bettercare.check import check_plan
from bettercare.extract.part2 import extract_part2
from bettercare.frameworks import load_framework
from bettercare.monitor import monitor
from bettercare.monitor.actuals import period, read_actuals
from bettercare.pipeline import Assured
from bettercare.read import read_bytes
from bettercare.read.workbook import read_workbook_bytes
from bettercare.report.actions_xlsx import actions_workbook
from bettercare.report.html import assurance_html, monitor_html
from bettercare.report.part2_template import part2_template
from tests.conftest import CORPUS, EXAMPLES
from tests.fictional import CLEAN_PLAN, clean_workbook


@cache
def _sources() -> tuple[tuple[str, ...], ...]:
    """Lines of the examples and (where present) of the real plans, as fuzzing seeds."""
    texts = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))] + [CLEAN_PLAN]
    if CORPUS.is_dir():
        for name in ("fylde-wyre-2014-02-draft.txt", "west-essex-2014-03.txt"):
            texts.append((CORPUS / name).read_text())
        blackpool = (CORPUS / "blackpool-hwb-pack-2014-12.txt").read_text().split("\n")
        texts.append("\n".join(blackpool[2400:5000]))
    return tuple(tuple(text.split("\n")) for text in texts)


@st.composite
def damaged_plans(draw: st.DrawFn) -> bytes:
    lines = list(draw(st.sampled_from(_sources())))
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        action = draw(st.sampled_from(["delete", "duplicate", "shuffle", "noise", "huge", "tabs"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = min(len(lines), i + draw(st.integers(1, 60)))
        if action == "delete":
            del lines[i:j]
        elif action == "duplicate":
            lines[i:i] = lines[i:j]
        elif action == "shuffle":
            lines[i:j] = draw(st.permutations(lines[i:j]))
        elif action == "noise":
            lines.insert(i, draw(st.text(max_size=200)))
        elif action == "huge":
            lines.insert(i, draw(st.sampled_from(["£", "<", "\t", "Q1 ", "1 ", "a"])) * 200_000)
        else:
            lines[i] = lines[i].replace(" ", "\t")
    data = "\n".join(lines).encode("utf-8", errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=64)) + data[cut:]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_plans())
def test_damaged_text_extracts_checks_and_assesses_or_fails_cleanly(data: bytes) -> None:
    try:
        document = read_bytes("fuzz.txt", data, "txt")
        plan = extract_plan(document)
    except InputError as error:
        assert "\n" not in str(error)
        return
    plan.model_dump_json()  # the contract always serialises
    for source in plan.sources.values():
        assert source.line >= 1
    report = check_plan(plan)
    framework = load_framework()
    automatic = assess(report, framework, dt.date(2014, 10, 20))
    assured = Assured(plan, report, automatic, plan_figures(plan, framework), framework)
    assert "<script" not in assurance_html(assured).split("</style>", 1)[1]
    actions_workbook(automatic, framework, plan.health_and_wellbeing_board or "area")
    part2_template(framework, plan)
    for finding in report.findings:
        assert all(1 <= e.line <= len(document.lines) for e in finding.evidence)


_REVIEW_KEYS = st.sampled_from(["reviewer", "findings", "category", "id", "dismiss", "severity",
                                "reason", "name", "surprise"])  # fmt: skip
_YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_REVIEW_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(_YAMLISH.map(yaml.safe_dump), st.text(max_size=300)))
def test_any_review_file_loads_or_fails_with_one_line(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("review") / "review.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        review = load_review(path, [])
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert review.findings == []  # no finding id can match an empty plan


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["txt", "pdf", "docx", None]))
def test_random_bytes_never_crash_a_reader(data: bytes, kind: str | None) -> None:
    with contextlib.suppress(InputError):
        extract_plan(read_bytes("fuzz", data, kind))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash_the_workbook_reader(data: bytes) -> None:
    with contextlib.suppress(InputError):
        extract_part2(read_workbook_bytes("fuzz.xlsx", b"PK\x03\x04" + data))


@cache
def _workbook_bytes(folder: Path) -> bytes:
    return clean_workbook(folder).read_bytes()


def _clean_workbook_bytes(tmp_path_factory: Any) -> bytes:
    return _workbook_bytes(tmp_path_factory.getbasetemp())


_CELL_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.integers(1, 30), st.integers(1, 10), _CELL_VALUES),
        max_size=25,
    )
)
def test_any_cell_values_read_with_addressed_warnings(
    tmp_path_factory: Any, edits: list[Any]
) -> None:
    path = tmp_path_factory.mktemp("wb") / "part2.xlsx"
    path.write_bytes(_clean_workbook_bytes(tmp_path_factory))
    book = load_workbook(path)
    for sheet_index, row, column, value in edits:
        sheet = book.worksheets[sheet_index - 1]
        sheet.cell(row=row, column=column, value=value)
    book.save(path)
    plan = extract_part2(read_workbook_bytes(str(path), path.read_bytes()))
    for warning in plan.warnings:
        assert "\n" not in warning.message
        if warning.code == "cell-invalid":
            assert warning.cell and warning.message.startswith(warning.cell)
    # Whatever the workbook holds, the cross-checks and figures run on it.
    document = read_bytes("clean.txt", CLEAN_PLAN.encode(), "txt")
    part1 = extract_plan(document)
    part1.part2 = plan.part2
    framework = load_framework()
    report = check_plan(part1, framework)
    assess(report, framework, dt.date(2014, 10, 20))
    plan_figures(part1, framework)


_ACTUAL_ROWS = st.lists(
    st.lists(
        st.one_of(
            st.sampled_from(["metric", "period", "value", "scheme", "spend", "NEL", "DTOC", "A"]),
            st.sampled_from(
                ["2015/16 Q1", "15-16 Q4", "Q2 2015/16", "2015/16 Q9", "£1,000", "1e9"]
            ),
            st.text(max_size=15),
        ),
        max_size=5,
    ),
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_ACTUAL_ROWS, st.sampled_from([",", ";", "\t"]))
def test_any_actuals_file_reads_or_fails_with_one_line(
    tmp_path_factory: Any, rows: list[list[str]], delimiter: str
) -> None:
    path = tmp_path_factory.mktemp("actuals") / "actuals.csv"
    path.write_text("\n".join(delimiter.join(row) for row in rows), encoding="utf-8")
    try:
        actuals = read_actuals(path)
    except InputError as error:
        assert "\n" not in str(error)
        return
    for metric in actuals.metrics:
        assert period(metric.period) == metric.period
    for problem in actuals.problems:
        assert problem.startswith("actuals.csv:")
    plan = extract_plan(read_bytes("clean.txt", CLEAN_PLAN.encode(), "txt"))
    result = monitor(plan, actuals, load_framework())
    assert "<script" not in monitor_html(result, "plan", ["actuals"]).split("</style>", 1)[1]
