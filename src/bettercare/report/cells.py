"""Document text made safe for a spreadsheet cell: the one place every CSV and XLSX writer
neutralises it.

Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be taken by
Excel, LibreOffice or Google Sheets for a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``).
As OWASP advises for CSV injection, such text gets a single quote in front, so it shows as the
text it is; the CSV writer also quotes every text field. Numbers are never touched: a number
written as a number is never a formula.
"""

from __future__ import annotations

import re
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters an .xlsx cell cannot hold (XML 1.0 forbids them; openpyxl refuses them).
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | float | date | datetime | None


def safe_text(value: str) -> str:
    """`value`, with a single quote in front when a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: object) -> Cell:
    """A value for a CSV or XLSX cell: numbers and dates as they are, any other value as safe
    text (characters an .xlsx cannot hold dropped). Booleans are written as text."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, date | datetime):
        return value
    return safe_text(_ILLEGAL_IN_XLSX.sub("", str(value)))
