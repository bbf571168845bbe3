"""A throw-away PostgreSQL server for the tests: `initdb` and `pg_ctl` from
/usr/lib/postgresql/15/bin (or $BETTERCARE_PG_BIN) in a temporary folder, on a free loopback
port, trusted local connections only, stopped and removed at the end.

PostgreSQL refuses to run as root: as root the folder is given to the `postgres` user (or
`nobody`) and both commands run as that user through `runuser`."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.web.server import free_port

BIN = Path(os.environ.get("BETTERCARE_PG_BIN", "/usr/lib/postgresql/15/bin"))


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says what is missing."""


def _runner() -> tuple[list[str], int | None, int | None]:
    """The command prefix to run PostgreSQL's tools, and the uid/gid to own its folder."""
    if os.geteuid() != 0:
        return [], None, None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root and runuser is missing (PostgreSQL refuses root)")
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return [runuser, "-u", name, "--"], user.pw_uid, user.pw_gid
    raise Unavailable("running as root and there is no postgres or nobody user to run it as")


def _run(prefix: list[str], *args: str) -> None:
    result = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise Unavailable(f"{Path(args[0]).name} failed: {(result.stderr or result.stdout)[-800:]}")


@contextmanager
def postgres_server(folder: Path) -> Iterator[str]:
    """Start a server in `folder`; yields its URL (database `bettercare`)."""
    for tool in ("initdb", "pg_ctl"):
        if not (BIN / tool).is_file():
            raise Unavailable(
                f"PostgreSQL's {tool} is missing in {BIN} (apt-get install postgresql)"
            )
    prefix, uid, gid = _runner()
    root = folder / "pg"
    root.mkdir(parents=True)
    if uid is not None:
        os.chown(root, uid, gid or -1)
        for parent in (folder, *folder.parents):  # the server's user must reach its folder
            if parent == Path("/"):
                break
            os.chmod(parent, os.stat(parent).st_mode | 0o011)
    data, port = root / "data", free_port()
    _run(
        prefix,
        str(BIN / "initdb"),
        "-D",
        str(data),
        "-U",
        "bettercare",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(
        prefix,
        str(BIN / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(root / "server.log"),
        "-w",
        "-t",
        "60",
        "start",
    )
    try:
        yield f"postgres://bettercare@127.0.0.1:{port}/bettercare"
    finally:
        subprocess.run(
            [*prefix, str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)
