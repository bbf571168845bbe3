"""Headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright.

Tests that use `browser` skip with a message saying what is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def artifact(name: str) -> Path:
    """A path under test-artifacts/ for screenshots that CI keeps."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def has_chromium() -> bool:
    return CHROMIUM.is_file() and shutil.which("chromium") is not None
