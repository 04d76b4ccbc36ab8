import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from shapely.geometry import Point, shape
from shapely.prepared import prep

from plaidoyer.places import selectors
from plaidoyer.places.loader import load_places
from plaidoyer.places.models import Municipality, PostalCode, Province, Region

GEOJSON = (
    Path(__file__).resolve().parents[1] / "static" / "places" / "provinces.geojson"
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Region.objects.count(),
        Province.objects.count(),
        Municipality.objects.count(),
        PostalCode.objects.count(),
    )


def test_migration_loads_the_whole_territory():
    assert Municipality.objects.count() == 565
    assert Region.objects.count() == 3
    assert Province.objects.count() == 11
    brussels = Province.objects.get(nis_code="04000")
    assert brussels.region.nis_code == "04000"
    assert brussels.is_brussels
    assert Municipality.objects.filter(province=brussels).count() == 19


def test_every_municipality_has_a_point_and_a_postcode():
    assert not Municipality.objects.filter(postal_codes=None).exists()
    for m in Municipality.objects.all():
        assert 49.4 < m.latitude < 51.6
        assert 2.5 < m.longitude < 6.5


def test_postcode_serving_two_municipalities():
    found = selectors.municipalities_for_postcode("1040")
    assert sorted(m.nis_code for m in found) == ["21004", "21005"]
    assert {m.province.region.nis_code for m in found} == {"04000"}
    assert selectors.municipalities_for_postcode("0000") == []


def test_names():
    eupen = selectors.get_municipality("63023")
    assert (eupen.name_fr, eupen.name_nl, eupen.name_de, eupen.name_en) == (
        "Eupen",
        "Eupen",
        "Eupen",
        "Eupen",
    )
    amel = selectors.get_municipality("63001")
    assert (amel.name_fr, amel.name_de, amel.name_en) == ("Amblève", "Amel", "Amel")
    assert amel.sort_name == "ambleve"
    assert amel.slug == "ambleve"
    antwerp = selectors.get_municipality("11002")
    assert (antwerp.name_fr, antwerp.name_nl, antwerp.name_de) == (
        "Anvers",
        "Antwerpen",
        "Antwerpen",
    )
    liege = selectors.get_municipality("62063")
    assert (liege.name_nl, liege.name_en, liege.sort_name) == ("Luik", "Liège", "liege")
    assert selectors.get_municipality("99999") is None
    assert Province.objects.get(nis_code="10000").name_en == "Antwerp"
    assert Region.objects.get(nis_code="03000").name_en == "Walloon Region"


def test_plain_name_column_is_french():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM places_municipality WHERE name <> name_fr")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT name FROM places_province WHERE nis_code = '60000'")
        assert cursor.fetchone() == ("Province de Liège",)


def test_slugs_are_unique():
    slugs = list(Municipality.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 565
    assert all(slugs)


def test_selectors_order():
    assert [r.nis_code for r in selectors.regions()] == ["02000", "03000", "04000"]
    assert selectors.provinces()[0].nis_code == "04000"


def test_loader_is_idempotent():
    before = counts()
    load_places()
    # A second load finds nothing to change, so it only reads.
    with CaptureQueriesContext(connection) as queries:
        load_places()
    assert counts() == before == (3, 11, 565, 1152)
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_loader_repairs_and_removes_stale_rows():
    eupen = Municipality.objects.get(nis_code="63023")
    Municipality.objects.filter(pk=eupen.pk).update(latitude=0, name_de="Oops")
    PostalCode.objects.create(code="9999", municipality=eupen)
    PostalCode.objects.filter(code="4700").delete()
    load_places()
    eupen.refresh_from_db()
    assert eupen.latitude > 50
    assert eupen.name_de == "Eupen"
    assert sorted(eupen.postal_codes.values_list("code", flat=True)) == ["4700", "4701"]


def test_provinces_geojson_matches_provinces():
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    nis = sorted(f["properties"]["nis"] for f in data["features"])
    assert len(nis) == 11
    assert nis == sorted(Province.objects.values_list("nis_code", flat=True))
    for feature in data["features"]:
        assert set(feature["properties"]) == {"nis", "name_fr", "name_nl", "name_de"}
        assert shape(feature["geometry"]).is_valid


def test_every_point_lies_in_its_province_outline():
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    outlines = {
        f["properties"]["nis"]: prep(shape(f["geometry"])) for f in data["features"]
    }
    outside = [
        m.nis_code
        for m in Municipality.objects.select_related("province")
        if not outlines[m.province.nis_code].contains(Point(m.longitude, m.latitude))
    ]
    assert outside == []


@pytest.mark.django_db
def test_municipality_choices_follow_the_names_read_in_each_language():
    from django.utils import translation

    from plaidoyer.core.text import fold
    from plaidoyer.places.forms import MunicipalityChoiceField

    def labels(language):
        with translation.override(language):
            return [str(label) for _value, label in MunicipalityChoiceField().choices]

    nl, fr = labels("nl"), labels("fr")
    assert nl[0] == "---------" and len(nl) == len(fr) > 500
    assert nl.index("Ieper") < nl.index("Kortrijk")  # under I, not Y
    assert fr.index("Wavre") < fr.index("Ypres")
    folded = [fold(name) for name in fr[1:]]
    assert folded == sorted(folded)  # accents and case folded
