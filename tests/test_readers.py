"""Readers: lines with positions, and one clear InputError for anything unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bettercare import InputError, read_file
from bettercare.read import read_bytes
from tests.conftest import EXAMPLES
from tests.documents import write_docx, write_pdf


def test_text_lines_keep_raw_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Title\n\tВу\tTony\nPage 2 of 9\n", encoding="utf-8")
    document = read_file(path)
    assert [line.number for line in document.lines][:3] == [1, 2, 3]
    assert document.lines[1].text == "\tBy\tTony"
    assert document.lines[1].raw == "\tВу\tTony"
    assert document.lines[2].furniture


def test_form_feeds_number_pages(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"one\ntwo\n\x0cthree\n")
    pages = [line.page for line in read_file(path).lines if line.text]
    assert pages == [1, 1, 2]


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("Minimum £7,530,000".encode("cp1252"))
    assert read_file(path).lines[0].text == "Minimum £7,530,000"


def test_docx_tables_become_tab_separated_rows(tmp_path: Path) -> None:
    path = write_docx("Heading\nLocal Authority\tRiverton Council\n\tSecond", tmp_path / "a.docx")
    texts = [line.text for line in read_file(path).lines]
    assert texts == ["Heading", "Local Authority\tRiverton Council", "\tSecond"]


def test_pdf_pages_and_cells(tmp_path: Path) -> None:
    text = (EXAMPLES / "riverton-2014-revised.txt").read_text()
    document = read_file(write_pdf(text, tmp_path / "plan.pdf"))
    assert document.kind == "pdf"
    assert {line.page for line in document.lines} >= {1, 2}
    assert any(line.text == "Local Authority\tRiverton Borough Council" for line in document.lines)


def _error(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in _error(tmp_path, "plan.txt", b"  \n ")


def test_binary_file_named_txt(tmp_path: Path) -> None:
    assert "binary" in _error(tmp_path, "plan.txt", b"\x00\x01\x02abc" * 100)


def test_text_file_named_pdf(tmp_path: Path) -> None:
    assert "not a PDF" in _error(tmp_path, "plan.pdf", b"just some text")


def test_damaged_pdf(tmp_path: Path) -> None:
    assert "PDF" in _error(tmp_path, "plan.pdf", b"%PDF-1.4\n" + b"garbage" * 50)


def test_damaged_docx(tmp_path: Path) -> None:
    assert "Word" in _error(tmp_path, "plan.docx", b"PK\x03\x04" + b"garbage" * 50)


def test_old_binary_word_file(tmp_path: Path) -> None:
    assert ".docx" in _error(tmp_path, "plan.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 600)


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(100, 700, "Better Care Fund planning template")
    pdf.save()
    with pytest.raises(InputError, match="encrypted"):
        read_file(path)


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bettercare.read as read

    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    assert "larger than" in _error(tmp_path, "plan.txt", b"a" * 2000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "absent.txt")


def test_sniffs_content_without_a_name() -> None:
    assert read_bytes("-", b"Local Authority\tX Council").kind == "txt"


def test_a_scanned_page_says_it_was_not_read(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from bettercare.extract import extract_file

    scan = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(scan)
    path = tmp_path / "plan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 760, "Better Care Fund planning template - Part 1")
    pdf.drawString(72, 740, "Local Authority        Bury Council")
    pdf.showPage()
    pdf.drawImage(str(scan), 72, 500, width=400, height=200)  # page 2: an image only
    pdf.showPage()
    pdf.save()
    assert read_file(path).pages_without_text == [2]
    plan = extract_file(path)
    assert [w.message for w in plan.warnings if w.code == "page-without-text"] == [
        "page 2 is an image with no text layer (scanned): run OCR to read it"
    ]
    assert plan.local_authorities == ["Bury Council"]


def test_word_content_controls_and_nested_tables_are_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Better Care Fund planning template – Part 1")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Local Authority"
    table.cell(0, 1).text = "Bury Council"
    table.cell(1, 0).text = "Clinical Commissioning Groups"
    inner = table.cell(1, 1).add_table(rows=2, cols=1)  # a table nested in the cell
    inner.cell(0, 0).text = "NHS Bury CCG"
    inner.cell(1, 0).text = "NHS Bolton CCG"
    table.cell(2, 0).text = "Date submitted:"
    table.cell(2, 1).text = "19/09/2014"
    # Word templates wrap rows in content controls: <w:sdt><w:sdtContent><w:tr>…
    row = table.rows[2]._tr
    sdt = etree.SubElement(row.getparent(), qn("w:sdt"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    row.addprevious(sdt)
    content.append(row)
    path = tmp_path / "plan.docx"
    document.save(str(path))

    lines = [line.text for line in read_file(path).lines if line.text]
    assert "Clinical Commissioning Groups\tNHS Bury CCG; NHS Bolton CCG" in lines
    assert "Date submitted:\t19/09/2014" in lines
    from bettercare.extract import extract_file

    plan = extract_file(path)
    assert plan.ccgs == ["NHS Bury CCG", "NHS Bolton CCG"]
    assert str(plan.date_submitted) == "2014-09-19"
