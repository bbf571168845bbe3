"""Step 7: the whole web suite again on a real PostgreSQL server started for it (the normal
run is on SQLite). Skips, saying why, when PostgreSQL cannot be started here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.web.conftest import ROOT
from tests.web.postgres import Unavailable, postgres_server


@pytest.mark.skipif(
    bool(os.environ.get("BETTERCARE_TEST_DATABASE_URL")), reason="this is the PostgreSQL run"
)
def test_the_web_suite_passes_on_postgresql() -> None:
    # Its own folder, not pytest's tmp_path: other pytest runs on the machine prune old
    # /tmp/pytest-of-USER folders, and PostgreSQL stops when its data folder goes.
    folder = Path(tempfile.mkdtemp(prefix="bettercare-pg-"))
    try:
        server = postgres_server(folder)
        url = server.__enter__()
    except Unavailable as why:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started: {why}")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BETTERCARE_")}
        env.update(BETTERCARE_TEST_DATABASE_URL=url, PYTHONPATH=str(ROOT / "src"))
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/web",
                "-q",
                "-p",
                "no:cacheprovider",
                "-W",
                "ignore::DeprecationWarning",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        server.__exit__(None, None, None)
        shutil.rmtree(folder, ignore_errors=True)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) >= 40, summary
    assert "skipped" not in summary or "1 skipped" in summary, summary  # only this test skips
