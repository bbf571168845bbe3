"""A real `bettercare serve` (gunicorn, WhiteNoise, migrations) in a child process on a free
loopback port, with its own data folder; on the test PostgreSQL when the suite runs there."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.web.conftest import ROOT

ADMIN = "admin@example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    data: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path
    admin_password: str

    def manage(self, *args: str, stdin: str = "") -> str:
        """Run `bettercare-web ARGS` against this server's database; its output."""
        result = subprocess.run(
            [sys.executable, "-m", "bettercare.web.manage", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return result.stdout.strip()

    def worker_batch(self) -> None:
        """The database worker in its own process until the queue is empty."""
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bettercare.web.manage",
                "db_worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--queue-name",
                "*",
            ],
            env=self.env,
            capture_output=True,
            check=True,
            timeout=120,
        )

    def stop(self) -> int:
        """Stop the server; its log is kept beside the test's files, its data folder removed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.data.parent, ignore_errors=True)
        return int(self.process.returncode)


def start(
    tmp: Path, *options: str, database_url: str | None = None, data: Path | None = None
) -> Served:
    """Serve with a data folder of its own (not under pytest's tmp_path, which other pytest
    runs on the machine may prune while it runs); its log goes to `tmp`."""
    port = free_port()
    data = data or Path(tempfile.mkdtemp(prefix="bettercare-serve-")) / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETTERCARE_", "DATABASE_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), BETTERCARE_DATA=str(data))
    if database_url:
        env["DATABASE_URL"] = database_url
    log = tmp / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bettercare",
                "serve",
                "--port",
                str(port),
                "--admin-email",
                ADMIN,
                *options,
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve stopped: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"serve did not answer /health: {log.read_text()[-3000:]}")
    found = re.search(r"password \(shown once\): (\S+)", log.read_text())
    return Served(url, data, env, process, log, found.group(1) if found else "")
