"""Re-assessment from a saved plan: `assure` of a plan JSON (what the web workspace does after
a correction) against `assure` of its document, on the Blackpool pack and the examples.

Run: .venv/bin/python bench/reassess.py
Needs ../shared/corpus beside the repo for the Blackpool figure.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
from pathlib import Path

from timing import best_of

from bettercare.extract import extract_file
from bettercare.pipeline import assure_file

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT.parent / "shared" / "corpus" / "blackpool-hwb-pack-2014-12.txt"
ON = dt.date(2014, 10, 20)


def compare(document: Path, folder: Path) -> None:
    saved = folder / f"{document.stem}.json"
    saved.write_text(extract_file(document).model_dump_json(), encoding="utf-8")
    from_document = best_of(5, lambda: assure_file(document, on=ON))
    from_plan = best_of(5, lambda: assure_file(saved, on=ON))
    size = saved.stat().st_size / 1024
    print(
        f"{document.name}: from the document {from_document * 1000:.0f} ms; "
        f"from the saved plan ({size:.0f} KiB) {from_plan * 1000:.1f} ms; "
        f"ratio {from_document / from_plan:.1f}x"
    )


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    documents = sorted((ROOT / "examples").glob("*.txt"))
    if PACK.is_file():
        documents.insert(0, PACK)
    else:
        print("Blackpool pack: skipped (../shared/corpus is missing)")
    with tempfile.TemporaryDirectory() as temporary:
        for document in documents:
            compare(document, Path(temporary))


if __name__ == "__main__":
    main()
