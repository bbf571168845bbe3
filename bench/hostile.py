"""Time and peak memory of the readers on hostile files and on a normal board pack.

    .venv/bin/python bench/hostile.py

Each file is read by `read_file` in a fresh subprocess, which reports its own time and peak
resident memory (ru_maxrss), so a budget that stops working, or a reader that slows down on a
real pack, shows here. The hostile files are generated in a temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_files import pages_pdf  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
PACK = CORPUS / "blackpool-hwb-pack-2014-12.txt"

_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
outcome = "read"
try:
    from bettercare import InputError, read_file
    try:
        document = read_file(sys.argv[1])
        outcome = f"read: {len(document.lines):,} lines"
    except InputError as error:
        outcome = f"refused: {error.reason}"
finally:
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx whose document.xml is `megabytes` of whitespace, streamed into the zip."""
    spaces = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document><w:body>")
            for _ in range(megabytes):
                member.write(spaces)
            member.write(b"</w:body></w:document>")
    return path


def measure(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            ("PDF of 2,000 pages", pages_pdf(Path(folder) / "pack.pdf", 2_000)),
            ("PDF of 300 pages (in budget)", pages_pdf(Path(folder) / "plan.pdf", 300)),
            ("docx zip bomb (800 MB of XML)", zip_bomb(Path(folder) / "bomb.docx", 800)),
        ]
        if PACK.is_file():
            cases.append(("Blackpool board pack (.txt)", PACK))
        print(f"{'file':32} {'size':>9} {'seconds':>8} {'peak MB':>8}  outcome")
        for name, path in cases:
            result = measure(path)
            size = path.stat().st_size / 1024 / 1024
            print(
                f"{name:32} {size:8.1f}M {result['seconds']:8.2f} {result['peak_mb']:8.0f}"
                f"  {str(result['outcome'])[:110]}"
            )


if __name__ == "__main__":
    main()
