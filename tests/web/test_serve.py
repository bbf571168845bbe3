"""Step 5: `bettercare serve` for real — migrations, areas, the first admin's password printed
once with no terminal, the demo plans read by its worker, gunicorn with WhiteNoise, /health,
and a clean stop."""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.web.server import ADMIN, start


def _get(url: str, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_serve_with_demo_worker_and_first_admin(tmp_path: Path, pg_url: Any) -> None:
    served = start(tmp_path, "--demo", "--workers", "2", database_url=pg_url)
    try:
        log = served.log.read_text()
        assert f"admin {ADMIN} created; password (shown once)" in log
        assert "152 Health and Wellbeing Board areas loaded" in log
        assert "--demo: 2 example plans queued" in log
        status, headers, body = _get(f"{served.url}/static/web/htmx.min.js")
        assert status == 200 and len(body) > 10000 and "max-age" in headers["Cache-Control"]
        status, _, body = _get(f"{served.url}/static/web/nhsuk/nhsuk-frontend.min.css")
        assert status == 200 and b"https://" not in body  # nothing fetched from elsewhere
        token = served.manage("create_token", ADMIN)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            rows = json.loads(_get(f"{served.url}/api/plans", token)[2])
            if rows and all(row["status"] == "done" for row in rows):
                break
            time.sleep(0.3)
        assert {(r["area"], r["category"]) for r in rows} == {
            ("Eastbrook", "Not approved"),
            ("Riverton", "Approved with support"),
        }
        assert (served.data / "bettercare.sqlite3").exists() != bool(pg_url)
    finally:
        assert served.stop() == 0
    log = served.log.read_text()
    assert "Traceback" not in log
    # the gunicorn workers and the worker each write JSON lines: requests and tasks
    lines = [json.loads(line) for line in log.splitlines() if line.startswith('{"time"')]
    health = [x for x in lines if x["event"] == "request" and x["path"] == "/health"]
    assert health and health[0]["status"] == 200 and health[0]["method"] == "GET"
    api = [x for x in lines if x["event"] == "request" and x["path"] == "/api/plans"]
    assert api and all(x["user"] is not None for x in api)  # the token's user
    reads = [x for x in lines if x["event"] == "task" and x["task"] == "read_upload"]
    assert sorted(x["status"] for x in reads) == ["done", "done"]


def test_a_second_start_keeps_the_admin_and_the_secret_key(tmp_path: Path, pg_url: Any) -> None:
    first = start(tmp_path, database_url=pg_url)
    key = (first.data / "secret_key").read_text()
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(timeout=30) == 0
    assert first.admin_password
    second = start(tmp_path, database_url=pg_url, data=first.data)
    try:
        assert second.admin_password == ""  # the password is printed once, when made
        assert (second.data / "secret_key").read_text() == key
    finally:
        assert second.stop() == 0
