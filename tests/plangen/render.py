"""A layout's document as .txt/.md, .docx (real Word tables) or .pdf (drawn tables, or text
placed at positions the way `pdftotext -layout` columns come out).

A document is a list of blocks: `Para` (a paragraph), `Table` (rows of cells, with merged
ranges), `Positioned` (lines of text at character columns) and `PageBreak` (with the running
header and footer a real page would carry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Para:
    text: str
    heading: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    # (first row, first column, last row, last column) of each merged range; the text of a
    # merged range is in its first cell, the others are "".
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: list[float] | None = None  # relative column widths for PDF


@dataclass
class Positioned:
    lines: list[list[tuple[int, str]]]  # each line: (character column, text) segments


@dataclass
class PageBreak:
    header: str | None = None
    footer: str | None = None


Block = Para | Table | Positioned | PageBreak


def positioned_text(block: Positioned) -> list[str]:
    out = []
    for segments in block.lines:
        line = ""
        for column, text in sorted(segments):
            if len(line) >= column and line:
                line += "  "
            line = line.ljust(column) + text
        out.append(line.rstrip())
    return out


def doc_text(doc: list[Block], sep: str = "\t") -> str:
    """Plain text of a document: table cells joined by `sep`, page breaks as furniture."""
    lines: list[str] = []
    for block in doc:
        if isinstance(block, Para):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                parts = [cell.split("\n") for cell in row]
                for k in range(max(len(p) for p in parts)):
                    cells = [p[k] if k < len(p) else "" for p in parts]
                    while cells and not cells[-1]:
                        cells.pop()
                    line = sep.join(cells)
                    if sep != "\t":
                        while line.startswith(sep):
                            line = line[len(sep) :]
                    lines.append(line)
        elif isinstance(block, Positioned):
            lines.extend(positioned_text(block))
        else:
            lines.extend(line for line in (block.footer, "\f", block.header) if line)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- docx


def write_docx(doc: list[Block], path: Path) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for block in doc:
        if isinstance(block, Para):
            if block.heading:
                document.add_heading(block.text, level=2)
            else:
                document.add_paragraph(block.text)
        elif isinstance(block, Table):
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    if not text:
                        continue
                    cell = table.cell(r, c)
                    parts = text.split("\n")
                    cell.paragraphs[0].text = parts[0]
                    for part in parts[1:]:
                        cell.add_paragraph(part)
            for r1, c1, r2, c2 in block.merges:
                table.cell(r1, c1).merge(table.cell(r2, c2))
            document.add_paragraph("")
        elif isinstance(block, Positioned):
            for line in positioned_text(block):
                run = document.add_paragraph().add_run(line)
                run.font.name = "Courier New"
                run.font.size = Pt(8)
        else:
            if block.footer:
                document.add_paragraph(block.footer)
            document.add_page_break()
            if block.header:
                document.add_paragraph(block.header)
    document.save(str(path))
    return path


# -------------------------------------------------------------------- pdf


def write_pdf(doc: list[Block], path: Path, footer: str | None = None) -> Path:
    """A4 with drawn tables (grid lines, spans), positioned text in Courier, and a running
    footer "Page N" on every page."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak as RLPageBreak
    from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=11, leading=14)
    cell_style = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5)
    mono = ParagraphStyle("mono", fontName="Courier", fontSize=7.5, leading=9.5)
    width = A4[0] - 72

    def on_page(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(A4[0] / 2, 22, f"Page {document.page}")
        if footer:
            canvas.drawString(36, 34, footer)

    story: list[object] = []
    for block in doc:
        if isinstance(block, Para):
            text = escape(block.text) or "&nbsp;"
            story.append(Paragraph(text, heading if block.heading else body))
            story.append(Spacer(1, 3))
        elif isinstance(block, Table):
            columns = max(len(row) for row in block.rows)
            rows = [
                [Paragraph(escape(c).replace("\n", "<br/>"), cell_style) for c in row]
                + [Paragraph("", cell_style)] * (columns - len(row))
                for row in block.rows
            ]
            relative = block.widths or [1.0] * columns
            widths = [width * w / sum(relative) for w in relative]
            table = RLTable(rows, colWidths=widths)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            style += [("SPAN", (c1, r1), (c2, r2)) for r1, c1, r2, c2 in block.merges]
            table.setStyle(TableStyle(style))
            story.append(table)
            story.append(Spacer(1, 8))
        elif isinstance(block, Positioned):
            story.append(Preformatted("\n".join(positioned_text(block)), mono))
        else:
            if block.footer:
                story.append(Paragraph(escape(block.footer), body))
            story.append(RLPageBreak())
            if block.header:
                story.append(Paragraph(escape(block.header), body))
    pdf = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=36, rightMargin=36, topMargin=40, bottomMargin=48
    )
    pdf.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path


def write(rendered: object, fmt: str, directory: Path, stem: str = "plan") -> Path:
    """Write a `Rendered` layout in one format ("txt", "md", "docx" or "pdf")."""
    from tests.plangen.layouts import Rendered

    assert isinstance(rendered, Rendered)
    path = directory / f"{stem}.{fmt}"
    if fmt in ("txt", "md"):
        path.write_text(rendered.text, encoding="utf-8")
    elif fmt == "docx":
        assert rendered.doc is not None
        write_docx(rendered.doc, path)
    elif fmt == "pdf":
        assert rendered.doc is not None
        write_pdf(rendered.doc, path, rendered.running_footer)
    else:
        raise ValueError(fmt)
    return path
