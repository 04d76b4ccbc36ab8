"""Read spreadsheets people really export: Excel's Belgian CSV dialects included.

Every import has one shape: ``read_table``/``read_spreadsheet`` parse the file
into rows, ``check_rows`` checks each row (a bad cell is reported on its ``Row``)
and raises every error at once, then the service writes, in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

T = TypeVar("T")

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
    _check_size(data)
    if b"\x00" in data[:4096]:
        raise ImportRejected([RowError(1, "", _("This is not a CSV text file."))])
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader), required=required, known=known)
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
    except csv.Error as exc:
        raise ImportRejected([RowError(1, "", str(exc))]) from None
    errors: list[RowError] = []
    return _rows(header, _csv_lines(reader, len(header), errors), errors)


def read_spreadsheet(
    data: bytes, filename: str, *, required: list[str], known: list[str]
) -> list[tuple[int, dict]]:
    """Like read_table, but also reads the first sheet of an Excel .xlsx file."""
    if not (filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"):
        return read_table(data, required=required, known=known)
    import openpyxl

    _check_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise ImportRejected(
            [RowError(1, "", _("This Excel file cannot be read."))]
        ) from None
    lines = book.worksheets[0].iter_rows(values_only=True)
    try:
        first = next(lines)
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
    header = _header([str(h or "") for h in first], required=required, known=known)
    cells = (
        (number, ["" if v is None else str(v).strip() for v in values])
        for number, values in enumerate(lines, start=2)
    )
    return _rows(header, cells, [])


def _check_size(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRejected([RowError(1, "", _("The file is larger than 10 MB."))])


def _header(cells: list[str], *, required: list[str], known: list[str]) -> list[str]:
    """Return the column names (trimmed, lower case); raise on a missing or unknown one."""
    header = [cell.strip().lower() for cell in cells]
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
    return header


def _csv_lines(reader, width: int, errors: list[RowError]) -> Iterator:
    """Yield (line number, trimmed cells); a line wider than the header is an error."""
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if any(cells) and len(cells) > width:
                errors.append(
                    RowError(
                        reader.line_num,
                        "",
                        _("This line has more cells than the header."),
                    )
                )
                continue
            yield reader.line_num, cells
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "", str(exc)))


def _rows(
    header: list[str], lines: Iterable[tuple[int, list[str]]], errors: list[RowError]
) -> list[tuple[int, dict]]:
    """Pair every non-empty line's cells with the header's column names."""
    rows = []
    for line, cells in lines:
        if not any(cells):
            continue
        rows.append(
            (
                line,
                {
                    h: (cells[i] if i < len(cells) else "")
                    for i, h in enumerate(header)
                    if h
                },
            )
        )
        if len(rows) > MAX_IMPORT_ROWS:
            raise ImportRejected(
                [RowError(line, "", _("Too many lines (at most 50,000)."))]
            )
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([RowError(2, "", _("The file has no data lines."))])
    return rows


@dataclass(frozen=True)
class Row:
    """One data line of an imported file: its cells, and where its errors go."""

    line: int
    cells: dict[str, str]
    errors: list[RowError]

    def __getitem__(self, column: str) -> str:
        """Return the cell of ``column``, empty when the file has no such column."""
        return self.cells.get(column, "")

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def check_length(self, column: str, model: type[Model], name: str = "") -> None:
        """Report a cell longer than the model field it fills (``name``, else
        ``column``) can hold."""
        limit = getattr(model._meta.get_field(name or column), "max_length", None)
        if limit is not None and len(self[column]) > limit:
            self.error(column, _("At most %(max)d characters.") % {"max": limit})

    def pick(self, column: str, known: dict[str, T], message: str) -> list[T]:
        """Return the known objects a ``|``-separated cell names; report the others.

        ``message`` has a ``%(value)s`` for the unknown value.
        """
        picked = []
        for value in split_cell(self[column]):
            if value in known:
                picked.append(known[value])
            else:
                self.error(column, message % {"value": value})
        return picked


def split_cell(cell: str) -> list[str]:
    """Return the values of a multi-valued cell, separated by ``|``."""
    return [v.strip() for v in cell.split("|") if v.strip()]


def check_rows(table: list[tuple[int, dict]], check: Callable[[Row], T]) -> list[T]:
    """Return ``check(row)`` for every row of ``table``.

    ``check`` reports a bad cell with ``row.error()``; when any row has one, every
    error is raised at once (ImportRejected) and the caller writes nothing.
    """
    errors: list[RowError] = []
    checked = [check(Row(line, cells, errors)) for line, cells in table]
    if errors:
        raise ImportRejected(errors)
    return checked
