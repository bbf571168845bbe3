"""The assurance report in real headless Chromium: category and first risk visible, document
text rendered as text, never as markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bettercare.pipeline import assure_file
from bettercare.report.html import assurance_html
from tests.browser import artifact
from tests.conftest import EXAMPLES, corpus_file
from tests.fictional import assure_text, variant

CORPUS_PLANS = [
    ("blackpool-hwb-pack-2014-12.txt", "Approved with support"),  # pack line 416
    ("west-essex-2014-03.txt", "Not approved"),
    ("fylde-wyre-2014-02-draft.txt", "Not approved"),
]


def _open(browser: Any, html: str, folder: Path) -> Any:
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1300})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.dialogs = dialogs
    return page


@pytest.mark.parametrize(("name", "category"), CORPUS_PLANS)
def test_corpus_report_shows_category_then_first_risk(
    browser: Any, name: str, category: str, tmp_path: Path
) -> None:
    result = assure_file(corpus_file(name), on=dt.date(2014, 10, 20))
    page = _open(browser, assurance_html(result), tmp_path)
    shown = page.locator("#category strong")
    assert shown.is_visible()
    assert shown.inner_text() == category
    placed = page.locator("#explanation li[data-relation=placed]")
    assert placed.inner_text().startswith(f"Placed in {category} (")
    first = page.locator("article.risk").first
    assert first.is_visible()
    top = result.assessment.risks[0]
    assert first.locator(".code").inner_text() == top.code
    # Each finding of the risk is shown with its own quoted lines, worst first.
    assert first.locator(".finding").count() == len(top.findings)
    worst = next(f for f in result.assessment.findings if f.id == top.findings[0])
    shown = first.locator(".finding").first.inner_text()
    assert worst.message in shown
    assert f"line {worst.evidence[0].line}" in shown
    # Category first, then risks, then the checklist, then the action plan (then the plan's
    # details and figures as an appendix).
    order = page.evaluate(
        "['category','risks','checklist','actions','plan','figures'].map(id => "
        "document.getElementById(id).getBoundingClientRect().top)"
    )
    assert order == sorted(order)
    if name.startswith("blackpool"):
        figures = page.locator("#figures + table").inner_text()
        assert "minimum £14,081,000 + additional £1,149,000" in figures
        assert "19,432 → plan 19,668" in figures
    page.screenshot(path=str(artifact(f"assurance-{Path(name).stem}.png")), full_page=False)
    page.close()


def test_document_text_is_shown_as_text_never_run(browser: Any, tmp_path: Path) -> None:
    script = "<script>window.pwned = 1; alert('script')</script>"
    image = '<img src="x" onerror="window.pwned = 2; alert(\'img\')">'
    hostile = variant(
        [
            (
                "The NHS Number is used as the primary identifier in health and social care "
                "records.",
                f"{script} {image} We hope to use the NHS Number one day.",
            )
        ]
    )
    result = assure_text(hostile, tmp_path)
    html = assurance_html(result)
    assert "<script>window" not in html and "<img src" not in html
    page = _open(browser, html, tmp_path)
    assert page.evaluate("window.pwned") is None
    assert page.dialogs == []
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    text = page.locator("main").inner_text()
    assert script in text and image in text
    page.screenshot(path=str(artifact("assurance-hostile-text.png")))
    page.close()


def test_reviewed_report_shows_both_views_and_dismissals(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    plan = EXAMPLES / "riverton-2014-revised.txt"
    review = EXAMPLES / "riverton-review.yaml"
    html = assurance_html(assure_file(plan, review=review, on=dt.date(2014, 10, 20)))
    assert "Approved subject to conditions" in html
    assert "Automatic assessment: Approved with support" in html
    assert "reviewed by A. Assurer, regional assurance team" in html
    assert "Dismissed by the assurer" in html
    assert "Part 2, tab 3 gives £400,000 for the falls prevention service." in html


def test_report_lists_the_values_to_check_by_hand(tmp_path: Path) -> None:
    # A fictional plan whose 2015/16 minimum is written without its unit: "£9,870.00".
    text = (
        (EXAMPLES / "riverton-2014-revised.txt")
        .read_text()
        .replace("2015/16\t£9,870,000", "2015/16\t£9,870.00")
    )
    path = tmp_path / "plan.txt"
    path.write_text(text)
    page = assurance_html(assure_file(path, on=dt.date(2014, 10, 20)))
    review = page.split('id="review"', 1)[1].split("</table>", 1)[0]
    assert "pooled budget › minimum › 2015/16" in review
    assert "read as £000s" in review
