"""Fictional example plans rendered to .docx and .pdf extract to the same plan as their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bettercare import Plan, extract_file
from tests.conftest import EXAMPLES
from tests.documents import write_docx, write_pdf

EXAMPLE_FILES = ["riverton-2014-revised.txt", "eastbrook-2014-original.txt"]


def _comparable(plan: Plan) -> dict[str, object]:
    """What must survive any file format: every value, but not line numbers or pages."""
    data = plan.model_dump(
        mode="json",
        exclude={"sources", "warnings", "sections", "start_line", "end_line", "text"},
    )
    data["narratives"] = {k: " ".join(v.split()) for k, v in plan.narratives.items()}
    data["national_conditions"] = {
        k: " ".join(v.split()) if v else v for k, v in plan.national_conditions.items()
    }
    for scheme in data["schemes"]:  # type: ignore[attr-defined]
        for line in scheme["investment_lines"]:
            line.pop("line")
        for key in ("objective", "impact", "overview"):
            if scheme[key]:
                scheme[key] = " ".join(scheme[key].split())
    return data


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_docx_extracts_like_text(name: str, tmp_path: Path) -> None:
    text_plan = extract_file(EXAMPLES / name)
    docx_plan = extract_file(write_docx((EXAMPLES / name).read_text(), tmp_path / "plan.docx"))
    assert _comparable(docx_plan) == _comparable(text_plan)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_pdf_extracts_like_text(name: str, tmp_path: Path) -> None:
    text_plan = extract_file(EXAMPLES / name)
    pdf_plan = extract_file(write_pdf((EXAMPLES / name).read_text(), tmp_path / "plan.pdf"))
    assert _comparable(pdf_plan) == _comparable(text_plan)
    # A PDF knows its pages: the submission date is on page 1.
    assert pdf_plan.sources["/date_submitted"].page == 1


def test_examples_hold_what_was_written() -> None:
    """The examples are the project's own fixtures: check them against their text."""
    riverton = extract_file(EXAMPLES / "riverton-2014-revised.txt")
    assert riverton.template == "revised"
    assert riverton.local_authorities == ["Riverton Borough Council"]
    assert riverton.pooled_budget.minimum == {"2014/15": 2_150_000, "2015/16": 9_870_000}
    assert [(s.ref, s.investment) for s in riverton.schemes] == [
        ("A", 4_200_000),
        ("B", 850_000),
        ("C", None),
    ]
    assert riverton.provider_commentary[0].figures["change_2015_16"].percent == 2.7
    eastbrook = extract_file(EXAMPLES / "eastbrook-2014-original.txt")
    assert eastbrook.template == "original"
    assert eastbrook.ccgs == ["North Eastbrook CCG", "South Eastbrook CCG"]
    assert eastbrook.pooled_budget.minimum["2014/15"] == 1_209_000
    assert [s.name for s in eastbrook.signatories] == [
        "Helen Crane",
        "Sunil Varma",
        None,
        "Ruth Okafor",
    ]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_labels_and_values_in_one_cell(name: str, tmp_path: Path) -> None:
    """Extraction that lost the tab ("Date submitted: 19/09/14") reads the same details."""
    text = (EXAMPLES / name).read_text()
    squashed = "\n".join(
        line if line.startswith("\t") else line.replace("\t", ": ", 1) for line in text.split("\n")
    )
    path = tmp_path / "squashed.txt"
    path.write_text(squashed)
    expected, got = extract_file(EXAMPLES / name), extract_file(path)
    for key in ("local_authorities", "ccgs", "date_agreed_at_hwb", "date_submitted",
                "pooled_budget", "signatories", "health_and_wellbeing_board"):  # fmt: skip
        assert getattr(got, key) == getattr(expected, key), key


def test_plan_details_with_values_under_their_labels(tmp_path: Path) -> None:
    """Extraction that put each value on the line below its label reads the same details."""
    text = (EXAMPLES / "riverton-2014-revised.txt").read_text()
    head, rest = text.split("b) Authorisation and signoff")
    stacked = "\n".join(line.replace("\t", "\n") for line in head.split("\n"))
    path = tmp_path / "stacked.txt"
    path.write_text(stacked + "b) Authorisation and signoff" + rest)
    expected, got = extract_file(EXAMPLES / "riverton-2014-revised.txt"), extract_file(path)
    for key in ("local_authorities", "ccgs", "boundary_differences", "date_agreed_at_hwb",
                "date_submitted", "pooled_budget"):  # fmt: skip
        assert getattr(got, key) == getattr(expected, key), key


def test_signoff_with_values_under_their_labels(tmp_path: Path) -> None:
    """Sign-off blocks whose every value stands on the line below its label."""
    text = (EXAMPLES / "eastbrook-2014-original.txt").read_text()
    head, middle = text.split("b) Authorisation and signoff")
    signoff, tail = middle.split("c) Service provider engagement")
    stacked = "\n".join(line.replace("\t", "\n") for line in signoff.split("\n"))
    path = tmp_path / "stacked.txt"
    path.write_text(
        f"{head}b) Authorisation and signoff{stacked}c) Service provider engagement{tail}"
    )
    expected = extract_file(EXAMPLES / "eastbrook-2014-original.txt").signatories
    assert extract_file(path).signatories == expected
