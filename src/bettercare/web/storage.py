"""Receiving uploads: the type checked by content, the size limited, the file kept under a
generated name in the data folder (never the static root), and the version row written with
it — both or neither: a failure at any point removes the file and writes no row."""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from bettercare.web import audit
from bettercare.web.models import Area, Submission, Version

PART1_KINDS = ("txt", "docx", "pdf")
PART2_KINDS = ("xlsx",)
_ROUND = re.compile(r"^[0-9A-Za-z][0-9A-Za-z/ ._-]{0,31}$")
_CHUNK = 64 * 1024


class UploadRefused(Exception):
    """An upload that cannot be taken; the message is one line for the person uploading."""


@dataclass(frozen=True)
class Received:
    original: str
    stored: str
    size: int
    sha256: str


def upload_dir() -> Path:
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(name: str) -> Path:
    """The path of a stored upload from its generated name (no other name is accepted)."""
    if not re.fullmatch(r"[0-9a-f]{32}\.(txt|docx|pdf|xlsx)", name):
        raise ValueError(f"not a stored upload name: {name!r}")
    return upload_dir() / name


def sniff(path: Path) -> str | None:
    """The kind of a file by its content: pdf, docx, xlsx, txt, or None."""
    with path.open("rb") as file:
        head = file.read(_CHUNK)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if not head or b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            return None
    return "txt"


def _display_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:200] or "upload"


def receive(upload: Any, kinds: tuple[str, ...], label: str) -> Received:
    """Write an uploaded file under a generated name; refuse it by size or content."""
    limit = int(settings.MAX_UPLOAD_BYTES)
    partial = upload_dir() / f".partial-{uuid.uuid4().hex}"
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            for chunk in upload.chunks(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(
                        f"{label}: larger than the limit of {limit // (1024 * 1024)} MB"
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadRefused(f"{label}: the file is empty")
        kind = sniff(partial)
        if kind not in kinds:
            wanted = ", ".join(f".{k}" for k in kinds)
            found = f"a .{kind} file" if kind else "not a document bettercare reads"
            raise UploadRefused(f"{label}: {found} by its content; expected {wanted}")
        stored = f"{uuid.uuid4().hex}.{kind}"
        partial.replace(upload_dir() / stored)
    finally:
        partial.unlink(missing_ok=True)
    return Received(_display_name(upload.name), stored, size, digest.hexdigest())


def clean_round(value: str) -> str:
    value = " ".join((value or "").split())
    if not _ROUND.fullmatch(value):
        raise UploadRefused("round: letters, digits and / . - only, at most 32 (as 2014/15)")
    return value


def store_upload(user: Any, area: Area, round_name: str, part1: Any, part2: Any = None) -> Version:
    """Keep an upload as a new queued version of the area's submission for the round."""
    round_name = clean_round(round_name)
    written: list[Path] = []
    try:
        first = receive(part1, PART1_KINDS, "Part 1")
        written.append(upload_dir() / first.stored)
        second = None
        if part2 is not None:
            second = receive(part2, PART2_KINDS, "Part 2")
            written.append(upload_dir() / second.stored)
        with transaction.atomic():
            submission, _ = Submission.objects.get_or_create(area=area, round=round_name)
            latest = submission.versions.aggregate(n=Max("number"))["n"] or 0
            version = Version.objects.create(
                submission=submission,
                number=latest + 1,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                assessed_on=timezone.localdate(),
                original_name=first.original,
                stored_name=first.stored,
                size=first.size,
                sha256=first.sha256,
                part2_name=second.original if second else "",
                part2_stored_name=second.stored if second else "",
            )
            audit.record(
                user,
                "upload",
                f"{area.name} {round_name} version {version.number}",
                version=version,
                after={"file": first.original, "part2": second.original if second else None},
            )
    except IntegrityError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise UploadRefused(
            "another upload for this plan was saved at the same time; try again"
        ) from error
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return version
