"""`bettercare diff`: two fictional submissions of Millbrook, the draft changed in known ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bettercare.compare import compare
from bettercare.pipeline import assure_file
from bettercare.report.html import diff_html
from tests.browser import artifact
from tests.fictional import ASSESSED_ON, CLEAN_PLAN, variant
from tests.test_cli import run

DRAFT_CHANGES = [
    ("Updated July 2014\n", "Updated July 2014\n\nDRAFT for the board, 2 September 2014\n\n"),
    ("By\tSamuel Reid", "By\t<Name of Signatory>"),
    ("£900,000", "£850,000"),
    ("2,440\t2,420\t2,400\t2,380", "2,440\t2,420\t2,400\t2,400"),
    ("Joint recruitment campaign with the council", "To be completed"),
    (
        "The plan delivers the Millbrook CCG two year operational plan and the council's "
        "care strategy.",
        "",
    ),
]


def _versions(folder: Path) -> tuple[Path, Path]:
    draft, final = folder / "draft.txt", folder / "final.txt"
    draft.write_text(variant(DRAFT_CHANGES), encoding="utf-8")
    final.write_text(CLEAN_PLAN, encoding="utf-8")
    return draft, final


def test_diff_lists_exactly_the_changes_made(tmp_path: Path) -> None:
    draft, final = _versions(tmp_path)
    comparison = compare(assure_file(draft, on=ASSESSED_ON), assure_file(final, on=ASSESSED_ON))
    changes = {c.field: (c.old, c.new) for c in comparison.changes}
    assert changes == {
        "Sign-off council 1 name": (None, "Samuel Reid"),
        "Scheme B investment": (850_000, 900_000),
        "Metric NEL 2015/16 Q4": (2400.0, 2380.0),
        "Risk 2 mitigation": ("To be completed", "Joint recruitment campaign with the council"),
    }
    investment = next(c for c in comparison.changes if c.field == "Scheme B investment")
    # The draft has three more lines at the top, so the same box sits three lines lower.
    assert investment.old_source is not None and investment.new_source is not None
    assert (investment.old_source.text, investment.new_source.text) == ("£850,000", "£900,000")
    assert investment.old_source.line == investment.new_source.line + 3
    # The contingency section holds the NEL table, so its text changed with the Q4 figure.
    assert [(s.section, s.change) for s in comparison.sections] == [
        ("contingency_and_risk_sharing", "rewritten"),
        ("alignment", "added"),
    ]
    assert sorted(f.id for f in comparison.findings_closed) == [
        "item-missing:narratives/alignment",
        "nel-reduction-below-minimum",
        "risk-unmitigated:2",
        "signoff-unsigned:council:1",
        "unfinished-text:plan_details",
        "unfinished-text:risks",
    ]
    assert comparison.findings_opened == []
    assert (comparison.old_category, comparison.new_category) == ("Not approved", "Approved")


def test_diff_command_json_and_html_in_chromium(browser: Any, tmp_path: Path) -> None:
    draft, final = _versions(tmp_path)
    result = run("diff", str(draft), str(final))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["changes"]) == 4 and len(data["findings_closed"]) == 6
    reverse = compare(assure_file(final, on=ASSESSED_ON), assure_file(draft, on=ASSESSED_ON))
    assert len(reverse.findings_opened) == 6 and reverse.findings_closed == []
    page_file = tmp_path / "diff.html"
    page_file.write_text(diff_html(reverse), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1300})
    page.goto(page_file.as_uri())
    assert page.locator("#category strong").inner_text() == "Approved → Not approved"
    assert page.locator("#values ~ table tbody tr").count() == 4
    text = page.locator("main").inner_text()
    assert "Scheme B investment" in text and "£900,000" in text and "£850,000" in text
    page.screenshot(path=str(artifact("diff-millbrook.png")), full_page=True)
    page.close()


def test_diff_text_for_a_terminal(tmp_path: Path) -> None:
    draft, final = _versions(tmp_path)
    result = run("diff", str(draft), str(final), "--format", "text")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Category: Not approved → Approved"
    assert "changed  Scheme B investment: 850000 → 900000" in lines
    assert "section  alignment added" in lines
