"""Web workspace load: requests/s and p50/p95 latency of the plan list (`/plans/`) and a plan
page (`/versions/N/`) with 150 plans loaded, on SQLite and on a throw-away PostgreSQL, with 1
and 2 gunicorn workers — a real `bettercare serve --no-worker` on loopback, signed in as its
admin.

The load is a small pool of client threads (Python's http.client; no locust: it is not needed
for a bounded loopback run), each sending its next request as soon as the last one is
answered, for a fixed time per page. Target: p95 under 100 ms on the plan page.

Run: PYTHONPATH=src .venv/bin/python bench/web_load.py [--seconds 8] [--clients 4]
     [--plans 150] [--databases sqlite,postgresql] [--workers 1,2]
The plans are the clean Millbrook plan (tests/national_plans.py) renamed to every council of
the gazetteer in turn, each with its own money and ambition, read by the database worker.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the plan generator and the server helpers live with the tests

CLEAN_ENV = dict(os.environ)
from tests.national_plans import millbrook  # noqa: E402
from tests.web.postgres import Unavailable, postgres_server  # noqa: E402
from tests.web.server import ADMIN, Served, start  # noqa: E402

os.environ.clear()
os.environ.update(CLEAN_ENV)  # the test helpers' imports set Django's test settings

LOAD = """
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from bettercare.web.models import Area
from bettercare.web.storage import store_upload
from bettercare.web.tasks import read_upload
for path in sorted(Path({folder!r}).glob('*.txt')):
    area = Area.objects.get(ons_code=path.stem.split('-')[1])
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    read_upload.enqueue(store_upload(None, area, '2014/15', upload).pk)
"""


def generate(folder: Path, count: int) -> None:
    """`count` plans, one per council of the gazetteer in turn, named `N-ONSCODE.txt`."""
    from bettercare.gazetteer import gazetteer

    councils = gazetteer().bodies("council")
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        council = councils[number % len(councils)]
        minimum = 5_000_000 + (number % 97) * 250_000
        text = millbrook(
            f"{council.name} Council",
            f"Area{number:04d}",
            avoided=250 + number % 350,
            minimum=minimum,
            total=minimum + (number % 13) * 100_000,
            council_share=(1_000_000, 1_000_000),
        )
        (folder / f"{number:04d}-{council.code}.txt").write_text(text, encoding="utf-8")


def sign_in(url: str, password: str) -> str:
    """The admin's session: the Cookie header to send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{url}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token on the sign-in page"
    data = urllib.parse.urlencode(
        {"username": ADMIN, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(
        f"{url}/accounts/login/", data=data, headers={"Referer": f"{url}/accounts/login/"}
    )
    opener.open(request, timeout=10).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    assert "sessionid" in cookies, "signing in failed"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def hammer(url: str, path: str, cookie: str, clients: int, seconds: float) -> Result:
    """`clients` threads requesting `path` back to back for `seconds`."""
    parsed = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    hammer_start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(len(latencies), errors[0], time.perf_counter() - hammer_start, latencies)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str | None]:
    """None for SQLite (in the data folder); a fresh PostgreSQL database's URL."""
    if kind == "sqlite":
        yield None
        return
    import psycopg

    with postgres_server(folder) as base:
        admin = base.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute('CREATE DATABASE "bench"')
        yield base.rsplit("/", 1)[0] + "/bench"


def serve(tmp: Path, data: Path, workers: int, url: str | None) -> Served:
    return start(tmp, "--no-worker", "--workers", str(workers), database_url=url, data=data)


def stop(served: Served) -> None:
    """Stop the server, keeping its data folder for the next run."""
    served.process.send_signal(signal.SIGTERM)
    try:
        served.process.wait(timeout=30)
    except Exception:
        served.process.kill()


def run(kind: str, plans: Path, counts: list[int], clients: int, seconds: float) -> list[str]:
    rows = []
    folder = Path(tempfile.mkdtemp(prefix=f"bettercare-load-{kind}-"))
    served: Served | None = None
    try:
        with database(kind, folder) as url:
            data = folder / "data"
            served = serve(folder, data, counts[0], url)
            password = served.admin_password
            started = time.perf_counter()
            served.manage("shell", "-c", LOAD.format(folder=str(plans)))
            served.worker_batch()
            loaded = time.perf_counter() - started
            token = served.manage("create_token", ADMIN)
            request = urllib.request.Request(
                f"{served.url}/api/plans", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                listed = json.loads(response.read())
            done = [row for row in listed if row["status"] == "done"]
            print(f"{kind}: {len(done)} of {len(listed)} plans read in {loaded:.1f} s")
            plan_page = f"/versions/{done[len(done) // 2]['id']}/"
            for index, workers in enumerate(counts):
                if index:
                    stop(served)
                    served = serve(folder, data, workers, url)
                cookie = sign_in(served.url, password)
                for name, path in (("plan list", "/plans/"), ("plan page", plan_page)):
                    hammer(served.url, path, cookie, clients, 1.0)  # warm the workers
                    result = hammer(served.url, path, cookie, clients, seconds)
                    row = (
                        f"| {kind} | {workers} | {name} | {result.rate:.1f} | "
                        f"{result.percentile(50):.1f} | {result.percentile(95):.1f} | "
                        f"{result.errors} |"
                    )
                    print(row, flush=True)
                    rows.append(row)
            stop(served)
            served = None
    except Unavailable as why:
        rows.append(f"| {kind} | – | skipped: {why} | | | | |")
    finally:
        if served is not None:
            stop(served)
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _stopped(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so a terminated run stops its servers too


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, _stopped)
    counts = [int(n) for n in options.workers.split(",")]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; {options.plans} plans, {options.clients} clients, "
        f"{options.seconds:g} s a page"
    )
    rows = [
        "| database | gunicorn workers | page | requests/s | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as temporary:
        plans = Path(temporary) / "plans"
        generate(plans, options.plans)
        for kind in options.databases.split(","):
            rows += run(kind, plans, counts, options.clients, options.seconds)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
