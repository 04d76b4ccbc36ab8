import pytest
from django.core.exceptions import PermissionDenied

from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.organisations.models import Membership, Organisation
from plaidoyer.organisations.services import import_organisations

pytestmark = pytest.mark.django_db

GOOD = (
    "slug;name_fr;name_nl;kind;themes;municipality;website;founded_year;networks\n"
    "reseau-x;Réseau X;Netwerk X;network;logement;Namur;https://x.be;2010;\n"
    "asbl-y;ASBL Y;;association;logement;62063;;1999;reseau-x\n"
)


def test_good_file_creates_organisations_and_memberships(coordinator, theme):
    saved = import_organisations(by=coordinator, data=GOOD.encode("utf-8"))
    assert {o.slug for o in saved} == {"reseau-x", "asbl-y"}
    y = Organisation.objects.get(slug="asbl-y")
    assert y.municipality.nis_code == "62063"
    assert list(y.themes.values_list("slug", flat=True)) == ["logement"]
    assert Membership.objects.get(member=y).network.slug == "reseau-x"


def test_reimport_updates_instead_of_duplicating(coordinator, theme):
    import_organisations(by=coordinator, data=GOOD.encode())
    import_organisations(
        by=coordinator, data=GOOD.replace("ASBL Y", "ASBL Why").encode()
    )
    assert Organisation.objects.count() == 2
    assert Organisation.objects.get(slug="asbl-y").name_fr == "ASBL Why"
    assert Membership.objects.count() == 1


def test_windows_1252_comma_separated_file(coordinator, theme):
    data = "name_fr,kind\nAssociation Liégeoise,association\n".encode("cp1252")
    saved = import_organisations(by=coordinator, data=data)
    assert saved[0].name_fr == "Association Liégeoise"


def test_utf8_bom_is_accepted(coordinator):
    data = "\ufeffname_fr;kind\nÉcole;school\n".encode()
    assert import_organisations(by=coordinator, data=data)[0].kind == "school"


def test_every_bad_row_is_reported_and_nothing_is_written(coordinator, theme):
    data = (
        b"name_fr;kind;themes;municipality;website;email;founded_year;networks\n"
        b"Bonne asbl;association;logement;Namur;;;;\n"
        b";nope;ghost;Atlantis;ftp://x;not-an-email;12;missing\n"
    )
    with pytest.raises(ImportRejected) as excinfo:
        import_organisations(by=coordinator, data=data)
    columns = {(e.line, e.column) for e in excinfo.value.errors}
    assert columns >= {
        (3, "name_fr"),
        (3, "kind"),
        (3, "themes"),
        (3, "municipality"),
        (3, "website"),
        (3, "email"),
        (3, "founded_year"),
        (3, "networks"),
    }
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "vide"),
        (b"name_fr;kind\n", "aucune ligne"),
        (b"name;kind\nX;association\n", "manquante"),
        (b"name_fr;kind;colour\nX;association;blue\n", "inconnue"),
        (b"\x00\x01\x02PK", "pas un fichier CSV"),
    ],
)
def test_malformed_files_are_rejected_with_a_message(coordinator, data, message):
    from django.utils import translation

    with translation.override("fr"):
        with pytest.raises(ImportRejected) as excinfo:
            import_organisations(by=coordinator, data=data)
        assert message in str(excinfo.value.errors[0])
    assert not Organisation.objects.exists()


def test_duplicate_rows_in_one_file_are_rejected(coordinator):
    with pytest.raises(ImportRejected):
        import_organisations(
            by=coordinator, data=b"name_fr;kind\nSame;association\nSame;association\n"
        )
    assert not Organisation.objects.exists()


def test_only_coordinators_import(staff_user):
    with pytest.raises(PermissionDenied):
        import_organisations(by=staff_user, data=GOOD.encode())


def test_admin_import_view_reports_errors(client, coordinator):
    client.force_login(coordinator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orgs.csv", b"name_fr;kind\nX;bogus\n", "text/csv")
    response = client.post(
        "/admin/organisations/organisation/import/", {"file": upload}
    )
    assert response.status_code == 200
    assert "bogus" in response.content.decode()
    assert not Organisation.objects.exists()
    upload = SimpleUploadedFile(
        "orgs.csv", b"name_fr;kind\nX;association\n", "text/csv"
    )
    response = client.post(
        "/admin/organisations/organisation/import/", {"file": upload}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name_fr == "X"


def test_admin_import_view_is_for_coordinators_only(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/organisations/organisation/import/")
    assert response.status_code == 302  # to the admin login
