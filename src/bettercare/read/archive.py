"""The budgets of a zip (.docx, .xlsx), checked before any member is parsed.

Counts come from the end record and the directory, sizes from each member's declared
`file_size` (zipfile never inflates a member past it: a member that lies fails its CRC), and
the XML members are streamed once, in bounded chunks, to count their tags and refuse a DOCTYPE.
"""

from __future__ import annotations

import io
import zipfile

from bettercare.errors import InputError
from bettercare.read.budgets import Budgets, Deadline, amount, over

_SCOPE = "for a Word or Excel file"
_CHUNK = 1 << 20
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_KEEP = max(len(d) for d in _DOCTYPES) - 1


def declared_members(data: bytes) -> int | None:
    """The number of members the zip's end record declares (zip64 too), read without parsing
    the directory; None when there is no end record (zipfile will say the file is damaged)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    total = int.from_bytes(data[at + 10 : at + 12], "little")
    locator = at - 20
    if total == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            total = int.from_bytes(data[record + 32 : record + 40], "little")
    return total


def _looks_like_xml(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return head.startswith(b"<")


def _scan(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, deadline: Deadline) -> int:
    """Tags of one member if it is XML (0 if not); a DOCTYPE refuses the file."""
    tags = 0
    tail = b""
    with archive.open(info) as stream:
        first = True
        while chunk := stream.read(_CHUNK):
            if first and not _looks_like_xml(chunk[:64]):
                return 0
            first = False
            window = tail + chunk
            if any(doctype in window for doctype in _DOCTYPES):
                raise InputError(
                    path,
                    f"{info.filename} holds an XML DOCTYPE, which Word and Excel never write "
                    "(the start of an entity-expansion bomb); refused as unsafe",
                )
            tags += chunk.count(b"<")
            tail = window[-_KEEP:]
            deadline.check(info.filename)
    return tags


def open_archive(path: str, data: bytes, budgets: Budgets, deadline: Deadline) -> zipfile.ZipFile:
    """The zip of a .docx or .xlsx once it is within every budget; `zipfile.BadZipFile` when
    it is not a zip at all (the caller names the file type)."""
    members = declared_members(data)
    if members is not None and members > budgets.max_members:
        raise over(path, "max_members", amount(members, "member"), budgets.max_members, _SCOPE)
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > budgets.max_members:
        raise over(path, "max_members", amount(len(infos), "member"), budgets.max_members, _SCOPE)
    inflated = sum(info.file_size for info in infos)
    if inflated > budgets.max_inflated_bytes:
        found = f"{amount(inflated, 'byte')} once decompressed"
        raise over(path, "max_inflated_bytes", found, budgets.max_inflated_bytes, _SCOPE)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > budgets.ratio_from_bytes and ratio > budgets.max_ratio:
            found = (
                f"{info.filename} inflates {amount(ratio, 'ratio')} "
                f"({amount(info.file_size, 'byte')} from {amount(info.compress_size, 'byte')}),"
            )
            raise over(path, "max_ratio", found, budgets.max_ratio, "for one part", verb="over")
    tags = 0
    for info in infos:
        tags += _scan(path, archive, info, deadline)
    if tags > budgets.max_xml_tags:
        found = f"its XML has {amount(tags, 'tag')},"
        raise over(path, "max_xml_tags", found, budgets.max_xml_tags, _SCOPE, verb="over")
    return archive
