"""Step 6: the workspace in real headless Chromium (Debian's, driven by Playwright) against a
real `bettercare serve --no-worker`, the database worker run as its own process: sign in,
upload, see progress then the category, follow a finding to its highlighted source line,
correct a field with a reason and see the assessment change, see the history; a plan text
holding <script> shows as text; axe-core finds no serious or critical violation on any page.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import artifact
from tests.web.conftest import RIVERTON
from tests.web.server import Served, start

PASSWORD = "a long test password 1"
TOTAL_2015 = "pooled-budget-total-2015-116"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, module_pg_url: Any) -> Iterator[Served]:
    server = start(tmp_path_factory.mktemp("browser"), "--no-worker", database_url=module_pg_url)
    try:
        server.manage(
            "shell",
            "-c",
            "from bettercare.web.areas import fictional_area; fictional_area('Riverton', 1)",
        )
        for name, role in (("lead", "lead"), ("assurer", "assurer")):
            server.manage(
                "add_user",
                name,
                "--role",
                role,
                "--area",
                "Riverton",
                "--password-stdin",
                stdin=PASSWORD + "\n",
            )
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def _axe(page: Any, name: str) -> None:
    """No serious or critical accessibility violation (axe-core, WCAG 2.2 AA rules)."""
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    results = axe_module.Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            }
        },
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.screenshot(path=str(artifact(f"web-{name}.png")), full_page=False)
    assert not bad, f"{name}: " + "\n".join(bad)


def _sign_in(page: Any, served: Served, name: str) -> None:
    page.goto(f"{served.url}/accounts/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{served.url}/plans/")


def _upload(page: Any, served: Served, path: Path) -> str:
    page.goto(f"{served.url}/upload/")
    page.set_input_files("#part1", str(path))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{served.url}/versions/*/")
    return str(page.url)


def test_upload_progress_finding_correction_history(page: Any, served: Served) -> None:
    page.goto(f"{served.url}/accounts/login/")
    _axe(page, "login")
    _sign_in(page, served, "lead")
    _axe(page, "plans-empty")
    page.goto(f"{served.url}/upload/")
    _axe(page, "upload")
    plan_url = _upload(page, served, RIVERTON)
    progress = page.locator("#progress")
    assert "Queued" in progress.inner_text()  # no worker yet: the page shows progress
    _axe(page, "progress")
    served.worker_batch()  # the worker reads it; htmx polling reloads the page
    page.wait_for_selector("#category-name", timeout=20000)
    assert page.inner_text("#category-name") == "Approved with support"
    _keyboard_reaches_a_line(page)
    finding = page.locator("#finding-scheme-no-investment-c")
    assert "Scheme" in finding.inner_text() or "scheme" in finding.inner_text()
    finding.locator("a.workspace-evidence").first.click()
    assert page.url.endswith("#L67")
    line = page.locator("#L67")
    assert line.evaluate("e => e.matches(':target')")
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 235, 59)"
    page.screenshot(path=str(artifact("web-finding-highlighted.png")))
    _axe(page, "plan")
    page.click("button:has-text('Sign out')")

    _sign_in(page, served, "assurer")
    page.goto(plan_url)
    field = page.locator(f"#field-{TOTAL_2015}")
    field.locator("summary").click()
    page.fill(f"#value-{TOTAL_2015}", "£1,000")
    page.fill(f"#reason-{TOTAL_2015}", "Total misread: the plan's table says £1,000")
    field.locator("button[type=submit]").click()
    page.wait_for_selector("text=Saved. The plan was assessed again.")
    assert page.inner_text("#category-name") == "Approved subject to conditions"
    assert "£1,000" in page.inner_text(f"#field-{TOTAL_2015} .workspace-corrected")
    _axe(page, "plan-corrected")
    page.click("text=History of changes")
    history = page.inner_text("#history")
    assert "correct" in history and "Total misread" in history and "assurer" in history
    assert "upload" in history and "lead" in history
    _axe(page, "history")


def test_script_in_a_plan_shows_as_text(page: Any, served: Served, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        RIVERTON.read_text(encoding="utf-8").replace(
            "Boundary Differences\t",
            "Boundary Differences\t<script>alert('owned')</script><b onmouseover=alert(2)>x</b> ",
            1,
        ),
        encoding="utf-8",
    )
    _sign_in(page, served, "lead")
    _upload(page, served, hostile)
    served.worker_batch()
    page.wait_for_selector("#category-name", timeout=20000)
    text = page.inner_text(".workspace-lines")
    assert "<script>alert('owned')</script>" in text
    assert page.locator(".workspace-lines script, .workspace-lines b").count() == 0
    page.hover(".workspace-lines")
    assert page.dialogs == []
    page.screenshot(path=str(artifact("web-script-as-text.png")))


def _keyboard_reaches_a_line(page: Any) -> None:
    """With the keyboard alone: the skip link comes first, and Enter on an evidence link
    highlights its line."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    link = page.locator("#finding-unfinished-text-annex1 a.workspace-evidence").first
    link.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#L179")
    assert page.locator("#L179").evaluate("e => e.matches(':target')")


def test_national_page_in_chromium(page: Any, served: Served) -> None:
    """The national picture for a national viewer: filters that work without script, and no
    serious or critical accessibility violation."""
    _sign_in(page, served, "lead")
    _upload(page, served, RIVERTON)
    served.worker_batch()
    page.click("button:has-text('Sign out')")
    served.manage("add_user", "viewer", "--role", "national", "--password-stdin", stdin=PASSWORD)
    _sign_in(page, served, "viewer")
    page.click("nav >> text=National picture")
    page.wait_for_url(f"{served.url}/national/")
    assert int(page.inner_text("#n-plans")) >= 1
    assert "Riverton" not in page.inner_text("#missing")  # a fictional area is not missing
    _axe(page, "national")
    page.select_option("#n-region", "Fictional (examples)")
    page.click("#national-filters button[type=submit]")
    page.wait_for_url("**/national/?region=Fictional*")
    assert page.inner_text("#n-plans") != "0"
    assert "None." in page.inner_text("#missing")
    page.screenshot(path=str(artifact("web-national.png")), full_page=True)
