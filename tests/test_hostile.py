"""Hostile and huge inputs: each file is generated here, and each is refused with the one-line
error that names its budget (src/bettercare/read/budgets.py), or read cleanly, without writing
anything. The heavy ones run the CLI in a subprocess under a 2 GB address-space limit and a
timeout, so a regression fails the test instead of swapping the machine."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from bettercare import InputError, read_file
from bettercare.read import read_bytes
from bettercare.read.budgets import MAX_BYTES, Budgets, current
from bettercare.read.workbook import read_workbook_bytes
from tests.hostile_files import pages_pdf

MEMORY = 2 << 30  # bytes of address space for the subprocess
TIMEOUT = 60
_CLI = "from bettercare.cli import main; main()"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _cli(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-c", _CLI, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _refused(path: Path, *expected: str, env: dict[str, str] | None = None) -> str:
    """Run `bettercare extract` on the file alone in its folder: exit 2, one line on stderr
    that names the limit, nothing on stdout and no file written."""
    before = sorted(path.parent.iterdir())
    done = _cli(path.parent, "extract", path.name, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    assert sorted(path.parent.iterdir()) == before
    return lines[0]


def _read_in_subprocess(path: Path, code: str) -> str:
    """Read a file in a subprocess under the memory limit; its stdout."""
    script = f"from bettercare import read_file; document = read_file({str(path)!r}); {code}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# ----------------------------------------------------------------------------- generators

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _relationships(kind: str, target: str) -> str:
    return (
        f'<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_RELS}/{kind}" Target="{target}"/></Relationships>'
    )


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_PARAGRAPH = b"<w:p><w:r><w:t>Local Authority Bury Council</w:t></w:r></w:p>"


def _docx(path: Path, document: Iterable[bytes]) -> Path:
    """A Word file whose word/document.xml is the chunks given, streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _relationships("officeDocument", "word/document.xml"))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for chunk in document:
                member.write(chunk)
    return path


def _body(*inner: bytes) -> Iterator[bytes]:
    yield f'<?xml version="1.0"?><w:document {_W}><w:body>'.encode()
    yield from inner
    yield b"</w:body></w:document>"


_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx(path: Path, sheet: Iterable[bytes]) -> Path:
    """A workbook of one sheet 'Data' whose XML is the chunks given (no openpyxl involved, so
    a million declared rows cost nothing to write)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _relationships("officeDocument", "xl/workbook.xml"))
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_RELS}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels", _relationships("worksheet", "worksheets/sheet1.xml")
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for chunk in sheet:
                member.write(chunk)
    return path


def _sheet(dimension: str | None, rows: Iterable[bytes], prolog: bytes = b"") -> Iterator[bytes]:
    yield b'<?xml version="1.0"?>' + prolog + f'<worksheet xmlns="{_SHEET_NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def _cell(row: int, column: str, text: str) -> bytes:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the objects given (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


# ------------------------------------------------------------------------------- PDF


def test_a_pdf_of_2000_pages_is_refused_before_any_page_is_read(tmp_path: Path) -> None:
    path = pages_pdf(tmp_path / "pack.pdf", 2_000)
    line = _refused(path, "2,000 pages is over the 600-page limit", "BETTERCARE_MAX_PAGES")
    assert line.startswith("bettercare: error: pack.pdf: 2,000 pages")


def test_a_pdf_whose_page_count_lies_is_still_refused(tmp_path: Path) -> None:
    """The page tree says 1 page but holds 700: the pages themselves are counted."""
    content = _stream(b"BT /F1 12 Tf 72 700 Td (Local Authority Bury Council) Tj ET")
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    ] * 700
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(700))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *pages,
    ]
    path = tmp_path / "liar.pdf"
    path.write_bytes(_pdf(objects))
    _refused(path, "more than 600 pages are over the 600-page limit", "BETTERCARE_MAX_PAGES")


def test_a_pdf_without_pages_is_one_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(
        _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    )
    _refused(path, "empty.pdf: the PDF has no pages")


def test_a_huge_image_is_never_decoded(tmp_path: Path) -> None:
    """Page 2 holds a grey image of 65,536 x 38,400 pixels: 2.5 GB decoded, more than the
    subprocess may hold, 2.4 MB as stored (blocks of 16 MB of zeros, each deflated once)."""
    block = 1 << 24
    squeeze = zlib.compressobj(9)
    head = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    again = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    size = 150 * block  # = 65,536 x 38,400
    adler = ((size % 65521) << 16) | 1  # the Adler-32 of zeros
    data = head + again * 149 + b"\x03\x00" + adler.to_bytes(4, "big")
    assert len(data) < 3_000_000
    text = _stream(b"BT /F1 12 Tf 72 700 Td (Local Authority Bury Council) Tj ET")
    image = _stream(
        data,
        b"/Type /XObject /Subtype /Image /Width 65536 /Height 38400 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        text,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R "
        b"/Resources << /XObject << /Im1 8 0 R >> >> >>",
        _stream(b"q 500 0 0 500 50 150 cm /Im1 Do Q"),
        image,
    ]
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf(objects))
    out = _read_in_subprocess(
        path, "print(document.pages_without_text, document.lines[0].text, sep='|')"
    )
    assert out.strip() == "[2]|Local Authority Bury Council"


def test_pages_are_let_go_as_they_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's cached layout is dropped once read, before the next page is read, so
    memory does not grow with pages (pdfplumber would otherwise keep every page's objects)."""
    from pdfplumber.page import Page

    import bettercare.read.pdf as reader

    events: list[str] = []
    close, blocks = Page.close, reader._page_blocks

    def closing(page: Page) -> None:
        events.append(f"close {page.page_number}")
        close(page)

    def reading(page: Page) -> list[str]:
        events.append(f"read {page.page_number}")
        return blocks(page)

    monkeypatch.setattr(Page, "close", closing)
    monkeypatch.setattr(reader, "_page_blocks", reading)
    read_file(pages_pdf(tmp_path / "plan.pdf", 3))
    assert events[:6] == ["read 1", "close 1", "read 2", "close 2", "read 3", "close 3"]


