"""`bettercare report`: the board paper as HTML and as an A4 PDF (WeasyPrint), its text read
back with pdftotext and its pages rendered with pdftoppm into test-artifacts/."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS
from tests.conftest import EXAMPLES
from tests.test_cli import run

RIVERTON = EXAMPLES / "riverton-2014-revised.txt"
ACTUALS = EXAMPLES / "riverton-actuals-2015-16.csv"


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is missing (apt-get install poppler-utils)")
    return found


def test_board_paper_pdf(tmp_path: Path) -> None:
    pdftotext, pdftoppm, pdfinfo = (_poppler(t) for t in ("pdftotext", "pdftoppm", "pdfinfo"))
    pytest.importorskip("weasyprint", reason="weasyprint is not installed")
    target = tmp_path / "riverton-board-paper.pdf"
    result = run(
        "report",
        str(RIVERTON),
        "--pdf",
        "--out",
        str(target),
        "--actuals",
        str(ACTUALS),
        "--on",
        "2014-10-20",
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    info = subprocess.run([pdfinfo, str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info.stdout)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert 2 <= pages <= 6  # "the few pages an HWB would table"
    text = subprocess.run(
        [pdftotext, "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Better Care Fund plan: board paper" in text
    # The area's name in the running header of every page, and page numbers in the footer.
    assert text.count("Riverton Health and Wellbeing Board") >= pages + 1
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert "Approved with support" in text
    assert re.search(r"\bA3\b", text) and "P4P: contextual information" in text
    assert "line 81: Total non-elective admissions" in text  # an evidence quote
    assert "Non-elective admissions by quarter" in text and "Pooled budget by year" in text
    assert "£10,250,000" in text and "£9,870,000" in text
    assert re.search(r"2015/16 Q1\s+2,370\s+2,300", text)  # plan against the actual given
    flowing = subprocess.run(
        [pdftotext, str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(flowing.split())
    assert "BCF programme lead" in words and "2014-12-15" in words  # owners and dates
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("board-paper-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", str(target), str(ARTIFACTS / "board-paper")], check=True
    )
    assert len(list(ARTIFACTS.glob("board-paper-*.png"))) == pages


def test_board_paper_html_escapes_document_text(tmp_path: Path) -> None:
    text = RIVERTON.read_text(encoding="utf-8")
    hostile = '<script>alert("x")</script>'
    text = text.replace("Falls prevention service", f"Falls {hostile} service")
    text = text.replace("Riverton Health and Wellbeing Board", "Riverton <b>Board</b> & Co")
    plan = tmp_path / "hostile.txt"
    plan.write_text(text, encoding="utf-8")
    result = run("report", str(plan), "--format", "html", "--on", "2014-10-20")
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert "<script" not in page and "<b>Board</b>" not in page
    assert "&lt;script&gt;" in page  # the scheme line quoted as evidence of F3
    # The reader drops the tags from the board's name; what is left is escaped.
    assert '<p class="area">Riverton Board &amp; Co</p>' in page
    assert ">Non-elective admissions by quarter</title>" in page


def test_report_pdf_needs_out() -> None:
    result = run("report", str(RIVERTON), "--pdf")
    assert result.returncode == 2
    assert result.stderr.strip() == "bettercare: error: a PDF needs --out FILE"
