"""Background tasks (Django's tasks framework; the django-tasks database backend by default,
run by `bettercare worker`)."""

from __future__ import annotations

from django_tasks import task

from bettercare.web.assurance import read_version


@task()
def read_upload(version_id: int) -> str:
    """Read and assess one uploaded version with the core; its status, as stored."""
    return read_version(version_id)
