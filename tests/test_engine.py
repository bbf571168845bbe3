"""The assessment engine works on the plan alone, under one framework chosen per run.

- A plan saved as JSON is checked and assessed exactly as its document.
- One edit to a saved plan changes exactly the findings that depend on that value.
- `--framework NAME|PATH`: a copied framework with other thresholds runs; a catalogue that
  does not match the check functions is refused naming both.
- A finding resting on a value marked for review never alone makes a showstopper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bettercare import extract_file
from bettercare.check import FAMILIES, catalogue_problems, check_file, check_plan
from bettercare.errors import InputError
from bettercare.extract import attach_part2
from bettercare.frameworks import load_framework
from bettercare.model import FieldRead, Plan
from bettercare.pipeline import assure_file
from bettercare.read.saved import read_saved_plan
from tests.conftest import EXAMPLES, corpus_file
from tests.test_cli import run

RIVERTON = EXAMPLES / "riverton-2014-revised.txt"
EASTBROOK = EXAMPLES / "eastbrook-2014-original.txt"
FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "src/bettercare/frameworks/bcf-2014.toml"
ON = dt.date(2014, 10, 1)


def _save(plan: Plan, folder: Path, name: str = "plan.json") -> Path:
    path = folder / name
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    return path


def _findings(path: Path) -> dict[str, tuple[str, list[tuple[int, str]]]]:
    _, report = check_file(path)
    return {f.id: (f.severity, [(e.line, e.text) for e in f.evidence]) for f in report.findings}


@pytest.mark.parametrize(
    "document",
    [
        RIVERTON,
        EASTBROOK,
        "blackpool-hwb-pack-2014-12.txt",
        "fylde-wyre-2014-02-draft.txt",
        "west-essex-2014-03.txt",
        "excerpts/sutton-2014-09.txt",
    ],
)
def test_a_saved_plan_is_checked_exactly_as_its_document(
    document: Path | str, tmp_path: Path
) -> None:
    path = document if isinstance(document, Path) else corpus_file(document)
    saved = _save(extract_file(path), tmp_path)
    from_document, from_plan = _findings(path), _findings(saved)
    assert from_plan == from_document
    assert from_document  # every one of these plans has findings to compare


def test_blackpool_from_its_saved_plan_keeps_category_and_evidence(tmp_path: Path) -> None:
    pack = corpus_file("blackpool-hwb-pack-2014-12.txt")
    saved = _save(extract_file(pack), tmp_path)
    by_document, by_plan = assure_file(pack, on=ON), assure_file(saved, on=ON)
    assert by_plan.assessment.category == by_document.assessment.category
    assert [r.code for r in by_plan.assessment.risks] == [
        r.code for r in by_document.assessment.risks
    ]
    # The plan JSON holds the plan's lines only, not the rest of the board pack (6,300 lines).
    plan = by_plan.plan
    assert plan.start_line is not None and plan.end_line is not None
    inside = [ln for ln in plan.text if plan.start_line <= ln.number <= plan.end_line]
    assert len(inside) > 500
    assert len(plan.text) - len(inside) < 50  # only lines a value or warning cites
    # every evidence quote is the pack's own line, as the file holds it
    lines = pack.read_text(encoding="utf-8").splitlines()
    quoted = [e for r in by_plan.assessment.risks for e in r.evidence]
    assert quoted
    for evidence in quoted:
        assert evidence.text == lines[evidence.line - 1].strip()[:300]


def _edited(tmp_path: Path, change: dict[str, object]) -> tuple[set[str], set[str]]:
    """Finding ids of Riverton's saved plan before and after changing top-level values."""
    plan = extract_file(RIVERTON)
    before = _save(plan, tmp_path, "before.json")
    data = json.loads(before.read_text())
    data.update(change)
    after = tmp_path / "after.json"
    after.write_text(json.dumps(data), encoding="utf-8")
    return set(_findings(before)), set(_findings(after))


def test_one_edit_changes_only_the_findings_that_depend_on_it(tmp_path: Path) -> None:
    # Riverton was agreed 10 Sep 2014 (line 14) and its three blocks signed 18, 18 and 19 Sep
    # (lines 26, 31, 35): a submission date of 1 Sep comes before all four.
    before, after = _edited(tmp_path, {"date_submitted": "2014-09-01"})
    assert after - before == {
        "dates-inconsistent:submitted-before-agreed",
        "dates-inconsistent:signed-after-submission:0",
        "dates-inconsistent:signed-after-submission:1",
        "dates-inconsistent:signed-after-submission:2",
    }
    assert not before - after

    # The 2015/16 total (£10,250,000) cut below its minimum (£9,870,000).
    pooled = {
        "minimum": {"2014/15": 2150000, "2015/16": 9870000},
        "total": {"2014/15": 2400000, "2015/16": 9000000},
    }
    before, after = _edited(tmp_path, {"pooled_budget": pooled})
    assert {f.split(":")[0] for f in after - before} == {"pooled-below-minimum"}
    assert not before - after


