"""The form reader: every field says whether it was found, blank, absent or unreadable, and
sign-off gaps are Showstoppers only on positive evidence. Plans here are small and fictional;
expected values are read off the text written in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bettercare.batch import assure_many
from bettercare.errors import InputError
from bettercare.extract import extract_plan
from bettercare.pipeline import assure_file
from bettercare.read import read_bytes

HEAD = "Better Care Fund planning template – Part 1\n\n1) PLAN DETAILS\n\na) Summary of Plan\n\n"
SIGNOFF = """b) Authorisation and signoff

Signed on behalf of the Clinical Commissioning Group\tNHS Bury CCG
By\tDr Ann Lake
Position\tChief Officer
Date\t18/09/14

Signed on behalf of the Council\tBury Council
By\tTom Reed
Position\tChief Executive
Date\t18/09/14

Signed on behalf of the Health and Wellbeing Board\tBury Health and Wellbeing Board
By Chair of Health and Wellbeing Board\tCllr Rita Moss
Date\t19/09/14

c) Related documentation
"""
DETAILS = """Local Authority\tBury Council
Clinical Commissioning Groups\tNHS Bury CCG
Boundary Differences\tNone
Date agreed at Health and Well-Being Board:\t<dd/mm/yyyy>
Date submitted:\t7 March 20014
Total agreed value of pooled budget: 2014/15\t£2,100,000
2015/16\t£9,500,000

"""


def _plan(text: str):  # type: ignore[no-untyped-def]
    return extract_plan(read_bytes("plan.txt", text.encode(), "txt"))


def test_each_field_says_how_it_was_read() -> None:
    plan = _plan(HEAD + DETAILS + SIGNOFF)
    fields = plan.fields
    assert fields["/local_authorities"].state == "found"
    assert fields["/local_authorities"].how == "exact"
    assert fields["/date_agreed_at_hwb"].state == "blank"  # the label with <dd/mm/yyyy>
    assert fields["/date_submitted"].state == "unreadable"  # "7 March 20014"
    assert fields["/date_submitted"].needs_review
    assert "20014" in (fields["/date_submitted"].reason or "")
    assert fields["/pooled_budget/minimum/2014~115"].state == "absent"  # no minimum row
    assert fields["/pooled_budget/total/2015~116"].state == "found"
    assert plan.pooled_budget.total == {"2014/15": 2_100_000, "2015/16": 9_500_000}


def test_bodies_carry_their_codes_and_unknown_names_are_flagged() -> None:
    text = HEAD + DETAILS.replace("NHS Bury CCG", "NHS Bury CCG; Riverside Vale CCG") + SIGNOFF
    plan = _plan(text)
    assert plan.ccgs == ["NHS Bury CCG", "Riverside Vale CCG"]
    known = {body.name: body for body in plan.bodies}
    # NHS Bury CCG is 00V in the ODS list; Bury council is E08000002 in the ONS list.
    assert known["NHS Bury CCG"].code == "00V" and known["NHS Bury CCG"].region == "North"
    assert known["Bury Council"].code == "E08000002"
    assert not known["Riverside Vale CCG"].known
    # Read well but unverified: flagged on the body and by a warning, not as a misread field
    # (which would hold back every finding resting on the list).
    assert not plan.fields["/ccgs"].needs_review
    assert any(
        w.code == "organisation-unknown" and w.pointer == "/ccgs" and "Riverside Vale" in w.message
        for w in plan.warnings
    )


def test_labels_found_fuzzily_wrapped_and_in_a_flattened_paragraph() -> None:
    flat = (
        "Better Care Fund planning template Part 1 1) PLAN DETAILS a) Summary of Plan "
        "LOCAL AUTHORLTY Bury Council Clinical Commissioning Groups NHS Bury CCG NHS Bolton "
        "CCG Boundary Differences None Date agreed at Health and Well-Being Board: 10/09/2014 "
        "Date submitted: 19/09/14 Minimum required value of BCF pooled budget: 2014/15 "
        "£2.15m 2015/16 £9,870k b) Authorisation and signoff"
    )
    plan = _plan(flat + "\n")
    assert plan.local_authorities == ["Bury Council"]
    assert plan.ccgs == ["NHS Bury CCG", "NHS Bolton CCG"]
    assert plan.fields["/local_authorities"].how == "fuzzy"
    assert plan.date_submitted == dt.date(2014, 9, 19)
    assert plan.pooled_budget.minimum == {"2014/15": 2_150_000, "2015/16": 9_870_000}


def test_a_sign_off_that_cannot_be_read_is_a_review_item_not_a_showstopper(
    tmp_path: Path,
) -> None:
    # The council's date is there but unreadable: the reader cannot tell, so it asks.
    text = (
        HEAD
        + DETAILS
        + SIGNOFF.replace("Chief Executive\nDate\t18/09/14", "Chief Executive\nDate\tsee minutes")
    )
    path = tmp_path / "plan.txt"
    path.write_text(text)
    assured = assure_file(path, on=dt.date(2014, 10, 20))
    codes = {f.code: f for f in assured.report.findings}
    assert (
        "signoff-unconfirmed" in codes and codes["signoff-unconfirmed"].severity == "Further risk"
    )
    assert "signoff-unsigned" not in codes
    assert assured.assessment.category != "Not approved"


def test_a_plan_with_no_sign_off_read_is_unconfirmed_but_a_blank_block_is_a_showstopper(
    tmp_path: Path,
) -> None:
    no_signoff = tmp_path / "none.txt"
    no_signoff.write_text(HEAD + DETAILS + "c) Related documentation\n")
    assured = assure_file(no_signoff, on=dt.date(2014, 10, 20))
    assert {f.code for f in assured.report.findings} >= {"signoff-unconfirmed"}
    assert "signoff-block-missing" not in {f.code for f in assured.report.findings}
    assert assured.assessment.category != "Not approved"

    blank = tmp_path / "blank.txt"
    blank.write_text(HEAD + DETAILS + SIGNOFF.replace("By\tTom Reed", "By\t<Name of Signatory>"))
    assured = assure_file(blank, on=dt.date(2014, 10, 20))
    unsigned = [f for f in assured.report.findings if f.code == "signoff-unsigned"]
    assert [f.id for f in unsigned] == ["signoff-unsigned:council:1"]
    assert assured.assessment.category == "Not approved"


def test_a_bug_on_one_file_does_not_stop_a_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(HEAD + DETAILS + SIGNOFF)
    bad = tmp_path / "bad.txt"
    bad.write_text(HEAD + DETAILS + SIGNOFF)
    import bettercare.batch as batch

    real = batch.assure_file

    def breaks_on_bad(path: Path, **options: object):  # type: ignore[no-untyped-def]
        if path.name == "bad.txt":
            raise RuntimeError("boom")
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "assure_file", breaks_on_bad)
    outcomes = dict(assure_many([bad, good], on=dt.date(2014, 10, 20), jobs=1))
    assert isinstance(outcomes[bad], InputError)
    assert "bad.txt" in str(outcomes[bad]) and "RuntimeError: boom" in str(outcomes[bad])
    assert not isinstance(outcomes[good], InputError)
    assert outcomes[good].plan.local_authorities == ["Bury Council"]


def test_sign_off_as_one_grid_a_block_a_row() -> None:
    grid = """b) Authorisation and signoff
