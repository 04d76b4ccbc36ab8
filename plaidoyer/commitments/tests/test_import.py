import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from plaidoyer.commitments.models import MemorandumItem, Recommendation
from plaidoyer.commitments.services import import_memorandum
from plaidoyer.core.csvimport import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = "code;sector;title_fr;title_nl;levels;priority\n"


def test_semicolon_csv_with_bom_upserts_by_code(barometer, coordinator):
    data = (
        "\ufeff"
        + HEADER
        + "EMP-01;emploi;Tests de situation partout;Praktijktests overal;federal;high\n"
        + "EMP-03;EMP;Reconnaître les diplômes;Diploma's erkennen;federal|communes;\n"
    )
    saved = import_memorandum(
        by=coordinator,
        memorandum=barometer["memorandum"],
        data=data.encode("utf-8"),
        filename="memo.csv",
    )
    assert [r.code for r in saved] == ["EMP-01", "EMP-03"]
    emp3 = Recommendation.objects.get(code="EMP-03")
    assert emp3.title_nl == "Diploma's erkennen"
    assert set(emp3.levels.values_list("slug", flat=True)) == {"federal", "communes"}
    assert (
        Recommendation.objects.get(code="EMP-01").title_fr
        == "Tests de situation partout"
    )
    assert Recommendation.objects.filter(code="EMP-01").count() == 1
    assert (
        MemorandumItem.objects.filter(memorandum=barometer["memorandum"]).count() == 4
    )


def test_windows_1252_export_from_excel(barometer, coordinator):
    data = HEADER + "LOG-02;logement;Logements accessibles à tous;;communes;low\n"
    import_memorandum(
        by=coordinator,
        memorandum=barometer["memorandum"],
        data=data.encode("cp1252"),
        filename="memo.csv",
    )
    assert (
        Recommendation.objects.get(code="LOG-02").title_fr
        == "Logements accessibles à tous"
    )


def test_xlsx(barometer, coordinator):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "sector", "title_fr", "levels"])
    sheet.append(["LOG-03", "logement", "Loyers encadrés", "communes"])
    buffer = io.BytesIO()
    book.save(buffer)
    import_memorandum(
        by=coordinator,
        memorandum=barometer["memorandum"],
        data=buffer.getvalue(),
        filename="memo.xlsx",
    )
    assert Recommendation.objects.get(code="LOG-03").sector.slug == "logement"


def test_every_bad_cell_is_reported_with_line_and_column_and_nothing_written(
    barometer, coordinator
):
    data = (
        HEADER
        + "EMP-09;emploi;Bonne ligne;;federal;high\n"
        + "emp 9;nowhere;;;galaxy;urgent\n"
        + "EMP-09;emploi;Doublon;;;\n"
    )
    with pytest.raises(ImportRejected) as excinfo:
        import_memorandum(
            by=coordinator,
            memorandum=barometer["memorandum"],
            data=data.encode(),
            filename="memo.csv",
        )
    found = {(e.line, e.column) for e in excinfo.value.errors}
    assert {
        (3, "code"),
        (3, "sector"),
        (3, "title_fr"),
        (3, "levels"),
        (3, "priority"),
        (4, "code"),
    } <= found
    assert not Recommendation.objects.filter(code="EMP-09").exists()


@pytest.mark.parametrize(
    "data,filename",
    [
        (b"", "memo.csv"),
        (b"code;title_fr\nEMP-01;x\n", "memo.csv"),
        (b"PK\x03\x04garbage", "memo.xlsx"),
        (b"code;sector;title_fr;colour\nEMP-01;emploi;x;red\n", "memo.csv"),
    ],
)
def test_malformed_files_are_rejected(barometer, coordinator, data, filename):
    count = Recommendation.objects.count()
    with pytest.raises(ImportRejected):
        import_memorandum(
            by=coordinator,
            memorandum=barometer["memorandum"],
            data=data,
            filename=filename,
        )
    assert Recommendation.objects.count() == count


def test_only_coordinators_import(barometer, staff_user):
    with pytest.raises(PermissionDenied):
        import_memorandum(
            by=staff_user,
            memorandum=barometer["memorandum"],
            data=HEADER.encode(),
            filename="memo.csv",
        )


def test_admin_import_page(client, barometer, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    url = f"/admin/commitments/memorandum/{barometer['memorandum'].pk}/import/"
    upload = SimpleUploadedFile("memo.csv", (HEADER + "bad;;;;;\n").encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert (
        "Line 2" in response.content.decode() or "Ligne 2" in response.content.decode()
    )


def test_bad_cells_get_the_same_messages_in_file_order(barometer, coordinator):
    from django.utils import translation

    data = (
        "code;sector;title_fr;title_nl;levels;priority;position\n"
        "emp 9;nowhere;;" + "T" * 301 + ";federal|galaxy;urgent;x\n"
        "EMP-09;emploi;Bonne ligne;;;;\n"
        "EMP-09;EMP;Doublon;;;;\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportRejected) as excinfo:
        import_memorandum(
            by=coordinator,
            memorandum=barometer["memorandum"],
            data=data,
            filename="memo.csv",
        )
    assert [(e.line, e.column, e.message) for e in excinfo.value.errors] == [
        (2, "code", "“EMP 9” is not a valid code (e.g. EMP-03)."),
        (2, "sector", "Unknown sector “nowhere”."),
        (2, "title_fr", "A French title is required."),
        (2, "title_nl", "At most 300 characters."),
        (2, "priority", "Use high, medium or low."),
        (2, "levels", "Unknown level “galaxy”."),
        (2, "position", "Enter a whole number."),
        (4, "code", "This code appears twice in the file."),
    ]
    assert not Recommendation.objects.filter(code="EMP-09").exists()


def test_reimport_into_a_draft_keeps_wording_but_updates_the_item(
    barometer, coordinator
):
    memorandum = barometer["memorandum"]
    import_memorandum(
        by=coordinator,
        memorandum=memorandum,
        data=(HEADER + "LOG-07;logement;Premier titre;;;low\n").encode(),
        filename="memo.csv",
    )
    memorandum.state = memorandum.State.DRAFT
    memorandum.save()
    import_memorandum(
        by=coordinator,
        memorandum=memorandum,
        data=(HEADER + "LOG-07;EMP;Second titre;;communes;high\n").encode(),
        filename="memo.csv",
    )
    recommendation = Recommendation.objects.get(code="LOG-07")
    assert recommendation.title_fr == "Premier titre"
    assert recommendation.priority == "high"
    assert recommendation.sector.code == "EMP"
    assert [lv.slug for lv in recommendation.levels.all()] == ["communes"]
    item = MemorandumItem.objects.get(
        memorandum=memorandum, recommendation__code="LOG-07"
    )
    assert item.title_fr == "Second titre"