# ------------------------------------------------------------------------------ Word


def test_a_word_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    """300 MB of whitespace in document.xml, 300 KB on disk."""
    spaces = b" " * (1 << 20)
    path = _docx(tmp_path / "bomb.docx", _body(_PARAGRAPH, *([spaces] * 300)))
    assert path.stat().st_size < 1_000_000
    _refused(
        path,
        "300 MB once decompressed is over the 200 MB limit",
        "BETTERCARE_MAX_INFLATED_BYTES",
    )


def test_a_member_that_inflates_far_beyond_its_size_is_refused(tmp_path: Path) -> None:
    """Under the total budget, but 6 MB of padding squeezed 1,000:1."""
    path = _docx(tmp_path / "padded.docx", _body(_PARAGRAPH, b" " * (6 << 20)))
    with pytest.raises(InputError, match=r"word/document.xml inflates [\d,]+:1") as error:
        read_file(path)
    assert "over the 100:1 limit for one part (BETTERCARE_MAX_RATIO raises it)" in str(error.value)


def test_a_zip_of_too_many_members_is_refused_from_its_end_record(tmp_path: Path) -> None:
    path = _docx(tmp_path / "many.docx", _body(_PARAGRAPH))
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(5_001):
            archive.writestr(f"customXml/item{number}.bin", b"")
    with pytest.raises(InputError, match="5,004 members is over the 5,000-member limit"):
        read_file(path)


def test_entity_expansion_in_word_is_refused(tmp_path: Path) -> None:
    laughs = _BILLION_LAUGHS.replace(b"lolz", b"w:document")
    document = (
        b'<?xml version="1.0"?>'
        + laughs
        + f"<w:document {_W}><w:body>".encode()
        + b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _docx(tmp_path / "laughs.docx", [document])
    _refused(path, "word/document.xml holds an XML DOCTYPE", "refused as unsafe")


def test_deep_nesting_in_word_is_a_clean_error(tmp_path: Path) -> None:
    """100,000 nested elements: the XML parser's depth limit stops it in a moment."""
    depth = 100_000
    path = _docx(tmp_path / "deep.docx", _body(b"<w:p>" * depth, b"</w:p>" * depth))
    _refused(path, "deep.docx: damaged Word file")


def test_a_flood_of_tags_in_word_is_refused_before_parsing(tmp_path: Path) -> None:
    """11 million empty paragraphs: 66 MB of XML that would take GBs as a tree. The ratio
    budget would refuse this file first; raised, the tag budget still holds."""
    flood = b"<w:p/>" * (1 << 20)
    path = _docx(tmp_path / "flood.docx", _body(_PARAGRAPH, *([flood] * 11)))
    _refused(
        path,
        "its XML has 11,534,",
        "over the 10,000,000-tag limit",
        "BETTERCARE_MAX_XML_TAGS",
        env={"BETTERCARE_MAX_RATIO": "100000"},
    )


# --------------------------------------------------------------------------- workbooks


def test_a_sheet_of_16384_columns_is_refused(tmp_path: Path) -> None:
    from openpyxl.utils import get_column_letter

    cells = b"".join(_cell(1, get_column_letter(n), "x") for n in range(1, 16_385))
    rows = [b'<row r="1">' + cells + b"</row>"]
    path = _xlsx(tmp_path / "wide.xlsx", _sheet("A1:XFD1", rows))
    _refused(path, "sheet 'Data' declares 16,384 columns", "500-column limit", "MAX_COLUMNS")


def test_a_sheet_declaring_1100000_rows_is_refused(tmp_path: Path) -> None:
    rows = [b'<row r="1">' + _cell(1, "A", "Part 2") + b"</row>"]
    path = _xlsx(tmp_path / "long.xlsx", _sheet("A1:B1100000", rows))
    _refused(
        path, "sheet 'Data' declares 1,100,000 rows", "10,000-row limit", "BETTERCARE_MAX_ROWS"
    )


def test_rows_past_the_budget_without_a_dimension_are_refused(tmp_path: Path) -> None:
    rows = (b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 12_001))
    path = _xlsx(tmp_path / "undeclared.xlsx", _sheet(None, rows))
    with pytest.raises(InputError, match="sheet 'Data' has more than 10,000 rows"):
        read_workbook_bytes(str(path), path.read_bytes())


