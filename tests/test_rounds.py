"""Rounds of the fund: each recognised from the document's own opening, read with its own
framework file, and a round no file holds refused for checking with one line.

The small plans here are fictional (invented areas). Expected values for the corpus excerpts
were read off the excerpts' lines by hand (line numbers in the comments), never taken from
the program's output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bettercare.check import check_file
from bettercare.errors import InputError
from bettercare.extract import extract_file, extract_plan
from bettercare.frameworks import (
    framework_ids,
    load_framework,
    opening_text,
    recognise,
)
from bettercare.model import Plan
from bettercare.pipeline import assure_file
from bettercare.read import read_bytes, read_file
from tests.conftest import CORPUS, ROOT
from tests.test_cli import run
from tests.test_cli_errors import one_line_error

FRAMEWORKS = ROOT / "src" / "bettercare" / "frameworks"
EXCERPTS = CORPUS / "excerpts"


def _plan(text: str) -> Plan:
    return extract_plan(read_bytes("plan.txt", text.encode(), "txt"))


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} is missing (clone with ../shared beside the repo)")
    return path


# ------------------------------------------------------------------ fictional openings
PART1_2016 = (
    "Updated March 2016\n\nBetter Care Fund planning template – Part 1\n\n"
    "1) PLAN DETAILS\n\na) Summary of Plan\n\n"
    "Local Authority\tAnyshire County Council\n"
    "Clinical Commissioning Groups\tNHS Anyshire North CCG\n"
    "District and Borough Councils\tAnyford District Council\n"
    "Boundary Differences\tNone\n"
    "Date agreed at Health and Well-Being Board:\t21/04/2016\n"
    "Date submitted:\t03/05/2016\n"
)
NARRATIVE_2016 = "Anyshire Better Care Fund Narrative Plan 2016/17\n\nThe Local Vision\n"
FLAT_2016 = (
    "1 Updated March 2016 Better Care Fund planning template Part 1 Please note, there are "
    "two parts to the template. Contents 1 Plan Details... 2 A Summary of Plan... 2 National "
    "Conditions A Plans to be jointly agreed B Maintain provision of social care services\n"
)
CONTENTS_2016 = (
    "Contents\n\nNational Conditions\nA Plans to be jointly agreed\n"
    "B Maintain provision of social care services\nC Agreement for the delivery of 7-day "
    "services\nH Agreement on local action plan to reduce delayed transfers of care (DTOC)\n"
)
NARRATIVE_2017 = (
    "Integration and Better Care Fund\nNarrative Plan Template 2017/19\n\n"
    "Area\tAnyshire\nConstituent Health and Wellbeing Boards\tAnyshire\n"
    "Constituent CCGs\tNHS Anyshire North CCG\n\nContents\n"
)
FLAT_2017 = (
    "1 Anyborough Integration & Better Care Fund Plan 2017/19 Area North West Constituent "
    "Health and Wellbeing Boards Anyborough Constituent CCGs NHS Anyborough CCG\n"
)
TITLE_2017 = "Better Care Fund Plan 2017-2019 for Anyshire | Draft version 3\n\nContents\n"
PART1_2014 = (
    "Better Care Fund planning template – Part 1\nUpdated July 2014\n\n1) PLAN DETAILS\n\n"
    "a) Summary of Plan\n\nLocal Authority\tAnyshire County Council\n"
    "Clinical Commissioning Groups\tNHS Anyshire North CCG\n"
)


@pytest.mark.parametrize(
    ("text", "framework"),
    [
        (PART1_2016, "bcf-2016-17"),
        (NARRATIVE_2016, "bcf-2016-17"),
        (FLAT_2016, "bcf-2016-17"),
        (CONTENTS_2016, "bcf-2016-17"),
        (NARRATIVE_2017, "bcf-2017-19"),
        (FLAT_2017, "bcf-2017-19"),
        (TITLE_2017, "bcf-2017-19"),
        (PART1_2014, "bcf-2014"),
    ],
    ids=[
        "2016-part1",
        "2016-narrative-title",
        "2016-flattened",
        "2016-contents-only",
        "2017-narrative-template",
        "2017-flattened",
        "2017-title",
        "2014-revised",
    ],
)
def test_a_plan_is_read_with_its_rounds_framework(text: str, framework: str) -> None:
    plan = _plan(text)
    assert plan.framework == framework
    assert plan.round is None
    assert not any(w.code.startswith("round-") for w in plan.warnings)


def test_a_2016_17_part1_reads_its_own_form() -> None:
    plan = _plan(PART1_2016)
    assert plan.template == "part1"
    assert plan.local_authorities == ["Anyshire County Council"]
    assert plan.ccgs == ["NHS Anyshire North CCG"]
    assert plan.district_councils == ["Anyford District Council"]
    assert plan.date_agreed_at_hwb == dt.date(2016, 4, 21)
    assert plan.date_submitted == dt.date(2016, 5, 3)
    assert set(plan.pooled_budget.minimum) <= {"2016/17"}


def test_a_2017_19_plan_reads_area_boards_and_ccgs() -> None:
    plan = _plan(NARRATIVE_2017)
    assert (plan.area, plan.health_and_wellbeing_board) == ("Anyshire", "Anyshire")
    assert plan.ccgs == ["NHS Anyshire North CCG"]
    assert plan.local_authorities == []
    flat = _plan(FLAT_2017)
    assert (flat.area, flat.health_and_wellbeing_board) == ("North West", "Anyborough")
    assert flat.ccgs == ["NHS Anyborough CCG"]


def test_no_round_named_is_the_default_2014() -> None:
    assert recognise("Summary of Plan Local Authority Anyshire County Council").framework is None
    plan = _plan(
        "1) PLAN DETAILS\nLocal Authority\tAnyshire County Council\n"
        "Clinical Commissioning Groups\tNHS Anyshire North CCG\n"
    )
    assert plan.framework == "bcf-2014" and plan.round is None


@pytest.mark.parametrize(
    ("title", "round_"),
    [
        ("Anyshire Better Care Fund Plan 2019/20", "2019/20"),
        ("Integration and Better Care Fund Narrative Plan 2019-20: Anyshire", "2019/20"),
        ("Better Care Fund Plan 2021/22 – Anyborough", "2021/22"),
        ("2023-25 Better Care Fund narrative plan for Anyshire", "2023-25"),
    ],
)
def test_a_round_no_file_holds_is_named_and_flagged(title: str, round_: str) -> None:
    plan = _plan(f"{title}\n\nArea\tAnyshire\nConstituent CCGs\tNHS Anyshire CCG\n")
    assert plan.round == round_
    assert plan.framework == "bcf-2014"
    assert any(w.code == "round-unsupported" for w in plan.warnings)


def test_strong_marks_beat_weak_ones_and_the_first_strong_mark_wins() -> None:
    # "Integration and Better Care Fund" named 2017-19 plans and later ones: weak.
    assert recognise("Integration and Better Care Fund narrative").framework == "bcf-2017-19"
    later = recognise("Integration and Better Care Fund Plan 2019/20")
    assert (later.framework, later.round) == (None, "2019/20")
    # A plan's own title comes before what it says of an earlier round.
    opening = "Better Care Fund Plan 2017-19 for Anyshire. Our plan for 2016/17 was agreed."
    assert recognise(opening).framework == "bcf-2017-19"


def test_an_explicit_framework_is_used_and_the_difference_flagged() -> None:
    document = read_bytes("plan.txt", NARRATIVE_2017.encode(), "txt")
    plan = extract_plan(document, load_framework("bcf-2014"))
    assert plan.framework == "bcf-2014"
    assert any(w.code == "round-forced" for w in plan.warnings)
    assert extract_plan(document, load_framework("bcf-2017-19")).framework == "bcf-2017-19"


# ------------------------------------------------------------------ version / sign-off tables
TABLE = """Anyshire Better Care Fund Narrative Plan 2016/17