Signed on behalf of\tName\tPosition\tDate
NHS Bury CCG\tDr Ann Lake\tChief Officer\t18/09/14
Bury Council\tTom Reed (Director of Adult Social Services)\t\t<date>
Bury Health and Wellbeing Board\tCllr Rita Moss\tChair\t19/09/14
c) Related documentation
"""
    plan = _plan(HEAD + DETAILS + grid)
    kinds = [(s.on_behalf_of, s.organisation, s.name, s.position) for s in plan.signatories]
    assert kinds == [
        ("ccg", "NHS Bury CCG", "Ann Lake", "Chief Officer"),
        ("council", "Bury Council", "Tom Reed", "Director of Adult Social Services"),
        ("hwb", "Bury Health and Wellbeing Board", "Rita Moss", "Chair"),
    ]
    assert plan.signatories[0].date == dt.date(2014, 9, 18)
    assert plan.fields["/signatories/1/date"].state == "blank"  # <date>: positive evidence


def test_a_block_that_names_its_body_after_signed_on_behalf_of() -> None:
    named = """b) Authorisation and signoff
Signed on behalf of NHS Bury CCG
By\tDr Ann Lake
Position\tChief Officer
Date\t18/09/14
Signed on behalf of Bury Council
By\tTom Reed
Position\tChief Executive
Date\t18/09/14
c) Related documentation
"""
    plan = _plan(HEAD + DETAILS + named)
    blocks = [(s.on_behalf_of, s.organisation, s.name) for s in plan.signatories]
    assert blocks == [("ccg", "NHS Bury CCG", "Ann Lake"), ("council", "Bury Council", "Tom Reed")]


def test_a_health_and_wellbeing_board_row_names_the_board_but_not_mid_sentence() -> None:
    details = DETAILS.replace(
        "Boundary Differences\tNone",
        "Health and Wellbeing Board\tBury Health and Wellbeing Board\n"
        "Boundary Differences\tThe Health and Wellbeing Board covers the CCG's area.",
    )
    hwb_unnamed = SIGNOFF.replace("\tBury Health and Wellbeing Board", "\t<Name of HWB>")
    plan = _plan(HEAD + details + hwb_unnamed)
    assert plan.health_and_wellbeing_board == "Bury Health and Wellbeing Board"
    assert plan.boundary_differences == "The Health and Wellbeing Board covers the CCG's area."
    assert plan.ccgs == ["NHS Bury CCG"]


def test_a_signature_picture_in_word_is_checked_by_hand_not_taken_for_a_blank(
    tmp_path: Path,
) -> None:
    import docx
    from PIL import Image

    picture = tmp_path / "signature.png"
    Image.new("RGB", (120, 40), "white").save(picture)
    document = docx.Document()
    for line in HEAD.strip().split("\n"):
        document.add_paragraph(line)
    rows = [row.split("\t") for row in DETAILS.strip().split("\n")]
    rows += [row.split("\t") for row in SIGNOFF.strip().split("\n")[1:-2] if row]
    table = document.add_table(rows=len(rows), cols=2)
    for number, cells in enumerate(rows):
        for column, text in enumerate(cells[:2]):
            table.cell(number, column).text = text
        if cells[0] == "By" and cells[1:] == ["Tom Reed"]:
            cell = table.cell(number, 1)
            cell.text = ""
            cell.paragraphs[0].add_run().add_picture(str(picture))  # signed, not typed
    document.add_paragraph("c) Related documentation")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    assured = assure_file(path, on=dt.date(2014, 10, 20))
    read = assured.plan.fields["/signatories/1/name"]
    assert read.state == "unreadable" and read.needs_review
    codes = {f.code for f in assured.report.findings}
    assert "signoff-unconfirmed" in codes and "signoff-unsigned" not in codes
    assert assured.assessment.category != "Not approved"


def test_blocks_headed_by_the_kind_of_body_alone() -> None:
    headed = """b) Authorisation and signoff