def test_a_correction_removes_the_finding_it_answers(tmp_path: Path) -> None:
    """Eastbrook's council block is unsigned; an assurer's corrected plan (name and date
    filled in) is re-assessed from the plan alone and that finding closes."""
    plan = extract_file(EASTBROOK)
    before = _save(plan, tmp_path, "before.json")
    number = next(
        i for i, s in enumerate(plan.signatories) if s.on_behalf_of == "council" and not s.name
    )
    corrected = plan.model_copy(deep=True)
    signatory = corrected.signatories[number]
    signed = plan.date_agreed_at_hwb or plan.date_submitted or ON
    signatory.name, signatory.position, signatory.date = "Ann Example", "Leader", signed
    if signatory.organisation is None:
        signatory.organisation = corrected.local_authorities[0]
    for what in ("name", "position", "date", "organisation"):
        corrected.fields[f"/signatories/{number}/{what}"] = FieldRead(state="found")
    after = _save(corrected, tmp_path, "after.json")
    closed = set(_findings(before)) - set(_findings(after))
    assert closed == {f"signoff-unsigned:council:{number}"}
    assert set(_findings(after)) <= set(_findings(before))


def test_cli_checks_and_assures_a_saved_plan(tmp_path: Path) -> None:
    extracted = run("extract", str(EASTBROOK))
    assert extracted.returncode == 0, extracted.stderr
    saved = tmp_path / "eastbrook.json"
    saved.write_text(extracted.stdout, encoding="utf-8")
    by_document = run("assure", str(EASTBROOK), "--on", "2014-10-01")
    by_plan = run("assure", str(saved), "--on", "2014-10-01")
    assert by_plan.returncode == by_document.returncode == 1  # the unsigned council block
    assert json.loads(by_plan.stdout)["assessment"] == json.loads(by_document.stdout)["assessment"]
    # an assure output holds the plan: it can be assessed again too
    again = tmp_path / "eastbrook.assurance.json"
    again.write_text(by_plan.stdout, encoding="utf-8")
    checked = run("check", str(again), "--format", "json")
    assert checked.returncode == 1
    assert "signoff-unsigned" in checked.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not a JSON file"),
        ('{"plan_id": 3}', "not a bettercare plan"),
        ('{"framework": "bcf-2014", "schema_version": "2.0"}', "schema 2.0"),
        ('{"framework": "bcf-2014", "schema_version": "1.3", "ccgs": 7}', "/ccgs"),
    ],
)
def test_a_bad_saved_plan_is_one_line_and_exit_2(
    content: str, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    result = run("assure", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr


def test_a_plan_saved_by_schema_1_2_without_its_text_still_assesses(tmp_path: Path) -> None:
    data = json.loads(extract_file(RIVERTON).model_dump_json())
    data["schema_version"] = "1.2"
    del data["text"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("assure", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["assessment"]["category"]


# ------------------------------------------------------------------ one framework per run


def _copied(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = FRAMEWORK_FILE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "my-round.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_copied_framework_with_other_thresholds_runs(tmp_path: Path) -> None:
    """Riverton answers every national condition in full; a renamed copy of the framework
    asking for 100,000 words per answer finds every one unanswered."""
    shipped = run("check", str(RIVERTON), "--format", "json")
    shipped_codes = {f["code"] for f in json.loads(shipped.stdout)["findings"]}
    copy = _copied(
        tmp_path,
        ('id = "bcf-2014"', 'id = "my-round"'),
        ("condition_min_words = 8", "condition_min_words = 100000"),
    )
    result = run("check", str(RIVERTON), "--format", "json", "--framework", str(copy))
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["framework"] == "my-round"
    unanswered = [f for f in report["findings"] if f["code"] == "condition-unanswered"]
    assert "condition-unanswered" not in shipped_codes
    assert len(unanswered) == len(load_framework().assurance.condition_narratives)
    listed = run("rules", "--framework", str(copy))
    assert listed.returncode == 0 and "`my-round`" in listed.stdout


def test_a_framework_naming_an_unknown_check_is_refused(tmp_path: Path) -> None:
    copy = _copied(
        tmp_path,
        ('[[checks]]\ncode = "signoff-informal"', '[[checks]]\ncode = "signoff-by-carrier-pigeon"'),
    )
    result = run("check", str(RIVERTON), "--framework", str(copy))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    # names both sides: the unknown entry, and the family's code left without an entry
    assert "'signoff-by-carrier-pigeon' has no check function" in result.stderr
    assert "family 'signoff' raises 'signoff-informal'" in result.stderr


def test_a_family_runs_only_when_the_framework_lists_its_codes(tmp_path: Path) -> None:
    """Millbrook with a Part 2 workbook that funds an unlisted scheme "Z": the shipped
    framework raises the Part 2 cross-checks; a copy listing no Part 2 codes runs every other
    family exactly as before and that one not at all."""
    from tests.fictional import CLEAN_PLAN, clean_workbook
    from tests.test_part2 import EXPENDITURE, _edit, _set

    part2 = next(f for f in FAMILIES if f.name == "part2")
    framework = load_framework()
    without_part2 = framework.model_copy(
        update={"checks": [c for c in framework.checks if c.code not in part2.codes]}
    )
    assert catalogue_problems(framework) == catalogue_problems(without_part2) == []
    text = tmp_path / "plan.txt"
    text.write_text(CLEAN_PLAN, encoding="utf-8")
    workbook = _edit(clean_workbook(tmp_path), _set(EXPENDITURE, A7="Z"))
    plan = extract_file(text)
    attach_part2(plan, workbook)
    full = {f.id: f.code for f in check_plan(plan, framework).findings}
    gated = {f.id: f.code for f in check_plan(plan, without_part2).findings}
    assert set(full.values()) & part2.codes  # the damaged workbook is found by the shipped rules
    assert gated == {i: c for i, c in full.items() if c not in part2.codes}


def test_an_unknown_framework_name_is_one_line() -> None:
    result = run("assure", str(RIVERTON), "--framework", "bcf-1999")
    assert result.returncode == 2
    assert "no such framework" in result.stderr and "bcf-2014" in result.stderr
    broken = run("assure", str(RIVERTON), "--framework", str(RIVERTON))
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1


# ------------------------------------------------------------------ confidence


def test_a_doubtful_value_never_alone_makes_a_showstopper(tmp_path: Path) -> None:
    """Eastbrook's unsigned council block is a showstopper; the same plan with that block's
    name marked for review holds it at Top risk, marked low confidence, citing the field."""
    plan = extract_file(EASTBROOK)
    number = next(
        i for i, s in enumerate(plan.signatories) if s.on_behalf_of == "council" and not s.name
    )
    sure = check_plan(plan)
    finding = next(f for f in sure.findings if f.id == f"signoff-unsigned:council:{number}")
    assert finding.severity == "Showstopper" and finding.confidence == "high"

    doubted = plan.model_copy(deep=True)
    where = f"/signatories/{number}/name"
    doubted.fields[where] = FieldRead(state="blank", needs_review=True, reason="faint scan")
    held = next(
        f for f in check_plan(doubted).findings if f.id == f"signoff-unsigned:council:{number}"
    )
    assert held.severity == "Top risk"
    assert held.confidence == "low" and held.doubts == [f"/signatories/{number}"]
    assert re.search(r"low confidence", held.message)
    # Eastbrook's only showstopper was that block: re-assessed, the plan is not "Not approved".
    assert assure_file(EASTBROOK, on=ON).assessment.category == "Not approved"
    assured = assure_file(_save(doubted, tmp_path), on=ON)
    assert assured.assessment.category != "Not approved"
    assert not any(r.severity == "Showstopper" for r in assured.assessment.risks)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=200),
        _JSON.map(json.dumps).map(str.encode),
        st.fixed_dictionaries(
            {"framework": st.just("bcf-2014"), "schema_version": st.just("1.3")},
            optional={"ccgs": _JSON, "signatories": _JSON, "text": _JSON, "fields": _JSON},
        )
        .map(json.dumps)
        .map(str.encode),
    )
)
def test_the_saved_plan_reader_gives_a_plan_or_one_input_error(
    content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    try:
        plan = read_saved_plan(path)
    except InputError as error:
        assert "\n" not in str(error) and str(path) in str(error)
    else:
        assert plan.framework == "bcf-2014"
        check_plan(plan)  # a valid saved plan is always checkable


def test_correcting_an_impossible_date_closes_its_finding(tmp_path: Path) -> None:
    """West Essex line 23: "Date submitted: 7 March 20014" is impossible; once a person puts
    7 March 2014 into the saved plan, the findings resting on that field close (the impossible
    date, and the checklist's missing submission date) and nothing else changes."""
    plan = extract_file(corpus_file("west-essex-2014-03.txt"))
    before = _save(plan, tmp_path, "before.json")
    assert "dates-inconsistent:line-23" in _findings(before)
    corrected = plan.model_copy(deep=True)
    corrected.date_submitted = dt.date(2014, 3, 7)
    corrected.fields["/date_submitted"] = FieldRead(state="found", reason="corrected")
    after = _save(corrected, tmp_path, "after.json")
    closed = set(_findings(before)) - set(_findings(after))
    assert closed == {"dates-inconsistent:line-23", "item-missing:date_submitted"}
    assert set(_findings(after)) <= set(_findings(before))