Version Sign Off Date

v1 Draft

JCSG 02/03/16

v2 Anyshire Council Cabinet 14/03/2016

v3 HWBB 21.03.16

v4 HWBB 30/03/16

Final Submitted to NHSE 04/04/16

Contents
The Local Vision
"""


def test_a_sign_off_table_one_row_a_line_becomes_stages_and_dates() -> None:
    plan = _plan(TABLE)
    rows = [(s.text, s.version, s.on_behalf_of, s.submitted, s.date) for s in plan.sign_off_stages]
    assert rows == [
        ("v1 Draft JCSG", "v1", None, False, dt.date(2016, 3, 2)),
        ("v2 Anyshire Council Cabinet", "v2", "council", False, dt.date(2016, 3, 14)),
        ("v3 HWBB", "v3", "hwb", False, dt.date(2016, 3, 21)),
        ("v4 HWBB", "v4", "hwb", False, dt.date(2016, 3, 30)),
        ("Final Submitted to NHSE", None, None, True, dt.date(2016, 4, 4)),
    ]
    # The last HWB row is the date agreed; the submission row the date submitted.
    assert plan.date_agreed_at_hwb == dt.date(2016, 3, 30)
    assert plan.date_submitted == dt.date(2016, 4, 4)
    assert plan.sources["/date_agreed_at_hwb"].line == 13
    assert plan.sources["/sign_off_stages/0/text"].line == 5
    assert plan.sources["/sign_off_stages/0/date"].line == 7
    assert plan.signatories == []


def test_prose_after_a_sign_off_table_is_not_a_row() -> None:
    text = (
        "Anyshire Better Care Fund Narrative Plan 2017-19\nVersion Sign Off Date\n"
        "v1 HWBB 06/09/17\n"
        "In the year to 31/03/2017 the partners of the borough agreed a new model of care "
        "that was reviewed on 12/06/17\n"
    )
    plan = _plan(text)
    assert [(s.text, s.date) for s in plan.sign_off_stages] == [("v1 HWBB", dt.date(2017, 9, 6))]


def test_hwb_agreement_shown_missing_is_not_approved_but_not_found_is_checked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.txt"
    # The date-agreed label is there, left as the template's placeholder: positive evidence.
    blank = NARRATIVE_2017.replace(
        "\n\nContents", "\nDate agreed at Health and Wellbeing Board\t<dd/mm/yyyy>\n\nContents"
    )
    path.write_text(blank)
    assured = assure_file(path, on=dt.date(2017, 10, 1))
    codes = {f.code for f in assured.report.findings}
    assert "plan-not-agreed" in codes and "plan-agreement-unconfirmed" not in codes
    assert assured.assessment.category == "Not approved"
    # No record read at all (an opening only): for a person to check, never "Not approved".
    path.write_text(NARRATIVE_2017)
    assured = assure_file(path, on=dt.date(2017, 10, 1))
    codes = {f.code for f in assured.report.findings}
    assert "plan-agreement-unconfirmed" in codes and "plan-not-agreed" not in codes
    assert assured.assessment.category != "Not approved"
    # Each of the four national conditions unanswered, each bringing its own condition.
    unanswered = [f for f in assured.report.findings if f.code == "condition-unanswered"]
    assert sorted(c for f in unanswered for c in f.conditions) == ["1", "2", "3", "4"]
    # Agreed at the HWB (a sign-off table row): no longer a showstopper.
    path.write_text(NARRATIVE_2017 + "Version Sign Off Date\nv2 HWBB 06/09/17\n")
    assured = assure_file(path, on=dt.date(2017, 10, 1))
    assert "plan-not-agreed" not in {f.code for f in assured.report.findings}
    assert assured.assessment.category == "Approved subject to conditions"
    # No 2014-only families ran: no finance, scheme, risk-log, metric or sign-off-block codes.
    listed = {check.code for check in load_framework("bcf-2017-19").checks}
    assert {f.code for f in assured.report.findings} <= listed


# ------------------------------------------------------------------ framework files
def test_each_round_file_loads_with_its_own_parts() -> None:
    assert framework_ids() == ["bcf-2014", "bcf-2016-17", "bcf-2017-19"]
    later = [load_framework("bcf-2016-17"), load_framework("bcf-2017-19")]
    assert [f.years for f in later] == [["2016/17"], ["2017/18", "2018/19"]]
    assert [len(f.national_condition_narratives) for f in later] == [8, 4]
    for framework in later:
        assert framework.p4p_metric is None
        assert framework.schemes is None and framework.contributions is None
        assert framework.part2 is None and framework.monitoring is None
        assert {m.id for m in framework.metrics} >= {"NEL", "RES", "REA", "DTOC"}
        names = [c.name for c in framework.assurance.categories]
        assert names == [c.name for c in load_framework().assurance.categories]
    assert load_framework("bcf-2014").p4p_metric == "NEL"


def test_later_round_wordings_are_not_in_the_2014_form() -> None:
    labels = {words for item in load_framework("bcf-2014").form.fields for words in item.labels}
    assert not labels & {"constituent ccgs", "hwbb sign off", "submitted to nhse", "hwbb"}
    later = {w for item in load_framework("bcf-2017-19").form.fields for w in item.labels}
    assert {"area", "constituent health and wellbeing boards", "constituent ccgs"} <= later


def test_a_copied_and_renamed_round_file_loads(tmp_path: Path) -> None:
    text = (FRAMEWORKS / "bcf-2017-19.toml").read_text(encoding="utf-8")
    copy = tmp_path / "anyshire-2017-19.toml"
    copy.write_text(text.replace('id = "bcf-2017-19"', 'id = "anyshire-2017-19"', 1))
    framework = load_framework(str(copy))
    assert framework.id == "anyshire-2017-19"
    assert framework.checks == load_framework("bcf-2017-19").checks
    plan = extract_plan(read_bytes("plan.txt", NARRATIVE_2017.encode(), "txt"), framework)
    assert plan.framework == "anyshire-2017-19" and plan.area == "Anyshire"


def test_a_round_file_with_an_unknown_risk_code_fails_to_load(tmp_path: Path) -> None:
    text = (FRAMEWORKS / "bcf-2016-17.toml").read_text(encoding="utf-8")
    copy = tmp_path / "broken.toml"
    copy.write_text(text.replace('risk = "N2"', 'risk = "Z9"', 1))
    with pytest.raises(InputError, match="Z9"):
        load_framework(str(copy))


# ------------------------------------------------------------------ the command line
def test_an_unheld_round_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "anyshire-2019-20.txt"
    path.write_text("Anyshire Better Care Fund Plan 2019/20\n\nArea\tAnyshire\n")
    for command in ("check", "assure"):
        line = one_line_error(run(command, str(path)), "2019/20", "no framework file holds")
        assert str(path) in line
    with pytest.raises(InputError, match="2019/20"):
        check_file(path)
    extracted = run("extract", str(path))
    assert extracted.returncode == 0, extracted.stderr
    assert json.loads(extracted.stdout)["round"] == "2019/20"


def test_a_later_round_plan_is_assessed_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "anyshire.txt"
    path.write_text(TABLE)
    result = run("assure", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"]["framework"] == "bcf-2016-17"
    assert data["assessment"]["category"] == "Approved subject to conditions"


# ------------------------------------------------------------------ the real corpus
CORPUS_ROUNDS = {
    "excerpts/nottinghamshire-2016-17.txt": "bcf-2016-17",
    "excerpts/west-sussex-2016-17.txt": "bcf-2016-17",
    "excerpts/nottinghamshire-2017-19.txt": "bcf-2017-19",
    "excerpts/cambridgeshire-peterborough-2017-19.txt": "bcf-2017-19",
    "excerpts/merton-2017-19.txt": "bcf-2017-19",
    "excerpts/bracknell-forest-2017-19.txt": "bcf-2017-19",
    "excerpts/sutton-2014-09.txt": "bcf-2014",
    "excerpts/middlesbrough-2014-02.txt": "bcf-2014",
    "excerpts/kent-ashford-canterbury-2014-09.txt": "bcf-2014",
    "excerpts/surrey-2014-09.txt": "bcf-2014",
    "fylde-wyre-2014-02-draft.txt": "bcf-2014",
    "west-essex-2014-03.txt": "bcf-2014",
    "blackpool-hwb-pack-2014-12.txt": "bcf-2014",
}


@pytest.mark.parametrize(("name", "framework"), CORPUS_ROUNDS.items())
def test_each_corpus_plan_is_read_with_its_round(name: str, framework: str) -> None:
    plan = extract_file(_corpus(name))
    assert plan.framework == framework
    assert plan.round is None


def test_a_2014_fragment_with_no_plan_details_is_no_later_round() -> None:
    path = _corpus("excerpts/unidentified-borough-2014-section-2c.txt")
    opening = opening_text([line.text for line in read_file(path).lines])
    assert recognise(opening).framework is None  # the default, 2014


def test_merton_area_board_and_ccg() -> None:
    plan = extract_file(_corpus("excerpts/merton-2017-19.txt"))
    # Lines 33-39: "Area London", "Constituent Health and Wellbeing Boards" / "Merton",
    # "Constituent CCGs Merton".
    assert plan.area == "London"
    assert plan.health_and_wellbeing_board == "Merton"
    assert plan.ccgs == ["Merton"]
    assert plan.local_authorities == []
    assert plan.sources["/area"].line == 33
    assert plan.sources["/health_and_wellbeing_board"].line == 37
    assert plan.sources["/ccgs/0"].line == 39
    assert plan.date_agreed_at_hwb is None and plan.sign_off_stages == []


def test_cambridgeshire_ccg_and_no_wrong_board() -> None:
    plan = extract_file(_corpus("excerpts/cambridgeshire-peterborough-2017-19.txt"))
    # Line 10: "Constituent CCGs Cambridgeshire & Peterborough Clinical Commissioning Group".
    assert plan.ccgs == ["Cambridgeshire & Peterborough Clinical Commissioning Group"]
    # The title line repeats the labels ("… Area. Constituent Health and Wellbeing Boards"),
    # so the board's value is not understood: left empty and flagged, never a wrong name.
    assert plan.health_and_wellbeing_board is None
    read = plan.fields["/health_and_wellbeing_board"]
    assert read.state == "unreadable" and read.needs_review


def test_west_sussex_version_and_sign_off_table() -> None:
    plan = extract_file(_corpus("excerpts/west-sussex-2016-17.txt"))
    # Line 4 (the table flattened): "Version Sign Off Date 210316 Final Submission JCSG
    # 21/03/16 1504016 v8 JCSG 15/04/16 West Sussex BCF v9 HWBB 19/04/16 West Sussex BCF V10
    # HWBB 28/04/16 West Sussex Final 030516 Submitted to NHSE 03/05/16".
    rows = [(s.text, s.version, s.on_behalf_of, s.submitted, s.date) for s in plan.sign_off_stages]
    assert rows == [
        ("210316 Final Submission JCSG", None, None, False, dt.date(2016, 3, 21)),
        ("1504016 v8 JCSG", "v8", None, False, dt.date(2016, 4, 15)),
        ("West Sussex BCF v9 HWBB", "v9", "hwb", False, dt.date(2016, 4, 19)),
        ("West Sussex BCF V10 HWBB", "V10", "hwb", False, dt.date(2016, 4, 28)),
        ("West Sussex Final 030516 Submitted to NHSE", None, None, True, dt.date(2016, 5, 3)),
    ]
    assert plan.date_agreed_at_hwb == dt.date(2016, 4, 28)
    assert plan.date_submitted == dt.date(2016, 5, 3)
    assert plan.sources["/date_submitted"].line == 4
    assert plan.signatories == []


def test_bracknell_forest_sign_off_stages() -> None:
    plan = extract_file(_corpus("excerpts/bracknell-forest-2017-19.txt"))
    # Line 2 (flattened): "Version Sign Off Date Draft Submission Sign off Service Heads
    # 25/08/17 Review with Regional BCF manager 31/08/17 Sign off BCF Programme Board
    # 06/09/17 HWBB sign off (delegated authority granted to DASS) 06/09/17 BCF Final
    # Submitted to NHSE 11/9/17 1".
    rows = [(s.text, s.on_behalf_of, s.submitted, s.date) for s in plan.sign_off_stages]
    assert rows == [
        ("Draft Submission Sign off Service Heads", None, False, dt.date(2017, 8, 25)),
        ("Review with Regional BCF manager", None, False, dt.date(2017, 8, 31)),
        ("Sign off BCF Programme Board", None, False, dt.date(2017, 9, 6)),
        (
            "HWBB sign off (delegated authority granted to DASS)",
            "hwb",
            False,
            dt.date(2017, 9, 6),
        ),
        ("BCF Final Submitted to NHSE", None, True, dt.date(2017, 9, 11)),
    ]
    assert plan.date_agreed_at_hwb == dt.date(2017, 9, 6)
    assert plan.date_submitted == dt.date(2017, 9, 11)
    assert plan.sources["/date_agreed_at_hwb"].line == 2


@pytest.mark.parametrize("name", [n for n, f in CORPUS_ROUNDS.items() if f != "bcf-2014"])
def test_each_later_round_excerpt_is_assessed_without_crashing(name: str) -> None:
    assured = assure_file(_corpus(name), on=dt.date(2017, 10, 1))
    listed = {check.code for check in load_framework(assured.plan.framework).checks}
    assert {f.code for f in assured.report.findings} <= listed
    assert assured.assessment.category in {
        "Approved",
        "Approved with support",
        "Approved subject to conditions",
        "Not approved",
    }


def test_commands_a_later_round_has_no_rules_for_refuse_with_one_line(tmp_path: Path) -> None:
    plan = tmp_path / "anyshire.txt"
    plan.write_text(NARRATIVE_2017)
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("metric,period,value\nNEL,2017/18 Q1,100\n")
    one_line_error(run("monitor", str(plan), str(actuals)), "no monitoring rules")
    workbook = tmp_path / "part2.xlsx"
    one_line_error(run("template", "part2", str(workbook), "--plan", str(plan)), "no Part 2")
    assert not workbook.exists()
    result = run("rules", "--framework", "bcf-2016-17")
    assert result.returncode == 0 and "`plan-not-agreed`" in result.stdout
    one_line_error(run("rules", "--framework", "bcf-2099"), "bcf-2099")


def test_the_text_summary_shows_area_and_sign_off_stages(tmp_path: Path) -> None:
    path = tmp_path / "anyshire.txt"
    path.write_text(NARRATIVE_2017 + "Version Sign Off Date\nv2 HWBB 06/09/17\n")
    result = run("extract", str(path), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "Area: Anyshire" in result.stdout
    assert "2017-09-06  v2 HWBB [hwb]" in result.stdout


def test_the_long_2016_17_condition_headings_are_found() -> None:
    long_c = (
        "C) Agreement for the delivery of 7-day services across health and social care to "
        "prevent unnecessary non-elective (physical and mental health) admissions to acute "
        "settings and to facilitate transfer to alternative care settings when clinically "
        "appropriate"
    )
    assert len(long_c) > 140
    answer = "Anyshire runs its discharge team and community nursing seven days a week from May."
    plan = _plan(f"{PART1_2016}\nNational Conditions\n{long_c}\n{answer}\n")
    assert plan.national_conditions["seven_day_services"] == answer
