"""The command line as users and their pipelines call it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

RIVERTON = EXAMPLES / "riverton-2014-revised.txt"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bettercare", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_extract_json_contract_keys() -> None:
    result = run("extract", str(RIVERTON))
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    for key in ("local_authorities", "ccgs", "health_and_wellbeing_board", "date_agreed_at_hwb",
                "date_submitted", "pooled_budget", "signatories", "schemes", "risks",
                "national_conditions", "metrics", "sources"):  # fmt: skip
        assert key in plan
    assert plan["date_submitted"] == "2014-09-19"
    assert plan["pooled_budget"]["total"]["2015/16"] == 10_250_000
    assert plan["signatories"][2] == {
        "on_behalf_of": "hwb",
        "organisation": "Riverton Health and Wellbeing Board",
        "name": "Janet Holloway",
        "title": "Cllr",
        "honours": None,
        "position": "Chair of Health and Wellbeing Board",
        "date": "2014-09-19",
    }
    assert plan["sources"]["/date_submitted"]["text"] == "Date submitted:\t19/09/14"


def test_extract_text_format() -> None:
    result = run("extract", str(RIVERTON), "--format", "text")
    assert result.returncode == 0
    assert "Riverton Borough Council" in result.stdout
    assert "£9,870,000" in result.stdout


def test_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    result = run("extract", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_text_that_is_no_plan_exits_2(tmp_path: Path) -> None:
    other = tmp_path / "minutes.txt"
    other.write_text("Minutes of the parks committee\nApologies: none\n")
    result = run("extract", str(other))
    assert result.returncode == 2
    assert "no Better Care Fund plan" in result.stderr


def test_batch_writes_one_json_per_plan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("extract", str(EXAMPLES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["eastbrook-2014-original.json", "riverton-2014-revised.json"]
    assert json.loads((out / "eastbrook-2014-original.json").read_text())["template"] == "original"


def test_batch_with_a_bad_file_still_writes_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "out"
    result = run("extract", str(RIVERTON), str(tmp_path / "bad.pdf"), "--out", str(out))
    assert result.returncode == 2
    assert [p.name for p in out.iterdir()] == ["riverton-2014-revised.json"]
    assert "bad.pdf" in result.stderr


def test_schema_is_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Plan"
    assert "pooled_budget" in schema["properties"]


@pytest.mark.parametrize("of", ["plan", "assure", "check"])
def test_published_schemas_are_current(of: str) -> None:
    """docs/*.schema.json are the published contracts: regenerate with `bettercare schema OF`."""
    published = json.loads((EXAMPLES.parent / "docs" / f"{of}.schema.json").read_text())
    assert published == json.loads(run("schema", of).stdout)


def test_readme_example_holds() -> None:
    from bettercare import extract_file

    plan = extract_file(RIVERTON)
    assert plan.pooled_budget.minimum["2015/16"] == 9_870_000
    source = plan.sources["/pooled_budget/minimum/2015~116"]
    assert (source.line, source.text) == (17, "2015/16\t£9,870,000")
