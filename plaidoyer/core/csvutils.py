"""CSV export helpers: streamed, spreadsheet-safe.

Every CSV export offers two dialects: the plain one (comma) and, with
``?dialect=excel-be``, Belgian Excel's (semicolon, since a comma is the decimal
separator there). Both start with a UTF-8 BOM, which Excel needs to read accents.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# Cells starting with these are run as formulas by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value) -> str:
    """Return ``value`` as text that a spreadsheet shows but never evaluates."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


CHUNK_CHARS = 64 * 1024


# The dialects a visitor may ask for, by the name in ``?dialect=``.
DIALECTS = {"excel": ",", "excel-be": ";"}
BELGIAN_EXCEL = "excel-be"


def dialect_of(request) -> str:
    """The dialect ``request`` asks for (``?dialect=``); the plain one otherwise."""
    asked = request.GET.get("dialect", "") if request is not None else ""
    return asked if asked in DIALECTS else "excel"


def _rows(
    header: list[str], rows: Iterable[Iterable], delimiter: str = ","
) -> Iterator[str]:
    """Yield the CSV in chunks of about 64 KB: one write per row would make a
    million-row export spend its time in the server's socket writes."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    buffer = ["\ufeff", writer.writerow(header)]  # the BOM lets Excel detect UTF-8
    size = 0
    for row in rows:
        line = writer.writerow([safe_cell(v) for v in row])
        buffer.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable], *, request=None
):
    """Stream ``rows`` as a CSV download, in the dialect ``request`` asks for."""
    delimiter = DIALECTS[dialect_of(request)]
    response = StreamingHttpResponse(
        _rows(header, rows, delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
