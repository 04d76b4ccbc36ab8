"""CSV export helpers: streamed, spreadsheet-safe."""

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


def _rows(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """Yield the CSV in chunks of about 64 KB: one write per row would make a
    million-row export spend its time in the server's socket writes."""
    writer = csv.writer(_Echo())
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


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]):
    response = StreamingHttpResponse(
        _rows(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
