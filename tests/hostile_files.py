"""Hostile files the tests and `bench/hostile.py` both make."""

from __future__ import annotations

from pathlib import Path


def pages_pdf(path: Path, pages: int) -> Path:
    """A PDF of short pages, one line on each (2,000 of them is a board pack too many)."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for page in range(1, pages + 1):
        pdf.drawString(72, 700, f"Local Authority Bury Council, page {page}")
        pdf.showPage()
    pdf.save()
    return path
