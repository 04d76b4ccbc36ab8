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


def test_bad_rows_get_the_same_messages_in_file_order(coordinator, theme):
    from django.utils import translation

    data = (
        "slug;name_fr;kind;themes;languages;municipality;website;email;founded_year;"
        "networks\n"
        "Bad Slug;" + "N" * 201 + ";nope;logement|ghost;xx;Atlantis;ftp://x;no;12;"
        "bad-slug|missing\n"
        "ok;Ok;association;;;;;;2200;ok\n"
        "ok;Ok again;association;;;;;;;\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportRejected) as excinfo:
        import_organisations(by=coordinator, data=data)
    assert [(e.line, e.column, e.message) for e in excinfo.value.errors] == [
        (2, "name_fr", "At most 200 characters."),
        (
            2,
            "kind",
            "Unknown kind “nope”; use one of: association, collective, foundation, "
            "municipality, network, other, public_body, school, trade_union, "
            "university.",
        ),
        (2, "slug", "A slug has only lower-case letters, digits and hyphens."),
        (2, "themes", "Unknown theme “ghost”."),
        (2, "languages", "Unknown language “xx”."),
        (2, "municipality", "Unknown municipality “Atlantis”."),
        (2, "website", "Enter a web address starting with http:// or https://."),
        (2, "email", "Enter a valid email address."),
        (2, "founded_year", "Enter a year between 1800 and 2100."),
        (2, "networks", "Unknown network “bad-slug”."),
        (2, "networks", "Unknown network “missing”."),
        (3, "founded_year", "Enter a year between 1800 and 2100."),
        (3, "networks", "An organisation cannot be a member of itself."),
        (4, "slug", "This organisation appears twice in the file."),
    ]
    assert not Organisation.objects.exists()


def test_what_the_model_refuses_is_reported_and_nothing_is_written(coordinator):
    from django.utils import translation

    data = (
        "name_fr;kind;acronym\nFirst;association;OK\nSecond;association;"
        + "A" * 31
        + "\n"
    ).encode()
    with translation.override("en"), pytest.raises(ImportRejected) as excinfo:
        import_organisations(by=coordinator, data=data)
    assert [(e.line, e.column) for e in excinfo.value.errors] == [(3, "acronym")]
    assert not Organisation.objects.exists()
