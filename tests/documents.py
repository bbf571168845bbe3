"""Test helpers that render a plan's text as .docx and .pdf, the way plans are published."""

from __future__ import annotations

from pathlib import Path


def _groups(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """Consecutive table rows (lines with tabs) together; other lines one by one."""
    groups: list[tuple[bool, list[str]]] = []
    for line in lines:
        is_row = "\t" in line
        if is_row and groups and groups[-1][0]:
            groups[-1][1].append(line)
        else:
            groups.append((is_row, [line]))
    return groups


def write_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for is_table, lines in _groups(text.split("\n")):
        if not is_table:
            document.add_paragraph(lines[0])
            continue
        rows = [line.split("\t") for line in lines]
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, footer: bool = True) -> Path:
    """Landscape A4, 7pt Helvetica; table cells in columns; "Page N of M" footers."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    size = 7
    width, height = landscape(A4)
    left, usable = 36, width - 72
    rows: list[tuple[list[str], list[float]]] = []
    for is_table, lines in _groups(text.split("\n")):
        if not is_table:
            for part in simpleSplit(lines[0], "Helvetica", size, usable) or [""]:
                rows.append(([part], [left]))
            continue
        cells = [line.split("\t") for line in lines]
        columns = max(len(c) for c in cells)
        widths = [
            max(len(row[i]) if i < len(row) else 0 for row in cells) * size * 0.6 + 20
            for i in range(columns)
        ]
        xs = [left + sum(widths[:i]) for i in range(columns)]
        for row in cells:
            rows.append((row, xs))
    per_page = int((height - 90) // (size + 5))
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    for number, page in enumerate(pages, start=1):
        pdf.setFont("Helvetica", size)
        y = height - 50
        for row, xs in page:
            for cell, x in zip(row, xs, strict=False):
                if cell:
                    pdf.drawString(x, y, cell)
            y -= size + 5
        if footer:
            pdf.drawString(width / 2 - 20, 25, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return path
