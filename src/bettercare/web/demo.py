"""`bettercare serve --demo`: the project's fictional example plans, uploaded as versions of
fictional areas (queued for the worker like any upload)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from bettercare.web.areas import fictional_area
from bettercare.web.models import Version
from bettercare.web.storage import store_upload
from bettercare.web.tasks import read_upload

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def example_plans(folder: Path = EXAMPLES) -> list[Path]:
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def load_demo(folder: Path = EXAMPLES) -> list[Version]:
    """Upload each example plan not yet loaded; the versions queued."""
    queued = []
    for number, path in enumerate(example_plans(folder), start=1):
        area = fictional_area(path.stem.split("-")[0].title(), number)
        if area.submissions.exists():
            continue
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        version = store_upload(None, area, "2014/15", upload)
        read_upload.enqueue(version.pk)
        queued.append(version)
    return queued
