"""Excel workbooks (.xlsx) as grids of cell values, for the Part 2 reader.

Values are what Excel last calculated (formulas are not evaluated here). Each sheet is capped,
so a workbook with a million formatted rows cannot hang a reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bettercare.errors import InputError

MAX_ROWS = 5_000
MAX_COLUMNS = 60


@dataclass(frozen=True)
class Cell:
    value: Any
    percent: bool = False  # formatted as a percentage: 0.035 shows as 3.5%


@dataclass
class Sheet:
    title: str
    rows: list[list[Cell]] = field(default_factory=list)

    def address(self, row: int, column: int) -> str:
        """'3. HWB Expenditure Plan!H7' for 1-based row and column."""
        return f"{self.title}!{get_column_letter(column)}{row}"

    def value(self, row: int, column: int) -> Cell:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return Cell(None)


@dataclass
class Workbook:
    path: str
    sheets: list[Sheet] = field(default_factory=list)


def read_workbook_bytes(path: str, data: bytes) -> Workbook:
    """Every sheet's values, or one `InputError` for a file that is not a readable workbook."""
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(path, "an old binary or encrypted Excel file; save it as .xlsx")
        raise InputError(path, "not an .xlsx workbook")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as error:
        raise InputError(path, f"a damaged workbook ({type(error).__name__})") from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error})") from error
    workbook = Workbook(path)
    try:
        for worksheet in book.worksheets:
            sheet = Sheet(str(worksheet.title))
            for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS)):
                if number >= MAX_ROWS:
                    break
                sheet.rows.append(
                    [
                        Cell(getattr(c, "value", None), "%" in str(getattr(c, "number_format", "")))
                        for c in row
                    ]
                )
            workbook.sheets.append(sheet)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as error:
        raise InputError(path, f"a damaged workbook ({type(error).__name__})") from error
    finally:
        book.close()
    return workbook