def test_entity_expansion_in_a_workbook_is_refused(tmp_path: Path) -> None:
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>']
    path = _xlsx(tmp_path / "laughs.xlsx", _sheet("A1", rows, prolog=_BILLION_LAUGHS))
    _refused(path, "xl/worksheets/sheet1.xml holds an XML DOCTYPE")


def test_deep_nesting_in_a_workbook_is_harmless(tmp_path: Path) -> None:
    """100,000 nested elements in a cell: read in a moment, the sheet's one value kept."""
    depth = 100_000
    rows = [b'<row r="1"><c r="A1"><v>7</v>' + b"<x>" * depth + b"</x>" * depth + b"</c></row>"]
    path = _xlsx(tmp_path / "deep.xlsx", _sheet("A1", rows))
    book = read_workbook_bytes(str(path), path.read_bytes())
    assert book.sheets[0].value(1, 1).value == 7


def test_a_readable_workbook_is_read(tmp_path: Path) -> None:
    rows = [b'<row r="%d">' % n + _cell(n, "A", f"row {n}") + b"</row>" for n in (1, 2)]
    path = _xlsx(tmp_path / "plain.xlsx", _sheet("A1:A2", rows))
    book = read_workbook_bytes(str(path), path.read_bytes())
    assert [row[0].value for row in book.sheets[0].rows] == ["row 1", "row 2"]


# --------------------------------------------------------------------------------- text


def test_a_text_of_one_50_mb_line_is_refused(tmp_path: Path) -> None:
    """50,000,000 bytes on one line: under the byte budget, refused by the character one."""
    path = tmp_path / "line.txt"
    with path.open("wb") as file:
        file.write(b"Local Authority Bury Council ")
        for _ in range(50):
            file.write(b"1," * 500_000)
        file.truncate(50_000_000)
    _refused(path, "the text has 50,000,000 characters", "10,000,000-character limit")


def test_one_long_line_is_refused_by_the_line_budget(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(b"Local Authority\tBury Council\n\n" + b"1,234 " * 200_000 + b"\n")
    with pytest.raises(InputError) as error:
        read_file(path)
    assert str(error.value) == (
        f"{path}: line 3 has 1,200,000 characters, over the 20,000-character limit for one "
        "line (BETTERCARE_MAX_LINE_CHARS raises it)"
    )


def test_a_file_over_the_byte_budget_is_refused_unread(tmp_path: Path) -> None:
    for name in ("big.txt", "big.xlsx"):
        path = tmp_path / name
        with path.open("wb") as file:
            file.truncate(MAX_BYTES + 1)  # sparse: no disk used
        _refused(path, "50 MB is larger than the 50 MB limit for one file", "MAX_BYTES")
        path.unlink()


# --------------------------------------------------------------------- raising a budget


def test_the_environment_raises_and_lowers_a_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pages_pdf(tmp_path / "p.pdf", 3)
    monkeypatch.setenv("BETTERCARE_MAX_PAGES", "2")
    with pytest.raises(InputError, match="3 pages is over the 2-page limit for one plan"):
        read_file(path)
    monkeypatch.setenv("BETTERCARE_MAX_PAGES", "3")
    assert read_file(path).lines[0].text == "Local Authority Bury Council, page 1"


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_an_invalid_budget_is_one_line(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BETTERCARE_MAX_PAGES", value)
    with pytest.raises(InputError) as error:
        read_bytes("plan.txt", b"Local Authority\tBury Council", "txt")
    assert str(error.value) == f"BETTERCARE_MAX_PAGES: {value!r} is not a positive whole number"


def test_an_invalid_budget_is_one_line_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Local Authority\tBury Council\n")
    done = _cli(tmp_path, "extract", path.name, env={"BETTERCARE_MAX_BYTES": "50MB"})
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "bettercare: error: BETTERCARE_MAX_BYTES: '50MB' is not a positive whole number"
    )


def test_every_budget_has_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import fields

    from bettercare.read.budgets import env_name

    for item in fields(Budgets):
        monkeypatch.setenv(env_name(item.name), "7")
    assert all(getattr(current(), item.name) == 7 for item in fields(Budgets))


def test_the_time_budget_stops_a_slow_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTERCARE_MAX_SECONDS", "0.000001")
    text = "\n".join(f"Line {n} of a long plan" for n in range(5_000))
    with pytest.raises(
        InputError, match="reading took longer than the 1e-06-second limit for one file"
    ):
        read_bytes("plan.txt", text.encode(), "txt")
