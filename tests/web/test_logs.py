"""Step 4 (web2): structured logs — one JSON line per request and per background task, with
method, path, status, duration and user id, and never the plan's text or a query string."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import upload, work

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        from bettercare.web.logs import JsonLines

        self.setFormatter(JsonLines())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Iterator[list[str]]:
    handler = Lines()
    loggers = [logging.getLogger(f"bettercare.web.{n}") for n in ("requests", "tasks")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_writes_one_json_line(client_for: Any, people: Any, logged: list[str]) -> None:
    response = client_for("national").get("/plans/", {"area": "secret search words"})
    assert response.status_code == 200
    assert len(logged) == 1
    line = json.loads(logged[0])
    assert line["event"] == "request" and line["logger"] == "bettercare.web.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/plans/", 200)
    assert line["user"] == people["national"].pk and line["duration_ms"] >= 0
    assert "secret" not in logged[0]  # the query string is never logged
    client_for(None).get("/versions/12345/")
    assert json.loads(logged[1])["user"] is None and json.loads(logged[1])["status"] == 302


def test_an_upload_read_by_the_worker_writes_a_task_line_without_the_plan(
    client_for: Any, areas: Any, logged: list[str]
) -> None:
    from bettercare.web.models import Version

    upload(client_for("lead"), areas["riverton"])
    work()
    version = Version.objects.get()
    tasks = [json.loads(line) for line in logged if '"event": "task"' in line]
    assert [(t["task"], t["version"], t["status"]) for t in tasks] == [
        ("read_upload", version.pk, "done")
    ]
    plan_words = {line["text"] for line in version.plan["text"] if len(line["text"]) > 20}
    assert not any(words in line for words in plan_words for line in logged)
    posted = [json.loads(line) for line in logged if '"path": "/upload/"' in line]
    assert [(p["method"], p["status"]) for p in posted] == [("POST", 302)]
