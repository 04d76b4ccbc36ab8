"""CSV exports: the plain dialect and Belgian Excel's (semicolon, BOM)."""

from django.test import RequestFactory

from plaidoyer.core.csvutils import csv_response

ROWS = [["Liège", "1,5"], ["=cmd", "2"]]


def _text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_plain_dialect_uses_commas_with_a_bom():
    request = RequestFactory().get("/x.csv")
    text = _text(csv_response("x.csv", ["name", "n"], ROWS, request=request))
    assert text.startswith("\ufeffname,n\r\n")
    assert 'Liège,"1,5"' in text
    assert "'=cmd" in text


def test_belgian_excel_dialect_uses_semicolons_with_a_bom():
    request = RequestFactory().get("/x.csv", {"dialect": "excel-be"})
    text = _text(csv_response("x.csv", ["name", "n"], ROWS, request=request))
    assert text.startswith("\ufeffname;n\r\n")
    assert "Liège;1,5\r\n" in text


def test_unknown_dialect_falls_back_to_the_plain_one():
    request = RequestFactory().get("/x.csv", {"dialect": "<script>"})
    text = _text(csv_response("x.csv", ["a", "b"], [[1, 2]], request=request))
    assert text == "\ufeffa,b\r\n1,2\r\n"
