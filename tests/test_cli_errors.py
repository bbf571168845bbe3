"""Every failure a user can cause is one line on stderr and exit 2, naming the file or option
and the cause ("internal error" only for bugs); batch outputs never collide and every file
found is accounted for; `--version` and `--help` work."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

import bettercare.batch
import bettercare.cli
from tests.conftest import EXAMPLES
from tests.test_cli import run

RIVERTON = EXAMPLES / "riverton-2014-revised.txt"
EASTBROOK = EXAMPLES / "eastbrook-2014-original.txt"


def one_line_error(result: object, *words: str) -> str:
    """The single stderr line of a failed run, checked for exit 2 and each of `words`."""
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    (line,) = lines
    assert line.startswith("bettercare: error: ")
    assert "internal error" not in line and "Traceback" not in stderr
    for word in words:
        assert word in line, line
    return line


def in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        bettercare.cli.main(args)
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


# ------------------------------------------------------------------------- version and help
def test_version_prints_the_package_version() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"bettercare {version('bettercare')}\n"


def test_help_still_works() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "Usage: bettercare" in result.stdout and "assure" in result.stdout
    result = run("assure", "--help")
    assert result.returncode == 0 and "--jobs" in result.stdout and "--on" in result.stdout


# ------------------------------------------------------------------------- output folder
def test_out_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "results"
    file.write_text("not a folder")
    one_line_error(run("assure", str(RIVERTON), "--out", str(file)), str(file), "is a file")
    one_line_error(run("assure", str(EXAMPLES), "--out", str(file)), str(file), "is a file")
    one_line_error(run("extract", str(EXAMPLES), "--out", str(file)), str(file), "is a file")


def test_out_below_a_file(tmp_path: Path) -> None:
    file = tmp_path / "results"
    file.write_text("not a folder")
    target = file / "inner"
    one_line_error(run("assure", str(EXAMPLES), "--out", str(target)), "--out", str(target))


def test_out_folder_without_write_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(  # as root every folder is writable: deny it as a user would be
        os,
        "access",
        lambda p, mode: False if Path(p) == folder and mode & os.W_OK else real(p, mode),
    )
    code, _, err = in_process(["assure", str(RIVERTON), "--out", str(folder)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert f"--out {folder}: no permission to write" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_out_folder_without_write_permission_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        one_line_error(run("assure", str(RIVERTON), "--out", str(folder)), str(folder))
    finally:
        folder.chmod(0o755)


def test_a_write_that_fails_midway_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code, _, err = in_process(["assure", str(RIVERTON), "--out", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "riverton-2014-revised.actions.xlsx: no permission to write it" in err
    assert not list(tmp_path.glob(".*partial"))


def test_template_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "part2.xlsx"
    one_line_error(run("template", "part2", str(target)), str(target), "does not exist")


# ------------------------------------------------------------------------- input files
def test_missing_file() -> None:
    one_line_error(run("assure", "no-such-plan.txt"), "no-such-plan.txt", "no such file")
    one_line_error(run("check", "no-such-plan.txt"), "no-such-plan.txt", "no such file")


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    loop = str(tmp_path / "a.txt")
    one_line_error(run("assure", loop), loop, "symbolic link loop")
    one_line_error(run("extract", loop), loop, "symbolic link loop")
    review = run("assure", str(RIVERTON), "--review", loop)
    one_line_error(review, loop, "symbolic link loop")


def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(RIVERTON.read_text("utf-8"), "utf-8")
    real = os.access
    monkeypatch.setattr(  # as root every file is readable: deny it as a user would be
        os, "access", lambda p, mode: False if Path(p) == plan else real(p, mode)
    )
    code, out, err = in_process(["assure", str(plan)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("bettercare: error: ") and err.count("\n") == 1
    assert str(plan) in err and ("not readable" in err or "no permission to read it" in err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any file")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(RIVERTON.read_text("utf-8"), "utf-8")
    plan.chmod(0)
    one_line_error(run("extract", str(plan)), str(plan), "permission")


# ------------------------------------------------------------------------- options
@pytest.mark.parametrize("value", ["2014-13-01", "20 October 2014", "yesterday"])
def test_bad_on_date(value: str) -> None:
    one_line_error(run("assure", str(RIVERTON), "--on", value), "--on", value, "YYYY-MM-DD")


@pytest.mark.parametrize("value", ["x", "-1", "1.5"])
def test_bad_jobs(value: str) -> None:
    one_line_error(run("assure", str(EXAMPLES), "--jobs", value), "--jobs", value)


def test_bad_format_and_unknown_option() -> None:
    one_line_error(run("assure", str(RIVERTON), "--format", "xml"), "--format", "xml")
    one_line_error(run("assure", str(RIVERTON), "--colour"), "--colour")
    one_line_error(run("assure", str(RIVERTON), "--unit-cost", "lots"), "--unit-cost")
    one_line_error(run("assure"), "Missing argument")


def test_internal_error_only_for_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bettercare.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(bettercare.pipeline, "assure_file", boom)
    code, _, err = in_process(["assure", str(RIVERTON)], capsys)
    assert code == 2
    assert err == "bettercare: error: internal error (ZeroDivisionError: a bug); please report it\n"


# ------------------------------------------------------------------------- batch outputs
def test_same_name_in_two_subfolders_gives_two_reports(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    for sub, source in (("a", RIVERTON), ("b", EASTBROOK)):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "plan.txt").write_text(source.read_text("utf-8"), "utf-8")
    (folder / "a" / "budget.xlsx").write_bytes(b"a stray workbook")
    (folder / "notes.md").write_text("not a plan")
    out = tmp_path / "out"
    result = run("assure", str(folder), "--out", str(out), "--format", "html", "--jobs", "2")
    assert result.returncode == 1, result.stderr  # Eastbrook has a showstopper
    assert "2 of 2 plans assured" in result.stderr and "2 other files skipped" in result.stderr
    assert "skipped a/budget.xlsx: not a file this command reads (.xlsx" in result.stderr
    reports = sorted(p.name for p in out.glob("*.assurance.html"))
    assert reports == ["a__plan.assurance.html", "b__plan.assurance.html"]
    assert "Riverton" in (out / "a__plan.assurance.html").read_text("utf-8")
    assert "Eastbrook" in (out / "b__plan.assurance.html").read_text("utf-8")
    assert sorted(p.name for p in out.glob("*.actions.xlsx")) == [
        "a__plan.actions.xlsx",
        "b__plan.actions.xlsx",
    ]
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    listed = [(r["file"], r["status"], r["report"]) for r in rows]
    assert listed == [
        ("a/budget.xlsx", "skipped", ""),
        ("a/plan.txt", "assured", "a__plan.assurance.html"),
        ("b/plan.txt", "assured", "b__plan.assurance.html"),
        ("notes.md", "skipped", ""),
    ]
    assert "not a file this command reads (.xlsx" in rows[0]["reason"]
    index = (out / "index.html").read_text("utf-8")
    assert '<a href="a__plan.assurance.html">a/plan.txt</a>' in index
    assert '<a href="b__plan.assurance.html">b/plan.txt</a>' in index
    assert "skipped: not a file this command reads (.md" in index


def test_same_stem_of_two_types_and_a_failure_are_each_accounted_for(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(RIVERTON.read_text("utf-8"), "utf-8")
    (folder / "plan.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "out"
    result = run("assure", str(folder), "--out", str(out), "--jobs", "1")
    assert result.returncode == 2
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [(r["file"], r["status"]) for r in rows] == [
        ("plan.pdf", "failed"),
        ("plan.txt", "assured"),
    ]
    assert "not a PDF" in rows[0]["reason"] or rows[0]["reason"]
    (report,) = out.glob("*.assurance.json")
    assert report.name == rows[1]["report"]
    assert report.name.startswith("plan-") and len(report.name) == len(
        "plan-12345678.assurance.json"
    )


def test_extract_folder_names_outputs_by_relative_path(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "plan.txt").write_text(RIVERTON.read_text("utf-8"), "utf-8")
    (folder / "b" / "photo.png").write_bytes(b"\x89PNG")
    out = tmp_path / "out"
    result = run("extract", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a__plan.json", "b__plan.json"]
    assert "2 of 2 plans extracted" in result.stderr and "1 other files skipped" in result.stderr
    assert "skipped b/photo.png" in result.stderr


def test_output_folder_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "riverton.txt").write_text(RIVERTON.read_text("utf-8"), "utf-8")
    out = folder / "results"
    for _ in range(2):  # the second run must not read the first run's text reports
        result = run("assure", str(folder), "--out", str(out), "--format", "text")
        assert result.returncode == 0, result.stderr
        assert "1 of 1 plans assured" in result.stderr and "skipped" not in result.stderr


def test_an_output_that_is_a_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`--out /dev/null` or a named pipe: written into, never renamed over (as root, a rename
    would replace /dev/null itself with a regular file)."""
    import stat
    import threading

    pipe = tmp_path / "workbook.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("template", "part2", str(pipe))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe
    assert received and received[0].startswith(b"PK")  # the workbook went through it
