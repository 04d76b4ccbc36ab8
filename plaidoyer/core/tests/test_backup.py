"""`manage.py backup` and `restore` give back the same site: rows, pages, files."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _places(transactional_db):
    # A browser test run before this one may have flushed the migration's places.
    from plaidoyer.places.loader import load_places

    load_places()


def test_backup_then_restore_brings_back_the_same_pages_counts_and_files(
    client, organisation, tmp_path
):
    from plaidoyer.organisations.models import Organisation

    logo = settings.MEDIA_ROOT / "logos" / "cai.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"\x89PNG fake logo")
    count = Organisation.objects.count()
    page = client.get("/fr/organisations/").content.decode()
    assert "Centre d&#x27;Action Interculturelle" in page

    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive))
    assert archive.exists()

    # Disaster: the data and the uploads are gone.
    Organisation.objects.all().delete()
    logo.unlink()
    assert Organisation.objects.count() == 0

    call_command("restore", str(archive), "--yes")
    connection.close()
    assert Organisation.objects.count() == count
    assert logo.read_bytes() == b"\x89PNG fake logo"
    from django.core.cache import cache

    cache.clear()
    assert client.get("/fr/organisations/").content.decode() == page


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="Not a Plaidoyer backup"):
        call_command("restore", str(bogus), "--yes")
