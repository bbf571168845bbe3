"""Structured logs: one JSON line per request (from each gunicorn worker) and per background
task (from the worker): what was asked, how it ended, how long it took and by whom (a user id)
— never a plan's text, a form's values or a query string."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

requests = logging.getLogger("bettercare.web.requests")
tasks = logging.getLogger("bettercare.web.tasks")


class JsonLines(logging.Formatter):
    """A record as one JSON object on one line: time, level, logger, event and its fields
    (the `fields` given as `extra`); an exception as its type only (never a traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLog:
    """Middleware (outermost): one `request` line per request, written when it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            user = getattr(request, "user", None)
            requests.info(
                "request",
                extra={
                    "fields": {
                        "method": request.method,
                        "path": request.path[:300],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "user": user.pk if user is not None and user.is_authenticated else None,
                    }
                },
            )


def task_done(name: str, started: float, **fields: Any) -> None:
    """One `task` line: the task, its outcome and duration (ids and statuses only)."""
    tasks.info(
        "task",
        extra={
            "fields": {
                "task": name,
                **fields,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            }
        },
    )
