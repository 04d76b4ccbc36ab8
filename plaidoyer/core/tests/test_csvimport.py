"""CSV and Excel files read the same way: one header check, one way to pair rows."""

import io

import openpyxl
import pytest
from django.utils import translation

from plaidoyer.core import csvimport
from plaidoyer.core.csvimport import ImportRejected, read_spreadsheet

KNOWN = ["code", "title", "note"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _xlsx(lines: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(lines: list[list]) -> bytes:
    return "\n".join(";".join(str(c) for c in line) for line in lines).encode()


def _read(make, lines, required=("code",)):
    data = make(lines)
    name = "file.xlsx" if make is _xlsx else "file.csv"
    return read_spreadsheet(data, name, required=list(required), known=KNOWN)


def _errors(make, lines, required=("code",)):
    with pytest.raises(ImportRejected) as caught:
        _read(make, lines, required)
    return [(e.line, e.column, e.message) for e in caught.value.errors]


@pytest.fixture(params=[_csv, _xlsx], ids=["csv", "xlsx"])
def make(request):
    return request.param


def test_both_formats_give_the_same_rows(make):
    rows = _read(make, [[" Code ", "TITLE"], ["A-1", " Un "], ["", ""], ["B-2"]])
    assert rows == [
        (2, {"code": "A-1", "title": "Un"}),
        (4, {"code": "B-2", "title": ""}),
    ]


def test_both_formats_report_missing_and_unknown_columns_together(make):
    assert _errors(make, [["title", "colour"], ["x", "red"]], ["code", "title"]) == [
        (1, "code", "This column is required but missing."),
        (1, "colour", "Unknown column."),
    ]


def test_both_formats_refuse_a_file_without_data_lines(make):
    assert _errors(make, [["code"]]) == [(2, "", "The file has no data lines.")]


def test_both_formats_cap_the_number_of_lines(make, monkeypatch):
    monkeypatch.setattr(csvimport, "MAX_IMPORT_ROWS", 2)
    lines = [["code"], ["a"], ["b"], ["c"], ["d"]]
    assert _errors(make, lines) == [(4, "", "Too many lines (at most 50,000).")]


def test_both_formats_cap_the_size(make, monkeypatch):
    monkeypatch.setattr(csvimport, "MAX_IMPORT_BYTES", 10)
    lines = [["code"], ["a" * 20]]
    assert _errors(make, lines) == [(1, "", "The file is larger than 10 MB.")]


def test_a_csv_line_wider_than_its_header_is_reported_with_the_others():
    errors = _errors(_csv, [["code", "title"], ["a", "b", "c"], ["d", "e", "f"]])
    assert errors == [
        (2, "", "This line has more cells than the header."),
        (3, "", "This line has more cells than the header."),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty."),
        (b"code\x00\n", "This is not a CSV text file."),
    ],
)
def test_unreadable_csv_files_say_why(data, message):
    with pytest.raises(ImportRejected) as caught:
        csvimport.read_table(data, required=["code"], known=KNOWN)
    assert [e.message for e in caught.value.errors] == [message]


def test_check_rows_returns_each_rows_result_when_all_are_good():
    table = [(2, {"code": "a"}), (3, {"code": "b"})]
    assert csvimport.check_rows(table, lambda row: (row.line, row["code"])) == [
        (2, "a"),
        (3, "b"),
    ]


def test_check_rows_raises_every_rows_errors_at_once():
    from plaidoyer.places.models import PostalCode

    def check(row):
        row.check_length("code", PostalCode)  # at most 4 characters
        return row.pick("tags", {"x": 1, "y": 2}, "Unknown tag %(value)s.")

    table = [(2, {"code": "abcde", "tags": "x| z |y"}), (5, {"code": "1000"})]
    with pytest.raises(ImportRejected) as caught:
        csvimport.check_rows(table, check)
    assert [(e.line, e.column, e.message) for e in caught.value.errors] == [
        (2, "code", "At most 4 characters."),
        (2, "tags", "Unknown tag z."),
    ]
    assert csvimport.check_rows([(2, {"tags": "y|x||"})], check) == [[2, 1]]


def test_split_cell_drops_blanks_and_spaces():
    assert csvimport.split_cell(" a | |b|") == ["a", "b"]
    assert csvimport.split_cell("") == []
