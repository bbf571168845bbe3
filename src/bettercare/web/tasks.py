"""Background tasks (Django's tasks framework; the django-tasks database backend by default,
run by `bettercare worker`)."""

from __future__ import annotations

import time

from django_tasks import task

from bettercare.web.assurance import read_version
from bettercare.web.logs import task_done


@task()
def read_upload(version_id: int) -> str:
    """Read and assess one uploaded version with the core; its status, as stored (and one
    JSON log line: the version, its status, the time taken)."""
    started = time.perf_counter()
    status = "error"
    try:
        status = read_version(version_id)
        return status
    finally:
        task_done("read_upload", started, version=version_id, status=status)
