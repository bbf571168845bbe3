"""Headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright.

The `browser` fixture (conftest.py, one per test session) skips with a message saying what is
missing; `.ci/run` installs both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)


def artifact(name: str) -> Path:
    """A path under test-artifacts/ for screenshots that CI keeps."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
