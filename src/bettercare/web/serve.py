"""`bettercare serve`: migrate, load the areas, make the first admin, load the examples, then
run the database worker and gunicorn until stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType


def configure(data: Path | None = None) -> None:
    """Point Django at the workspace settings (and a data folder) and start it."""
    if data is not None:
        os.environ["BETTERCARE_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bettercare.web.settings")
    import django

    django.setup()


def prepare(admin_email: str | None, demo: bool) -> list[str]:
    """Migrations, areas, the first admin and the demo plans; the lines to tell the user."""
    from django.core.management import call_command

    from bettercare.web.areas import load_areas
    from bettercare.web.demo import example_plans, load_demo
    from bettercare.web.people import ensure_admin

    told = []
    call_command("migrate", interactive=False, verbosity=0)
    told.append(f"{load_areas()} Health and Wellbeing Board areas loaded")
    if admin_email:
        password = ensure_admin(admin_email)
        if password is not None:
            told.append(f"admin {admin_email} created; password (shown once): {password}")
    if demo:
        if not example_plans():
            told.append("--demo: the examples folder was not found beside the package")
        else:
            told.append(f"--demo: {len(load_demo())} example plans queued")
    return told


def run(host: str, port: int, workers: int, with_worker: bool = True) -> int:
    """gunicorn (and the upload worker, unless it runs elsewhere) as child processes, all
    stopped when gunicorn ends or this process is told to stop."""
    env = dict(os.environ)
    children = []
    if with_worker:
        children.append(worker_process(env))
    children.append(
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bettercare.web.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
            ],  # each request is logged as a JSON line by the workers (web/logs.py)
            env=env,
        )
    )
    web = children[-1]

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def worker_process(env: dict[str, str], batch: bool = False) -> subprocess.Popen[bytes]:
    """The django-tasks database worker (`bettercare-web db_worker`); with batch, it stops
    when the queue is empty."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bettercare.web.manage",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "1",
            "--queue-name",
            "*",
            *(["--batch"] if batch else []),
        ],
        env=env,
    )
