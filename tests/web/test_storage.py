"""Step 1 and 2: uploads kept with their version row, read by the database worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import RIVERTON, upload, work

pytestmark = pytest.mark.django_db


def _stored() -> list[Path]:
    from django.conf import settings

    folder = Path(settings.UPLOAD_DIR)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_upload_is_queued_then_read_by_the_database_worker(client_for: Any, areas: Any) -> None:
    from bettercare.web.models import Version

    lead = client_for("lead")
    response = upload(lead, areas["riverton"])
    version = Version.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/versions/{version.pk}/"
    assert version.status == "queued"
    page = lead.get(f"/versions/{version.pk}/")
    assert b"Queued" in page.content and b'hx-trigger="every 1s"' in page.content
    work()
    version.refresh_from_db()
    assert version.status == "done"
    assert version.plan["health_and_wellbeing_board"] == "Riverton Health and Wellbeing Board"
    assert version.assessment["category"] == "Approved with support"
    assert version.category == "Approved with support"
    polled = lead.get(f"/versions/{version.pk}/status", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"


def test_original_kept_under_a_generated_name_outside_static(riverton: Any) -> None:
    from django.conf import settings

    from bettercare.web.storage import stored_path

    path = stored_path(riverton.stored_name)
    assert path.read_bytes() == RIVERTON.read_bytes()
    assert riverton.original_name == RIVERTON.name
    assert RIVERTON.name not in riverton.stored_name
    assert not path.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())


def test_each_upload_is_a_new_version(client_for: Any, areas: Any, riverton: Any) -> None:
    from bettercare.web.models import Version

    upload(client_for("lead"), areas["riverton"])
    work()
    numbers = sorted(Version.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
    assert Version.objects.get(number=1).plan == riverton.plan  # the first is untouched


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"\x00\x01\x02binary", b"not a document bettercare reads"),
        ("plan.txt", b"", b"the file is empty"),
        ("plan.docx", b"PK\x03\x04not really a zip", b"not a document bettercare reads"),
    ],
)
def test_wrong_content_refused_and_nothing_kept(
    client_for: Any, areas: Any, name: str, content: bytes, message: bytes
) -> None:
    from bettercare.web.models import Version

    response = upload(client_for("lead"), areas["riverton"], name=name, content=content)
    assert response.status_code == 400
    assert message in response.content
    assert not Version.objects.exists()
    assert _stored() == []


def test_too_large_refused(client_for: Any, areas: Any, settings: Any) -> None:
    from bettercare.web.models import Version

    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(client_for("lead"), areas["riverton"])
    assert response.status_code == 400 and b"larger than the limit" in response.content
    assert not Version.objects.exists() and _stored() == []


def test_a_text_that_is_not_a_plan_fails_with_one_line(client_for: Any, areas: Any) -> None:
    from bettercare.web.models import Version

    lead = client_for("lead")
    upload(lead, areas["riverton"], name="notes.txt", content=b"Shopping list\nmilk\neggs\n")
    work()
    version = Version.objects.get()
    assert version.status == "failed"
    assert version.error and "\n" not in version.error
    page = lead.get(f"/versions/{version.pk}/")
    assert page.status_code == 200 and version.error.encode() in page.content.replace(
        b"&#x27;", b"'"
    )


def test_crash_in_the_middle_of_an_upload_leaves_nothing(
    client_for: Any, areas: Any, monkeypatch: Any
) -> None:
    """The file is written, then the audit row fails: no version, no submission, no file."""
    from bettercare.web import audit
    from bettercare.web.models import AuditEntry, Submission, Version

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full (forced)")

    monkeypatch.setattr(audit, "record", crash)
    with pytest.raises(RuntimeError):
        upload(client_for("lead"), areas["riverton"])
    assert not Version.objects.exists()
    assert not Submission.objects.exists()
    assert not AuditEntry.objects.filter(what="upload").exists()
    assert _stored() == []


def test_crash_while_reading_marks_the_version_failed(
    client_for: Any, areas: Any, monkeypatch: Any
) -> None:
    """A bug in the core on one file: the version says so in one line; no half plan."""
    import bettercare.check
    from bettercare.web.models import Version

    def crash(*args: Any, **kwargs: Any) -> None:
        raise ValueError("boom (forced)")

    monkeypatch.setattr(bettercare.check, "check_file", crash)
    upload(client_for("lead"), areas["riverton"])
    work()
    version = Version.objects.get()
    assert version.status == "failed" and "boom (forced)" in version.error
    assert version.plan is None and version.assessment is None


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_docx_and_pdf_are_recognised_by_content_and_read(
    client_for: Any, areas: Any, tmp_path: Path, kind: str
) -> None:
    """A Word or PDF plan is taken by what it holds, whatever its name says."""
    from bettercare.web.models import Version
    from tests.documents import write_docx, write_pdf

    write = write_docx if kind == "docx" else write_pdf
    document = write(RIVERTON.read_text(encoding="utf-8"), tmp_path / f"plan.{kind}")
    upload(client_for("lead"), areas["riverton"], name="plan.txt", content=document.read_bytes())
    work()
    version = Version.objects.get()
    assert version.stored_name.endswith(f".{kind}") and version.original_name == "plan.txt"
    assert version.status == "done", version.error
    assert version.plan["health_and_wellbeing_board"] == "Riverton Health and Wellbeing Board"


def test_part2_workbook_is_read_with_part1(client_for: Any, areas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bettercare.extract import extract_file
    from bettercare.frameworks import load_framework
    from bettercare.report.part2_template import part2_template
    from bettercare.web.models import Version

    plan = extract_file(RIVERTON)
    workbook = part2_template(load_framework(plan.framework), plan)
    response = client_for("lead").post(
        "/upload/",
        {
            "area": areas["riverton"].pk,
            "round": "2014/15",
            "part1": SimpleUploadedFile(RIVERTON.name, RIVERTON.read_bytes()),
            "part2": SimpleUploadedFile("part2.xlsx", workbook),
        },
    )
    assert response.status_code == 302
    work()
    version = Version.objects.get()
    assert version.part2_name == "part2.xlsx" and version.part2_stored_name.endswith(".xlsx")
    assert version.status == "done", version.error
    assert version.plan["part2"] is not None
    wrong = client_for("lead").post(
        "/upload/",
        {
            "area": areas["riverton"].pk,
            "round": "2014/15",
            "part1": SimpleUploadedFile(RIVERTON.name, RIVERTON.read_bytes()),
            "part2": SimpleUploadedFile("part2.xlsx", RIVERTON.read_bytes()),
        },
    )
    assert wrong.status_code == 400 and b"Part 2: a .txt file by its content" in wrong.content
    assert Version.objects.count() == 1 and len(_stored()) == 2
