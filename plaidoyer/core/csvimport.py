"""Read spreadsheets people really export: Excel's Belgian CSV dialects included."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


class ImportRejected(Exception):
    """Raised with every bad row; nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else Windows-1252 (Excel on Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(
    data: bytes, *, required: list[str], known: list[str]
) -> list[tuple[int, dict]]:
    """Return (line number, row) pairs; raise ImportRejected on a bad file or header.

    The separator (comma, semicolon, tab) is taken from the header line.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected([RowError(1, "", _("The file is larger than 10 MB."))])
    if b"\x00" in data[:4096]:
        raise ImportRejected([RowError(1, "", _("This is not a CSV text file."))])
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
    except csv.Error as exc:
        raise ImportRejected([RowError(1, "", str(exc))]) from None
    errors = [
        RowError(1, name, _("This column is required but missing."))
        for name in required
        if name not in header
    ]
    errors += [
        RowError(1, name, _("Unknown column."))
        for name in header
        if name and name not in known
    ]
    if errors:
        raise ImportRejected(errors)
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                errors.append(
                    RowError(line, "", _("This line has more cells than the header."))
                )
                continue
            rows.append(
                (
                    line,
                    {
                        h: (record[i].strip() if i < len(record) else "")
                        for i, h in enumerate(header)
                        if h
                    },
                )
            )
            if len(rows) > MAX_IMPORT_ROWS:
                raise ImportRejected(
                    [RowError(line, "", _("Too many lines (at most 50,000)."))]
                )
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "", str(exc)))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([RowError(2, "", _("The file has no data lines."))])
    return rows


def read_spreadsheet(
    data: bytes, filename: str, *, required: list[str], known: list[str]
) -> list[tuple[int, dict]]:
    """Like read_table, but also reads the first sheet of an Excel .xlsx file."""
    if not (filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"):
        return read_table(data, required=required, known=known)
    import openpyxl

    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected([RowError(1, "", _("The file is larger than 10 MB."))])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise ImportRejected(
            [RowError(1, "", _("This Excel file cannot be read."))]
        ) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    try:
        header = [str(h or "").strip().lower() for h in next(lines)]
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
    errors = [
        RowError(1, name, _("This column is required but missing."))
        for name in required
        if name not in header
    ]
    errors += [
        RowError(1, name, _("Unknown column."))
        for name in header
        if name and name not in known
    ]
    if errors:
        raise ImportRejected(errors)
    rows = []
    for number, values in enumerate(lines, start=2):
        cells = ["" if v is None else str(v).strip() for v in values]
        if not any(cells):
            continue
        rows.append(
            (
                number,
                {
                    h: (cells[i] if i < len(cells) else "")
                    for i, h in enumerate(header)
                    if h
                },
            )
        )
        if len(rows) > MAX_IMPORT_ROWS:
            raise ImportRejected(
                [RowError(number, "", _("Too many lines (at most 50,000)."))]
            )
    if not rows:
        raise ImportRejected([RowError(2, "", _("The file has no data lines."))])
    return rows