Clinical Commissioning Group\tNHS Bury CCG
Name\tDr Ann Lake
Position\tChief Officer
Date\t18/09/14
Council\tBury Council
Name\tTom Reed
Position\tChief Executive
Date\t<date>
c) Related documentation
"""
    plan = _plan(HEAD + DETAILS + headed)
    blocks = [(s.on_behalf_of, s.organisation, s.name, s.date) for s in plan.signatories]
    assert blocks == [
        ("ccg", "NHS Bury CCG", "Ann Lake", dt.date(2014, 9, 18)),
        ("council", "Bury Council", "Tom Reed", None),
    ]
    assert plan.fields["/signatories/1/date"].state == "blank"


def test_a_block_the_reader_could_not_parse_is_checked_by_hand_not_missing(
    tmp_path: Path,
) -> None:
    # The HWB block has no label the reader knows, but its text is in the sign-off section.
    odd = SIGNOFF.replace(
        "Signed on behalf of the Health and Wellbeing Board\tBury Health and Wellbeing Board",
        "For Bury Health and Wellbeing Board (chair's approval)",
    )
    path = tmp_path / "plan.txt"
    path.write_text(HEAD + DETAILS + odd)
    assured = assure_file(path, on=dt.date(2014, 10, 20))
    assert [s.on_behalf_of for s in assured.plan.signatories] == ["ccg", "council"]
    assert assured.plan.fields["/signatories"].state == "unreadable"
    codes = {f.id for f in assured.report.findings}
    assert "signoff-unconfirmed:hwb" in codes and "signoff-block-missing:hwb" not in codes
    assert assured.assessment.category != "Not approved"

    # With no trace of an HWB block at all, the block is missing: a Showstopper.
    gone = SIGNOFF.split("Signed on behalf of the Health")[0] + "c) Related documentation\n"
    path.write_text(HEAD + DETAILS + gone)
    assured = assure_file(path, on=dt.date(2014, 10, 20))
    assert "signoff-block-missing:hwb" in {f.id for f in assured.report.findings}
    assert assured.assessment.category == "Not approved"


def test_a_later_round_plan_is_read_by_its_own_rules_and_an_unheld_one_not_judged(
    tmp_path: Path,
) -> None:
    text = (
        "Bury Better Care Fund Narrative Plan 2017-19\n\n"
        "Area\tGreater Manchester\nConstituent Health and Wellbeing Boards\tBury\n"
        "Constituent CCGs\tNHS Bury CCG\n"
    )
    plan = _plan(text)
    assert (plan.framework, plan.round) == ("bcf-2017-19", None)
    assert plan.ccgs == ["NHS Bury CCG"]
    assert not any(w.code == "round-unsupported" for w in plan.warnings)
    # A round no framework file holds is extracted but not checked or assessed.
    unheld = text.replace("2017-19", "2019/20")
    assert _plan(unheld).round == "2019/20"
    assert any(w.code == "round-unsupported" for w in _plan(unheld).warnings)
    path = tmp_path / "plan.txt"
    path.write_text(unheld)
    with pytest.raises(InputError, match=r"a 2019/20 plan: no framework file holds"):
        assure_file(path)
    # A 2014 plan is assessed as before.
    path.write_text(HEAD + DETAILS + SIGNOFF)
    assert assure_file(path, on=dt.date(2014, 10, 20)).plan.round is None


def test_a_board_name_that_runs_on_is_unreadable_not_passed_on() -> None:
    text = (
        "Bury Better Care Fund Narrative Plan 2017-19\n"
        "Area Constituent Health and Wellbeing Boards Bury Greater Manchester and the "
        "whole of the borough's partners as set out in the joint strategy for 2017 to 2019 "
        "Constituent CCGs NHS Bury CCG\n"
    )
    plan = _plan(text)
    read = plan.fields["/health_and_wellbeing_board"]
    assert plan.health_and_wellbeing_board is None
    assert read.state == "unreadable" and read.needs_review
    assert "where a name of at most 12 was expected" in (read.reason or "")
    assert plan.ccgs == ["NHS Bury CCG"]
