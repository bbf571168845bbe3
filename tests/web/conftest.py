"""The web workspace's fixtures: settings pointed at a throw-away data folder, the database
SQLite by default or the real PostgreSQL given in BETTERCARE_TEST_DATABASE_URL (see
test_postgresql.py, which runs this whole folder again that way), people of every role, and
uploads read by the real database worker."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if "BETTERCARE_DATA" not in os.environ:
    os.environ["BETTERCARE_DATA"] = tempfile.mkdtemp(prefix="bettercare-web-test-")
    atexit.register(shutil.rmtree, os.environ["BETTERCARE_DATA"], True)
os.environ.setdefault("BETTERCARE_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ["DJANGO_SETTINGS_MODULE"] = "bettercare.web.settings"
if os.environ.get("BETTERCARE_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BETTERCARE_TEST_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)

pytest.importorskip("django", reason="the web extra is not installed (pip install -e '.[web]')")
pytest.importorskip("pytest_django", reason="pytest-django is not installed")

import django

django.setup()  # pytest-django set Django up only when configured before this folder loads

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RIVERTON = EXAMPLES / "riverton-2014-revised.txt"
EASTBROOK = EXAMPLES / "eastbrook-2014-original.txt"
ROLES = ("lead", "other_lead", "assurer", "national", "admin")


def work() -> None:
    """Run the django-tasks database worker until the queue is empty (what
    `bettercare-web db_worker` does in production)."""
    from django.core.management import call_command

    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, interval=0.01, verbosity=0
    )


@pytest.fixture(autouse=True)
def _own_upload_folder(settings: Any, tmp_path: Path) -> None:
    """Each test keeps its uploads in its own folder, so it can see what was left there."""
    settings.UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def areas(db: Any) -> dict[str, Any]:
    from bettercare.web.areas import fictional_area

    return {"riverton": fictional_area("Riverton", 1), "eastbrook": fictional_area("Eastbrook", 2)}


@pytest.fixture
def people(areas: dict[str, Any]) -> dict[str, Any]:
    """One user of each role: the plan lead of Riverton, the lead of Eastbrook, Riverton's
    assurer, a national viewer and an admin (no passwords: tests sign them in directly)."""
    from bettercare.web.people import make_user

    return {
        "lead": make_user("lead", None, "lead", [areas["riverton"]]),
        "other_lead": make_user("other_lead", None, "lead", [areas["eastbrook"]]),
        "assurer": make_user("assurer", None, "assurer", [areas["riverton"]]),
        "national": make_user("national", None, "national"),
        "admin": make_user("admin", None, "admin"),
    }


@pytest.fixture
def client_for(people: dict[str, Any]) -> Callable[[str | None], Any]:
    """A test client signed in as the person of a role (None: anonymous)."""
    from django.test import Client

    def make(role: str | None) -> Any:
        client = Client()
        if role is not None:
            client.force_login(people[role])
        return client

    return make


def upload(
    client: Any,
    area: Any,
    path: Path = RIVERTON,
    name: str | None = None,
    content: bytes | None = None,
) -> Any:
    """Upload a Part 1 file as a plan lead; the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content if content is not None else path.read_bytes()
    return client.post(
        "/upload/",
        {"area": area.pk, "round": "2014/15", "part1": SimpleUploadedFile(name or path.name, data)},
    )


@pytest.fixture
def riverton(client_for: Callable[[str | None], Any], areas: dict[str, Any]) -> Any:
    """Riverton's revised plan uploaded by its lead and read by the worker."""
    from bettercare.web.models import Version

    response = upload(client_for("lead"), areas["riverton"])
    assert response.status_code == 302, response.content[:500]
    work()
    version = Version.objects.get()
    assert version.status == "done", version.error
    return version


@pytest.fixture
def eastbrook(client_for: Callable[[str | None], Any], areas: dict[str, Any]) -> Any:
    from bettercare.web.models import Version

    response = upload(client_for("other_lead"), areas["eastbrook"], EASTBROOK)
    assert response.status_code == 302
    work()
    return Version.objects.get(submission__area=areas["eastbrook"])


@pytest.fixture
def pg_url() -> Any:
    """None on SQLite; on the PostgreSQL run, the URL of a fresh database for a served app."""
    yield from _fresh_database()


@pytest.fixture(scope="module")
def module_pg_url() -> Any:
    yield from _fresh_database()


def _fresh_database() -> Any:
    base = os.environ.get("BETTERCARE_TEST_DATABASE_URL")
    if not base:
        yield None
        return
    import uuid

    import psycopg

    name = f"serve_{uuid.uuid4().hex[:12]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
