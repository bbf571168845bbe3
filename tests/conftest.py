"""Shared fixtures: the real corpus beside the repo (skipped with a reason when absent)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bettercare import Plan, extract_file
from tests.browser import CHROMIUM, launch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus document {path} is missing (clone with ../shared beside the repo)")
    return path


@cache
def _extract(path: Path) -> Plan:
    return extract_file(path)


def corpus_plan(name: str) -> Plan:
    """The extracted plan of a corpus document (extracted once per test run)."""
    return _extract(corpus_file(name))


def plan_fixture(name: str):  # type: ignore[no-untyped-def]
    """A module-scoped `plan` fixture for one corpus document."""

    @pytest.fixture(scope="module")
    def plan() -> Plan:
        return corpus_plan(name)

    return plan


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, one for the whole run (skipped, saying why, if missing)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
