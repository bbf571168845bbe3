"""Excel workbooks (.xlsx) as grids of cell values, for the Part 2 reader.

Values are what Excel last calculated (formulas are not evaluated here). The zip is checked
against the budgets before openpyxl opens it, each sheet's declared size before its cells are
read, and rows are streamed (read-only mode), so a workbook of a million rows is refused in a
moment instead of hanging a reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from bettercare.errors import InputError
from bettercare.read.archive import open_archive
from bettercare.read.budgets import READ_COLUMNS, Budgets, Deadline, amount, current, over


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
        from openpyxl.utils import get_column_letter  # openpyxl loads only to read a workbook

        return f"{self.title}!{get_column_letter(column)}{row}"

    def value(self, row: int, column: int) -> Cell:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return Cell(None)


@dataclass
class Workbook:
    path: str
    sheets: list[Sheet] = field(default_factory=list)


def _check_size(path: str, worksheet: Any, budgets: Budgets) -> None:
    """Refuse a sheet whose `<dimension>` declares more rows or columns than the budgets."""
    title = str(worksheet.title)
    rows = getattr(worksheet, "max_row", None)
    columns = getattr(worksheet, "max_column", None)
    if isinstance(rows, int) and rows > budgets.max_rows:
        found = f"sheet {title!r} declares {amount(rows, 'row')},"
        raise over(path, "max_rows", found, budgets.max_rows, "for one sheet", verb="over")
    if isinstance(columns, int) and columns > budgets.max_columns:
        found = f"sheet {title!r} declares {amount(columns, 'column')},"
        raise over(path, "max_columns", found, budgets.max_columns, "for one sheet", verb="over")


def read_workbook_bytes(path: str, data: bytes, budgets: Budgets | None = None) -> Workbook:
    """Every sheet's values, or one `InputError` for a file that is not a readable workbook or
    is past a budget (zip sizes, XML tags, rows and columns of a sheet, time)."""
    budgets = budgets or current()
    deadline = Deadline(path, budgets)
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(path, "an old binary or encrypted Excel file; save it as .xlsx")
        raise InputError(path, "not an .xlsx workbook")
    from openpyxl import load_workbook  # heavy (numpy, PIL): only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        open_archive(path, data, budgets, deadline).close()
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as error:
        raise InputError(path, f"a damaged workbook ({type(error).__name__})") from error
    except OSError as error:
        raise InputError(path, f"cannot be read ({error})") from error
    workbook = Workbook(path)
    limit = budgets.max_rows
    try:
        for worksheet in book.worksheets:
            _check_size(path, worksheet, budgets)
            sheet = Sheet(str(worksheet.title))
            # At most one row past the budget is read, even when no dimension is declared.
            declared = getattr(worksheet, "max_row", None)
            last = declared if isinstance(declared, int) else limit + 1
            rows = worksheet.iter_rows(max_col=READ_COLUMNS, max_row=last)
            for number, row in enumerate(rows, start=1):
                if number > limit:
                    found = f"sheet {sheet.title!r} has more than {amount(limit, 'row')},"
                    raise over(path, "max_rows", found, limit, "for one sheet", verb="over")
                if number % 256 == 0:
                    deadline.check(f"row {number:,} of sheet {sheet.title!r}")
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
